package io.wattflow.operators.meter;

import io.wattflow.operators.interval.IntervalAccumulator;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * What {@link MeterStreamFunction} keeps about one meter besides the changepoint detector and its
 * signature ring (whose sample times, in time order, give the newest reading and most duplicates): the
 * readings accepted out of order, the candidate gaps and the open 1-min intervals. Serialized by
 * {@link MeterStreamStateSerializer}: about 55 bytes at 1 Hz with two open minutes, the most the 10 s
 * out-of-orderness leaves open in practice.
 */
@TypeInfo(MeterStreamStateSerializer.Factory.class)
public class MeterStreamState {
    /** Times of readings accepted behind the newest one, see {@link OutOfOrderTimes}; empty for a meter in order. */
    public long[] outOfOrder = new long[0];
    /** Candidate gaps as start, end pairs, until the watermark passes their end. */
    public long[] gaps = new long[0];
    /** Start of each open interval, in the order opened; {@link #open} holds their sums at the same index. */
    public long[] openStarts = new long[0];
    public IntervalAccumulator[] open = new IntervalAccumulator[0];

    public MeterStreamState() {}
}
