package io.wattflow.operators.anomaly;

import java.util.Arrays;

/** Statistics of one local day of 1-min power: low quantiles (baseload) and the dominant cycle. */
final class DayProfile {
    /** The baseload is this quantile of the day's minutes: low enough to miss every appliance run, high enough to ignore a dip. */
    static final double BASELOAD_QUANTILE = 0.05;
    static final int NIGHT_END_MINUTE = 5 * 60;
    static final int MIN_LAG = 15;
    static final int MAX_LAG = 180;
    /** Cycles are looked for in steps up to this size: a fridge's or a freezer's, not the oven's. */
    static final double CYCLE_STEP_W = 300;

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

    /**
     * A day's dominant cycle: its period in minutes and its autocorrelation, or null when too little
     * data. Looked for in the minute-to-minute changes, not the levels: a compressor's switching makes
     * a regular train of small steps, while the evening's lights and the oven make a few large ones
     * (left out) and slow level changes that would otherwise swamp the autocorrelation.
     */
    static double[] cycle(short[] day, double baseloadW) {
        int n = day.length;
        if (Double.isNaN(baseloadW) || present(day, 0, n) < n * 3 / 4) {
            return null;
        }
        double[] y = new double[n];
        double energy = 0;
        for (int i = 1; i < n; i++) {
            if (day[i] != MeterBaseline.NO_DATA && day[i - 1] != MeterBaseline.NO_DATA) {
                double step = day[i] - day[i - 1];
                y[i] = Math.abs(step) <= CYCLE_STEP_W ? step : 0;
                energy += y[i] * y[i];
            }
        }
        if (energy <= 1e-9) {
            return new double[] {Double.NaN, 0};
        }
        double[] acf = new double[MAX_LAG + 2];
        for (int lag = MIN_LAG - 1; lag <= MAX_LAG + 1; lag++) {
            double s = 0;
            for (int i = 0; i + lag < n; i++) {
                s += y[i] * y[i + lag];
            }
            acf[lag] = s / energy;
        }
        double best = 0;
        for (int lag = MIN_LAG; lag <= MAX_LAG; lag++) {
            if (isPeak(acf, lag)) {
                best = Math.max(best, acf[lag]);
            }
        }
        // The first peak nearly as strong as the strongest is the period; later ones are its multiples.
        for (int lag = MIN_LAG; lag <= MAX_LAG; lag++) {
            if (isPeak(acf, lag) && acf[lag] >= 0.8 * best && best > 0) {
                return new double[] {lag, acf[lag]};
            }
        }
        return new double[] {Double.NaN, 0};
    }

    private static boolean isPeak(double[] acf, int lag) {
        return acf[lag] > acf[lag - 1] && acf[lag] >= acf[lag + 1];
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
