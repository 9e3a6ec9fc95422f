package io.wattflow.operators.gap;

import io.wattflow.record.GapRecord;
import io.wattflow.record.MeterReading;
import org.apache.flink.api.common.functions.OpenContext;
import io.wattflow.operators.SilentMeterTtl;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.Arrays;

/**
 * Emits a {@link GapRecord} for every stretch longer than {@code threshold} without readings of a
 * meter. A gap is a candidate until the watermark passes its end: a reading arriving out of order
 * inside it splits or closes it, so only real gaps are emitted, each once.
 *
 * <p>State per meter: the newest timestamp (8 bytes) and the candidate gaps, two longs each; only
 * gaps within the out-of-orderness are candidates, so in practice 0 or 1 (about 40 bytes in all).
 * The newest timestamp expires after {@code stateTtl} without readings (a meter silent for longer
 * gets no gap record when it comes back); candidates need no expiry, the timer of each removes it.
 */
public final class GapDetector extends KeyedProcessFunction<String, MeterReading, GapRecord> {
    private static final long serialVersionUID = 1L;

    private final long thresholdMs;
    private final Duration stateTtl;
    private transient ValueState<Long> newest;
    private transient ValueState<long[]> candidates;

    public GapDetector(Duration threshold, Duration stateTtl) {
        if (threshold.isZero() || threshold.isNegative()) {
            throw new IllegalArgumentException("The gap threshold must be positive, was " + threshold + ".");
        }
        this.thresholdMs = threshold.toMillis();
        this.stateTtl = stateTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        StateTtlConfig ttl = SilentMeterTtl.of(stateTtl);
        ValueStateDescriptor<Long> newestDescriptor = new ValueStateDescriptor<>("newest", Types.LONG);
        newestDescriptor.enableTimeToLive(ttl);
        ValueStateDescriptor<long[]> candidatesDescriptor =
                new ValueStateDescriptor<>("gap-candidates", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);
        newest = getRuntimeContext().getState(newestDescriptor);
        candidates = getRuntimeContext().getState(candidatesDescriptor);
    }

    @Override
    public void processElement(MeterReading r, Context ctx, Collector<GapRecord> out) throws Exception {
        long t = r.timestampMs;
        Long last = newest.value();
        if (last == null) {
            newest.update(t);
        } else if (t > last) {
            if (t - last > thresholdMs) {
                candidates.update(append(candidates.value(), last, t));
                ctx.timerService().registerEventTimeTimer(t);
            }
            newest.update(t);
        } else {
            splitCandidates(t);
        }
    }

    /** An out-of-order reading at {@code t} shortens the candidate gap it falls in, or splits it in two. */
    private void splitCandidates(long t) throws Exception {
        long[] gaps = candidates.value();
        if (gaps == null) {
            return;
        }
        long[] kept = new long[0];
        for (int i = 0; i < gaps.length; i += 2) {
            long s = gaps[i];
            long e = gaps[i + 1];
            if (t > s && t < e) {
                if (t - s > thresholdMs) {
                    kept = append(kept, s, t);
                }
                if (e - t > thresholdMs) {
                    kept = append(kept, t, e);
                }
            } else {
                kept = append(kept, s, e);
            }
        }
        candidates.update(kept.length == 0 ? null : kept);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<GapRecord> out) throws Exception {
        long[] gaps = candidates.value();
        if (gaps == null) {
            return;
        }
        long[] pending = new long[0];
        for (int i = 0; i < gaps.length; i += 2) {
            if (gaps[i + 1] <= timestamp) {
                out.collect(new GapRecord(ctx.getCurrentKey(), gaps[i], gaps[i + 1]));
            } else {
                pending = append(pending, gaps[i], gaps[i + 1]);
            }
        }
        candidates.update(pending.length == 0 ? null : pending);
    }

    private static long[] append(long[] gaps, long start, long end) {
        long[] base = gaps == null ? new long[0] : gaps;
        long[] grown = Arrays.copyOf(base, base.length + 2);
        grown[base.length] = start;
        grown[base.length + 1] = end;
        return grown;
    }
}
