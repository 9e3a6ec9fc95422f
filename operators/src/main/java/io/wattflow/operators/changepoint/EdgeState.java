package io.wattflow.operators.changepoint;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Per-meter state of {@link SteadyStateEdgeDetector}: the candidate segment being grown and the
 * last confirmed steady level. Serialized size: 4 x 8 + 4 + 2 = 38 bytes.
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

    public EdgeState() {}
}
