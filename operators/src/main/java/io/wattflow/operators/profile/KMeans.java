package io.wattflow.operators.profile;

import java.util.SplittableRandom;

/** Lloyd's k-means on Euclidean distance, k-means++ seeded: the reference the DTW clustering is compared with. */
public final class KMeans {
    static final int MAX_ITERATIONS = 30;

    private KMeans() {}

    /** The best of {@link KMedoids#RESTARTS} runs, as for the k-medoids, so that both get the same chances. */
    public static KMedoids.Result fit(double[][] profiles, int k, long seed) {
        return KMedoids.bestOf(seed, runSeed -> fitOnce(profiles, k, runSeed), r -> KMedoids.sum(r.distances(), 2));
    }

    static KMedoids.Result fitOnce(double[][] profiles, int k, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] centroids = KMedoids.seed(profiles, k, 0, random);  // DTW with a zero band is squared Euclidean
        for (int c = 0; c < k; c++) {
            centroids[c] = centroids[c].clone();
        }
        int[] labels = new int[profiles.length];
        double[] distances = new double[profiles.length];
        int iteration = 0;
        boolean changed = true;
        while (changed && iteration++ < MAX_ITERATIONS) {
            changed = false;
            for (int i = 0; i < profiles.length; i++) {
                int best = 0;
                double bestD = Double.POSITIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    double d = squaredEuclidean(profiles[i], centroids[c]);
                    if (d < bestD) {
                        bestD = d;
                        best = c;
                    }
                }
                changed |= labels[i] != best || iteration == 1;
                labels[i] = best;
                distances[i] = Math.sqrt(bestD);
            }
            double[][] sums = new double[k][profiles[0].length];
            int[] counts = new int[k];
            for (int i = 0; i < profiles.length; i++) {
                counts[labels[i]]++;
                for (int h = 0; h < profiles[i].length; h++) {
                    sums[labels[i]][h] += profiles[i][h];
                }
            }
            for (int c = 0; c < k; c++) {
                if (counts[c] > 0) {
                    for (int h = 0; h < sums[c].length; h++) {
                        centroids[c][h] = sums[c][h] / counts[c];
                    }
                }
            }
        }
        return new KMedoids.Result(centroids, labels, distances, Math.min(iteration, MAX_ITERATIONS));
    }

    static double squaredEuclidean(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return s;
    }
}
