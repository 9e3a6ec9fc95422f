package io.wattflow.operators.interval;

import io.wattflow.record.IntervalReading;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;

/**
 * Event-time tumbling intervals per meter, keyed by meter id, of an input in time order per meter.
 * Each open interval is one map entry with an event-time timer at its last millisecond; the interval
 * is emitted and its entry removed when the meter's first record of the next interval comes, or else
 * when the watermark passes that millisecond. So state holds only the intervals the out-of-orderness keeps open:
 * with 10 s out-of-orderness, at most 2 entries (8 + 32 bytes each) per meter.
 *
 * <p>Intervals with no input emit nothing; the gap records say where data is missing.
 */
public abstract class IntervalBuckets<IN> extends KeyedProcessFunction<String, IN, IntervalReading> {
    private static final long serialVersionUID = 1L;

    protected final long lengthMs;
    protected final long samplePeriodMs;
    private transient MapState<Long, IntervalAccumulator> open;

    protected IntervalBuckets(Duration length, Duration samplePeriod) {
        if (length.isZero() || length.isNegative() || samplePeriod.isZero() || samplePeriod.isNegative()) {
            throw new IllegalArgumentException("Interval length and sample period must be positive, were "
                    + length + " and " + samplePeriod + ".");
        }
        this.lengthMs = length.toMillis();
        this.samplePeriodMs = samplePeriod.toMillis();
    }

    protected abstract long timeOf(IN in);

    protected abstract void addTo(IntervalAccumulator acc, IN in);

    @Override
    public void open(OpenContext openContext) {
        open = getRuntimeContext().getMapState(new MapStateDescriptor<>("open-intervals", Types.LONG,
                TypeInformation.of(IntervalAccumulator.class)));
    }

    @Override
    public void processElement(IN in, Context ctx, Collector<IntervalReading> out) throws Exception {
        long t = timeOf(in);
        long start = t - Math.floorMod(t, lengthMs);
        IntervalAccumulator acc = open.get(start);
        if (acc == null) {
            closePrevious(start, ctx, out);
            acc = new IntervalAccumulator();
            ctx.timerService().registerEventTimeTimer(start + lengthMs - 1);
        }
        addTo(acc, in);
        open.put(start, acc);
    }

    /**
     * The input comes in time order per meter (the 1-min intervals do), so the first record of an
     * interval completes the one before it: emitted now rather than at its timer, which is deleted.
     * At the timer every meter's interval closed in the one step the watermark passed it (a whole
     * fleet's quarter hour at once, ahead of any checkpoint barrier); here each closes with its
     * meter's next record. One look-up per interval; an older interval (after a hole) keeps its timer.
     */
    private void closePrevious(long start, Context ctx, Collector<IntervalReading> out) throws Exception {
        long previous = start - lengthMs;
        IntervalAccumulator done = open.get(previous);
        if (done != null) {
            out.collect(done.toRecord(ctx.getCurrentKey(), previous, lengthMs, samplePeriodMs));
            open.remove(previous);
            ctx.timerService().deleteEventTimeTimer(start - 1);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<IntervalReading> out) throws Exception {
        long start = timestamp + 1 - lengthMs;
        IntervalAccumulator acc = open.get(start);
        if (acc != null) {
            out.collect(acc.toRecord(ctx.getCurrentKey(), start, lengthMs, samplePeriodMs));
            open.remove(start);
        }
    }
}
