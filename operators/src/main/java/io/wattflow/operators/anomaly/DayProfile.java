package io.wattflow.operators.anomaly;

import java.util.Arrays;

/** Statistics of one local day of 1-min power (low quantiles: the baseload) and of the day-level histories. */
final class DayProfile {
    /** The baseload is this quantile of the day's minutes: low enough to miss every appliance run, high enough to ignore a dip. */
    static final double BASELOAD_QUANTILE = 0.05;
    static final int NIGHT_END_MINUTE = 5 * 60;

    private DayProfile() {}

    static int present(short[] day, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (day[i] != MeterBaseline.NO_DATA) {
                n++;
            }
        }
        return n;
    }

    /** The {@code q} quantile of the present minutes in [from, to), or NaN when fewer than {@code minPresent}. */
    static double quantile(short[] day, int from, int to, double q, int minPresent) {
        short[] values = new short[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            if (day[i] != MeterBaseline.NO_DATA) {
                values[n++] = day[i];
            }
        }
        if (n < Math.max(1, minPresent)) {
            return Double.NaN;
        }
        Arrays.sort(values, 0, n);
        return values[(int) Math.floor(q * (n - 1))];
    }

    /** The median of the non-NaN values, NaN when there are fewer than {@code min}. */
    static double median(float[] ring, int min) {
        float[] v = new float[ring.length];
        int n = 0;
        for (float f : ring) {
            if (!Float.isNaN(f)) {
                v[n++] = f;
            }
        }
        if (n < Math.max(1, min)) {
            return Double.NaN;
        }
        Arrays.sort(v, 0, n);
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
    }

    /** A robust standard deviation of the non-NaN values around {@code centre}: 1.4826 x their median absolute deviation. */
    static double spread(float[] ring, double centre) {
        float[] deviations = new float[ring.length];
        java.util.Arrays.fill(deviations, Float.NaN);
        int n = 0;
        for (float f : ring) {
            if (!Float.isNaN(f)) {
                deviations[n++] = (float) Math.abs(f - centre);
            }
        }
        return 1.4826 * median(deviations, 3);
    }
}
