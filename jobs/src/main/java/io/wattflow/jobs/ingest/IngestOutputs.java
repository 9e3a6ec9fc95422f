package io.wattflow.jobs.ingest;

import io.wattflow.record.ApplianceRun;
import io.wattflow.record.DeadLetter;
import io.wattflow.record.LoadEvent;
import io.wattflow.record.GapRecord;
import io.wattflow.record.IntervalReading;
import io.wattflow.sink.ParquetSinks;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.core.fs.Path;

/** Where the ingest pipeline writes: one sink per output. */
public final class IngestOutputs {
    public static final String INTERVALS_1MIN = "intervals_1min";
    public static final String INTERVALS_15MIN = "intervals_15min";
    public static final String GAPS = "gaps";
    public static final String DEAD_LETTERS = "dead_letters";
    public static final String EVENTS = "events";
    public static final String APPLIANCE_RUNS = "appliance_runs";
    /** Every output, in the order summaries list them. */
    public static final java.util.List<String> ALL = java.util.List.of(INTERVALS_1MIN, INTERVALS_15MIN, GAPS, EVENTS,
            APPLIANCE_RUNS, DEAD_LETTERS);

    final Sink<IntervalReading> minuteIntervals;
    final Sink<IntervalReading> quarterHourIntervals;
    final Sink<GapRecord> gaps;
    final Sink<DeadLetter> deadLetters;
    final Sink<LoadEvent> events;
    final Sink<ApplianceRun> runs;

    public IngestOutputs(Sink<IntervalReading> minuteIntervals, Sink<IntervalReading> quarterHourIntervals,
                         Sink<GapRecord> gaps, Sink<DeadLetter> deadLetters, Sink<LoadEvent> events, Sink<ApplianceRun> runs) {
        this.minuteIntervals = minuteIntervals;
        this.quarterHourIntervals = quarterHourIntervals;
        this.gaps = gaps;
        this.deadLetters = deadLetters;
        this.events = events;
        this.runs = runs;
    }

    /** Parquet under {@code base}: one folder per output, partitioned by event date. */
    public static IngestOutputs parquet(Path base) {
        return new IngestOutputs(
                ParquetSinks.forRecords(IntervalReading.class, new Path(base, INTERVALS_1MIN), r -> r.startMs),
                ParquetSinks.forRecords(IntervalReading.class, new Path(base, INTERVALS_15MIN), r -> r.startMs),
                ParquetSinks.forRecords(GapRecord.class, new Path(base, GAPS), g -> g.startMs),
                ParquetSinks.forRecords(DeadLetter.class, new Path(base, DEAD_LETTERS), d -> d.refusedAtMs),
                ParquetSinks.forRecords(LoadEvent.class, new Path(base, EVENTS), e -> e.timestampMs),
                ParquetSinks.forRecords(ApplianceRun.class, new Path(base, APPLIANCE_RUNS), r -> r.startMs));
    }
}
