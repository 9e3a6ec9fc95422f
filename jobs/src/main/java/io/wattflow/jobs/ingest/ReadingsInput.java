package io.wattflow.jobs.ingest;

import io.wattflow.ingest.DecodedRecord;
import io.wattflow.operators.ingest.DeadLetters;
import io.wattflow.operators.ingest.ParseReadings;
import io.wattflow.operators.ingest.SplitDecoded;
import io.wattflow.record.DeadLetter;
import io.wattflow.record.RawRecord;
import io.wattflow.record.SourcedReading;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;

/**
 * Where readings come from: decoded readings with event time and watermarks, and the dead letters of
 * what could not be read. Files are decoded after the source; Kafka decodes in its deserializer, so
 * that watermarks are generated per partition (a slow partition holds event time back, a silent one
 * stops doing so after the idleness).
 */
public abstract class ReadingsInput {
    /** The two streams an input yields. */
    public static final class Streams {
        public final DataStream<SourcedReading> readings;
        public final DataStream<DeadLetter> deadLetters;

        public Streams(DataStream<SourcedReading> readings, DataStream<DeadLetter> deadLetters) {
            this.readings = readings;
            this.deadLetters = deadLetters;
        }
    }

    public abstract Streams open(StreamExecutionEnvironment env, IngestSettings settings);

    static <T> WatermarkStrategy<T> watermarks(IngestSettings settings,
                                               org.apache.flink.api.common.eventtime.SerializableTimestampAssigner<T> time) {
        return WatermarkStrategy.<T>forBoundedOutOfOrderness(Duration.ofMillis(settings.validation.outOfOrdernessMs()))
                .withTimestampAssigner(time)
                .withIdleness(settings.idleness);
    }

    /** Files (or any source of raw records): decoded after the source, watermarks after decoding. */
    public static ReadingsInput ofRaw(Source<RawRecord, ?, ?> source) {
        return new ReadingsInput() {
            @Override
            public Streams open(StreamExecutionEnvironment env, IngestSettings settings) {
                SingleOutputStreamOperator<SourcedReading> parsed = env
                        .fromSource(source, WatermarkStrategy.noWatermarks(), "readings")
                        .uid("readings-source")
                        .process(new ParseReadings(settings.format, settings.validation))
                        .uid("parse-readings").name("parse and check readings");
                DataStream<SourcedReading> timed = parsed
                        .assignTimestampsAndWatermarks(watermarks(settings, (r, previous) -> r.reading.timestampMs))
                        .uid("reading-watermarks").name("event time");
                return new Streams(timed, parsed.getSideOutput(DeadLetters.TAG));
            }
        };
    }

    /** Kafka (or any source that decodes itself): watermarks per source split. */
    public static ReadingsInput ofDecoded(Source<DecodedRecord, ?, ?> source) {
        return new ReadingsInput() {
            @Override
            public Streams open(StreamExecutionEnvironment env, IngestSettings settings) {
                SingleOutputStreamOperator<SourcedReading> readings = env
                        .fromSource(source, watermarks(settings, (d, previous) -> d.eventTimeMs()), "readings")
                        .uid("readings-source-decoded")
                        .process(new SplitDecoded())
                        .uid("split-decoded").name("readings and dead letters");
                return new Streams(readings, readings.getSideOutput(DeadLetters.TAG));
            }
        };
    }
}
