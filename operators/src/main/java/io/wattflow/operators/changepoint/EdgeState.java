package io.wattflow.operators.changepoint;

import javax.annotation.Nullable;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Per-meter state of {@link SteadyStateEdgeDetector}: the candidate segment being grown, the last
 * confirmed steady level and, when it judges by observations, the last two readings that said something
 * new (its median filter). Serialized size: 27-35 bytes, about
 * 40 with the observations (69-78 before December 2026).
 */
@TypeInfo(EdgeStateSerializer.Factory.class)
public class EdgeState {
    public double segmentMean;
    public int segmentCount;
    public long segmentStartMs;
    public boolean haveSteady;
    public double steadyLevel;
    /** True while the current segment is the confirmed steady one (so its growth just refines the level). */
    public boolean segmentIsSteady;
    /** True once the current segment holds two different values: a value merely repeated is one observation. */
    public boolean segmentVaried;
    /** Time of the first sample that left the last steady segment. */
    public long transitionStartMs = Long.MIN_VALUE;
    /** The median filter when the detector judges by observations; null when it judges by duration. */
    @Nullable public MedianOfObservations observations;

    public EdgeState() {}
}
