package io.wattflow.operators.changepoint;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Per-meter state of {@link BocpdDetector}: the pruned run-length distribution, one slot per surviving
 * run hypothesis (its start, log posterior and Normal-Gamma parameters), at most
 * {@link BocpdDetector#maxRuns()} slots. Serialized size: 4 + 7 arrays of up to 32 values (8 bytes) +
 * 7 x 8 + 1 + 12 = at most about 1.9 KB, typically a few hundred bytes.
 */
@TypeInfo(BocpdStateSerializer.Factory.class)
public class BocpdState {
    public int size;
    public long[] start = new long[0];
    public double[] logProb = new double[0];
    public double[] mean = new double[0];
    public double[] kappa = new double[0];
    public double[] alpha = new double[0];
    public double[] beta = new double[0];
    /** log Gamma(alpha + 1/2) - log Gamma(alpha) of each slot, kept by recurrence instead of recomputed. */
    public double[] logGammaRatio = new double[0];
    public long mapStartMs = Long.MIN_VALUE;
    public long lastChangeMs = Long.MIN_VALUE;
    public long samples;
    /** Samples left before a collapse of the MAP run seen lately is reported (with its start refined). */
    public int collapseWait;
    public long collapseStartMs;
    public double collapseLevelBefore;
    public double collapseScore;
    /** The newest sample's time and the sample period seen lately (an average of the steps, NaN before the second sample). */
    public long previousMs = Long.MIN_VALUE;
    public float periodMs = Float.NaN;

    public BocpdState() {}
}
