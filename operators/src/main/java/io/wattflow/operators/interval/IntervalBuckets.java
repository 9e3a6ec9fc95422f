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
 * Event-time tumbling intervals per meter, keyed by meter id. Each open interval is one map entry
 * with an event-time timer at its last millisecond; when the watermark passes it the interval is
 * emitted and its entry removed. So state holds only the intervals the out-of-orderness keeps open:
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
            acc = new IntervalAccumulator();
            ctx.timerService().registerEventTimeTimer(start + lengthMs - 1);
        }
        addTo(acc, in);
        open.put(start, acc);
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
