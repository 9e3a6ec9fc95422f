package io.wattflow.jobs.bench;

import io.wattflow.format.ReadingFormat;
import io.wattflow.ingest.DecodedRecord;
import io.wattflow.ingest.ReadingDecoder;
import io.wattflow.ingest.ValidationConfig;
import io.wattflow.operators.changepoint.ChangeDetectors;
import io.wattflow.operators.changepoint.ChangepointPipeline;
import io.wattflow.operators.interval.IntervalAccumulator;
import io.wattflow.record.MeterReading;

import java.util.HashMap;
import java.util.Map;

/**
 * The detection path's own code in a plain loop on one thread, without Flink: decode and check,
 * duplicate/late bookkeeping, 1-min accumulation, changepoints with signatures, per meter in hash
 * maps. What a core can do at most; the Flink pipeline's rate over this is what the framework costs.
 */
public final class PlainJavaCeiling {
    private PlainJavaCeiling() {}

    /** Readings per second on this thread. */
    public static double run(int meters, long seconds) {
        ReadingDecoder decoder = new ReadingDecoder(ReadingFormat.CSV, ValidationConfig.defaults()).open();
        ChangepointPipeline<?> pipeline = ChangeDetectors.pipeline("edge", ChangeDetectors.DEFAULT_MIN_STEP_W);
        Map<String, State> byMeter = new HashMap<>();
        long sink = 0;
        long start = System.nanoTime();
        for (long s = 0; s < seconds; s++) {
            for (int m = 0; m < meters; m++) {
                DecodedRecord d = decoder.decode(SyntheticMeters.record(m, s));
                if (d.reading == null) {
                    continue;
                }
                MeterReading r = d.reading.reading;
                State st = byMeter.computeIfAbsent(r.meterId, id -> new State(pipeline.new Meter(id)));
                if (st.detector.holds(r.timestampMs)) {
                    continue; // the duplicate check of the operator (its readings are in order here)
                }
                long minute = r.timestampMs / 60_000;
                if (minute != st.minute) {
                    sink += st.interval.count;
                    st.interval = new IntervalAccumulator();
                    st.minute = minute;
                }
                st.interval.add(r.activePowerW);
                if (st.detector.add(r.timestampMs, r.activePowerW, r.reactivePowerVar) != null) {
                    sink++;
                }
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (sink == Long.MIN_VALUE) {
            System.out.println(sink); // keeps the work from being optimised away
        }
        return meters * seconds / elapsed;
    }

    private static final class State {
        final ChangepointPipeline<?>.Meter detector;
        IntervalAccumulator interval = new IntervalAccumulator();
        long minute = -1;

        State(ChangepointPipeline<?>.Meter detector) {
            this.detector = detector;
        }
    }
}
