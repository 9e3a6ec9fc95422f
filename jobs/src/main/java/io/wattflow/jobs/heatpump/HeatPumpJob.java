package io.wattflow.jobs.heatpump;

import io.wattflow.jobs.lines.CsvLines;
import io.wattflow.record.TemperatureReading;
import io.wattflow.operators.ingest.DeadLetters;
import io.wattflow.record.DeadLetter;
import io.wattflow.record.HeatPumpDetection;
import io.wattflow.record.HeatPumpEnergy;
import io.wattflow.record.IntervalReading;
import io.wattflow.record.RawRecord;
import io.wattflow.sink.ParquetSinks;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;
import java.time.ZoneId;

/**
 * The heat-pump models for interval meters (15-min energy, as utilities export it): interval lines
 * and weather lines -> the heat-pump stage -> Parquet {@code heatpump_detections/},
 * {@code heatpump_energy/} and {@code dead_letters/} under the output folder.
 */
public final class HeatPumpJob {
    private final Source<RawRecord, ?, ?> intervals;
    private final Source<RawRecord, ?, ?> weather;
    private final HeatPumpSettings settings;
    private final Duration interval;
    private final Duration outOfOrderness;
    private final ZoneId naiveZone;

    public HeatPumpJob(Source<RawRecord, ?, ?> intervals, Source<RawRecord, ?, ?> weather, HeatPumpSettings settings,
            Duration interval, Duration outOfOrderness, ZoneId naiveZone) {
        this.intervals = intervals;
        this.weather = weather;
        this.settings = settings;
        this.interval = interval;
        this.outOfOrderness = outOfOrderness;
        this.naiveZone = naiveZone;
    }

    public HeatPumpStage build(StreamExecutionEnvironment env, Path output) {
        SingleOutputStreamOperator<IntervalReading> parsed = env
                .fromSource(intervals, WatermarkStrategy.noWatermarks(), "interval lines").uid("interval-source")
                .process(new IntervalLines(interval, naiveZone)).uid("interval-parse").name("parse intervals");
        DataStream<IntervalReading> energy = parsed.assignTimestampsAndWatermarks(
                WatermarkStrategy.<IntervalReading>forBoundedOutOfOrderness(outOfOrderness)
                        .withTimestampAssigner((r, ts) -> r.endMs).withIdleness(Duration.ofMinutes(1)))
                .uid("interval-time").name("interval time");
        CsvLines.Timed<TemperatureReading> weatherIn = WeatherLines.read(env, weather, settings.defaultRegion, naiveZone, Duration.ofMinutes(1));

        HeatPumpStage stage = HeatPumpStage.attach(energy, weatherIn.records, settings, null);
        stage.detections.sinkTo(ParquetSinks.forRecords(HeatPumpDetection.class, new Path(output, "heatpump_detections"),
                d -> d.windowEndMs)).uid("heatpump-detections-parquet").name("heatpump_detections");
        stage.energy.sinkTo(ParquetSinks.forRecords(HeatPumpEnergy.class, new Path(output, "heatpump_energy"),
                e -> e.startMs)).uid("heatpump-energy-parquet").name("heatpump_energy");
        DataStream<DeadLetter> deadLetters = parsed.getSideOutput(DeadLetters.TAG).union(weatherIn.deadLetters);
        deadLetters.sinkTo(ParquetSinks.forRecords(DeadLetter.class, new Path(output, "dead_letters"), d -> d.refusedAtMs))
                .uid("dead-letters-parquet").name("dead_letters");
        return stage;
    }
}
