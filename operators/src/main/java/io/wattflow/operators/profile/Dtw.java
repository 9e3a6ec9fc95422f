package io.wattflow.operators.profile;

/**
 * Dynamic time warping between two daily profiles within a Sakoe-Chiba band of {@code window} steps
 * (an evening routine an hour later is close, a morning and an evening peak are not), and LB_Keogh, its
 * lower bound against a series' envelope, which lets a nearest-centroid search skip most full DTWs.
 */
public final class Dtw {
    private Dtw() {}

    /** DTW distance (square root of the summed squared differences along the best path). */
    public static double distance(double[] a, double[] b, int window) {
        return Math.sqrt(squared(a, b, window, Double.POSITIVE_INFINITY));
    }

    /**
     * Squared DTW distance, or {@code +inf} as soon as every path already costs more than {@code cutoff}
     * (early abandoning: the caller only needs to know it is not the nearest).
     */
    public static double squared(double[] a, double[] b, int window, double cutoff) {
        int n = a.length;
        double[] previous = new double[n + 1];
        double[] current = new double[n + 1];
        java.util.Arrays.fill(previous, Double.POSITIVE_INFINITY);
        previous[0] = 0;
        for (int i = 1; i <= n; i++) {
            java.util.Arrays.fill(current, Double.POSITIVE_INFINITY);
            double rowMin = Double.POSITIVE_INFINITY;
            for (int j = Math.max(1, i - window); j <= Math.min(n, i + window); j++) {
                double d = a[i - 1] - b[j - 1];
                double best = Math.min(previous[j - 1], Math.min(previous[j], current[j - 1]));
                current[j] = d * d + best;
                rowMin = Math.min(rowMin, current[j]);
            }
            if (rowMin > cutoff) {
                return Double.POSITIVE_INFINITY;
            }
            double[] t = previous;
            previous = current;
            current = t;
        }
        return previous[n];
    }

    /** The upper and lower envelope of {@code s}: max and min within {@code window} steps of each point. */
    public static double[][] envelope(double[] s, int window) {
        int n = s.length;
        double[] upper = new double[n];
        double[] lower = new double[n];
        for (int i = 0; i < n; i++) {
            double hi = Double.NEGATIVE_INFINITY;
            double lo = Double.POSITIVE_INFINITY;
            for (int j = Math.max(0, i - window); j <= Math.min(n - 1, i + window); j++) {
                hi = Math.max(hi, s[j]);
                lo = Math.min(lo, s[j]);
            }
            upper[i] = hi;
            lower[i] = lo;
        }
        return new double[][] {upper, lower};
    }

    /** LB_Keogh, squared: never more than the squared DTW distance of {@code q} to the series whose envelope is given. */
    public static double lowerBoundSquared(double[] q, double[][] envelope) {
        double sum = 0;
        for (int i = 0; i < q.length; i++) {
            if (q[i] > envelope[0][i]) {
                double d = q[i] - envelope[0][i];
                sum += d * d;
            } else if (q[i] < envelope[1][i]) {
                double d = envelope[1][i] - q[i];
                sum += d * d;
            }
        }
        return sum;
    }
}
