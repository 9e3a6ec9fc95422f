package io.wattflow.operators.changepoint;

import javax.annotation.Nullable;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Per-meter state of {@link CusumDetector}: the current level, the two cumulative sums and, for each,
 * where it last left zero (for power: last stood at half the threshold), where a change began.
 * Serialized size: about 50 bytes, 33 more with the median filter and 41 while a change is held.
 */
@TypeInfo(CusumStateSerializer.Factory.class)
public class CusumState {
    public boolean initialised;
    public double level;
    public int levelCount;
    public double upper;
    public double lower;
    public long upperStartMs;
    public long lowerStartMs;
    public int holdOff;
    /** The median filter of the readings, for power; null when every reading is summed as it comes. */
    @Nullable public MedianOfObservations observations;
    /** A change held until it has lasted (power only); null when none. */
    @Nullable public Detection pending;
    /** The reading at which the held change was found (or last went on the same way), and its time. */
    public double pendingW;
    public long pendingMs;
    /** Observations the held change still has to last. */
    public int pendingLeft;

    public CusumState() {}
}
