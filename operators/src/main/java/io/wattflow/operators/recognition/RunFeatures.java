package io.wattflow.operators.recognition;

import io.wattflow.record.ApplianceRun;

/**
 * A run's signature as a few numbers, each on a scale where 1 is "clearly another device": its power
 * (log, 1 = about 20 %), its duration (log, 1 = about x1.8), the ON step's reactive share and its
 * inrush over the step. A meter without reactive power or transients (1-min data) compares on the
 * numbers it has; two runs are alike when their {@link #distance} is at most 1.
 */
public final class RunFeatures {
    public static final int COUNT = 4;
    static final int POWER = 0;
    static final int DURATION = 1;
    static final int REACTIVE = 2;
    static final int INRUSH = 3;
    private static final double[] SCALE = {0.08, 0.25, 0.15, 0.5};

    private RunFeatures() {}

    /** The run's features (NaN for what it does not have); null for a run without a positive power. */
    public static float[] of(ApplianceRun run) {
        double power = Math.abs(run.meanPowerW);
        if (!(power > 0)) {
            return null;
        }
        float[] f = new float[COUNT];
        f[POWER] = (float) Math.log10(power);
        f[DURATION] = run.durationMs == null || run.durationMs <= 0 ? Float.NaN : (float) Math.log10(run.durationMs / 1000.0);
        f[REACTIVE] = run.onDeltaVar == null || run.onDeltaW <= 0 ? Float.NaN : (float) (run.onDeltaVar / run.onDeltaW);
        f[INRUSH] = run.inrushW == null || run.onDeltaW <= 0 ? Float.NaN
                : (float) Math.max(0, Math.min(5, run.inrushW / run.onDeltaW));
        return f;
    }

    /** Scaled distance over the features both have (the power always); infinite when they share none. */
    public static double distance(float[] a, int aOffset, float[] b, int bOffset) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < COUNT; i++) {
            float x = a[aOffset + i];
            float y = b[bOffset + i];
            if (Float.isNaN(x) || Float.isNaN(y)) {
                continue;
            }
            double d = (x - y) / SCALE[i];
            sum += d * d;
            n++;
        }
        return n == 0 || Float.isNaN(a[aOffset + POWER]) || Float.isNaN(b[bOffset + POWER]) ? Double.POSITIVE_INFINITY : Math.sqrt(sum / n);
    }

    public static double distance(float[] a, float[] b) {
        return distance(a, 0, b, 0);
    }
}
