package io.wattflow.operators.profile;

import java.util.SplittableRandom;

/** Silhouette (on a sample) and Davies-Bouldin of a clustering, under DTW with the given band (0: Euclidean). */
public final class ClusterQuality {
    private ClusterQuality() {}

    /** Mean silhouette over up to {@code sampleSize} profiles, each judged against the others of the sample. */
    public static double silhouette(double[][] profiles, int[] labels, int k, int window, int sampleSize, long seed) {
        int[] sample = KMedoids.sample(KMedoids.indices(profiles.length), sampleSize, new SplittableRandom(seed));
        double total = 0;
        int counted = 0;
        for (int i : sample) {
            double[] sum = new double[k];
            int[] count = new int[k];
            for (int j : sample) {
                if (i != j) {
                    sum[labels[j]] += Dtw.distance(profiles[i], profiles[j], window);
                    count[labels[j]]++;
                }
            }
            if (count[labels[i]] == 0) {
                continue;
            }
            double a = sum[labels[i]] / count[labels[i]];
            double b = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (c != labels[i] && count[c] > 0) {
                    b = Math.min(b, sum[c] / count[c]);
                }
            }
            if (b == Double.POSITIVE_INFINITY) {
                continue;
            }
            total += (b - a) / Math.max(a, b);
            counted++;
        }
        return total / counted;
    }

    /** Davies-Bouldin: for each cluster the worst ratio of two clusters' spread to their centroids' distance, averaged (lower is better). */
    public static double daviesBouldin(double[][] centroids, int[] labels, double[] distances, int window) {
        int k = centroids.length;
        double[] spread = new double[k];
        int[] count = new int[k];
        for (int i = 0; i < labels.length; i++) {
            spread[labels[i]] += distances[i];
            count[labels[i]]++;
        }
        double total = 0;
        int used = 0;
        for (int a = 0; a < k; a++) {
            if (count[a] == 0) {
                continue;
            }
            double worst = 0;
            for (int b = 0; b < k; b++) {
                if (b != a && count[b] > 0) {
                    worst = Math.max(worst, (spread[a] / count[a] + spread[b] / count[b]) / Dtw.distance(centroids[a], centroids[b], window));
                }
            }
            total += worst;
            used++;
        }
        return total / used;
    }
}
