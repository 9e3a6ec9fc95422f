package io.wattflow.operators.changepoint;

import java.util.Arrays;

/**
 * The level and noise of a whole series, robust to its changes: the median, and the noise's standard
 * deviation from the median absolute deviation of consecutive differences (a change is one large
 * difference among many small ones, so it hardly moves this, where the series' own spread is mostly
 * its changes). Lets the detectors work on a series of any unit with one configuration.
 */
public final class SeriesScale {
    /** MAD to standard deviation for Gaussian noise, and differences of two samples to one. */
    private static final double MAD_TO_SIGMA = 1.4826;

    public final double median;
    public final double noise;

    private SeriesScale(double median, double noise) {
        this.median = median;
        this.noise = noise;
    }

    public static SeriesScale of(double[] values) {
        if (values.length < 3) {
            throw new IllegalArgumentException("A series needs at least 3 values to take its scale from, had " + values.length + ".");
        }
        double[] diffs = new double[values.length - 1];
        for (int i = 1; i < values.length; i++) {
            diffs[i - 1] = values[i] - values[i - 1];
        }
        double center = median(diffs);
        for (int i = 0; i < diffs.length; i++) {
            diffs[i] = Math.abs(diffs[i] - center);
        }
        double noise = MAD_TO_SIGMA * median(diffs) / Math.sqrt(2);
        if (!(noise > 0)) {
            // Mostly repeated values (a quantised or stepwise series): the mean absolute difference instead.
            double sum = 0;
            for (int i = 1; i < values.length; i++) {
                sum += Math.abs(values[i] - values[i - 1]);
            }
            noise = sum / (values.length - 1);
        }
        if (!(noise > 0)) {
            noise = 1;  // a constant series: any scale will do, there is nothing to find
        }
        return new SeriesScale(median(values.clone()), noise);
    }

    /** The series in units of its noise, centred on its median. */
    public double[] standardise(double[] values) {
        double[] z = new double[values.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = (values[i] - median) / noise;
        }
        return z;
    }

    private static double median(double[] v) {
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
