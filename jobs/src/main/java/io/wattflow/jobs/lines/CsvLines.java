package io.wattflow.jobs.lines;

import io.wattflow.operators.ingest.DeadLetters;
import io.wattflow.record.DeadLetter;
import io.wattflow.record.DeadLetterReason;
import io.wattflow.record.RawRecord;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * CSV lines (each with its file's header) to records of one kind; a line that is not one goes to the
 * dead letters with its file:line and the reason, counted by {@link DeadLetters}.
 */
public abstract class CsvLines<T> extends ProcessFunction<RawRecord, T> {
    private static final long serialVersionUID = 1L;
    protected final ZoneId naiveZone;
    private transient DeadLetters deadLetters;
    private transient CsvHeader headers;

    protected CsvLines(ZoneId naiveZone) {
        this.naiveZone = naiveZone;
    }

    @Override
    public void open(OpenContext openContext) {
        deadLetters = new DeadLetters(getRuntimeContext());
        headers = new CsvHeader();
    }

    /** The line's header columns, lower case. */
    protected List<String> header(RawRecord r) {
        return headers.columns(r.csvHeader);
    }

    protected void refuse(Context ctx, RawRecord r, DeadLetterReason reason, String detail, String meterId) {
        ctx.output(DeadLetters.TAG, deadLetters.refuse(reason, detail, r.origin, r.payload, meterId));
    }

    /** Parsed records with event time, and the lines refused. */
    public static final class Timed<T> {
        public final DataStream<T> records;
        public final DataStream<DeadLetter> deadLetters;

        private Timed(DataStream<T> records, DataStream<DeadLetter> deadLetters) {
            this.records = records;
            this.deadLetters = deadLetters;
        }
    }

    /**
     * Reads {@code what} lines from {@code source} through {@code parser}, with event time from
     * {@code timestamp} ({@code outOfOrderness} allowed) and the uids {@code <what>-source}, {@code -parse}
     * and {@code -time} every wattflow job uses for them.
     */
    public static <T> Timed<T> read(StreamExecutionEnvironment env, Source<RawRecord, ?, ?> source, String what, CsvLines<T> parser,
            Duration outOfOrderness, SerializableTimestampAssigner<T> timestamp, Duration idleness) {
        SingleOutputStreamOperator<T> parsed = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), what + " lines").uid(what + "-source")
                .process(parser).uid(what + "-parse").name("parse " + what);
        DataStream<T> timed = parsed
                .assignTimestampsAndWatermarks(WatermarkStrategy.<T>forBoundedOutOfOrderness(outOfOrderness)
                        .withTimestampAssigner(timestamp).withIdleness(idleness))
                .uid(what + "-time").name(what + " time");
        return new Timed<>(timed, parsed.getSideOutput(DeadLetters.TAG));
    }
}
