package io.wattflow.operators.profile;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProfileClusteringTest {
    /** A day with one peak of {@code weight} of the energy at {@code hour}, the rest spread evenly. */
    static double[] peakAt(int hour, double weight) {
        double[] d = new double[24];
        for (int h = 0; h < 24; h++) {
            d[h] = (1 - weight) / 24 + (h == hour ? weight : 0);
        }
        return d;
    }

    @Test
    void dtwForgivesAnHourLateRoutineThatEuclideanDoesNot() {
        double[] evening = peakAt(19, 0.4);
        double[] later = peakAt(20, 0.4);
        double[] morning = peakAt(7, 0.4);
        assertThat(Dtw.distance(evening, evening, 1)).isZero();
        assertThat(Dtw.distance(evening, later, 1)).isLessThan(0.05 * Dtw.distance(evening, later, 0));
        assertThat(Dtw.distance(evening, morning, 1)).isCloseTo(Dtw.distance(evening, morning, 0), within(1e-12));
        assertThat(Dtw.distance(evening, later, 0)).isCloseTo(Math.sqrt(2 * 0.4 * 0.4), within(1e-12));
    }

    @Test
    void lbKeoghNeverExceedsDtwAndTheNearestCentroidIsTheBruteForceOne() {
        SplittableRandom r = new SplittableRandom(3);
        double[][] centroids = new double[8][];
        for (int c = 0; c < centroids.length; c++) {
            centroids[c] = DailyProfile.shape(random(r));
        }
        ProfileCentroids pc = new ProfileCentroids("t", 2, centroids, null);
        for (int i = 0; i < 500; i++) {
            double[] q = DailyProfile.shape(random(r));
            int brute = 0;
            for (int c = 0; c < centroids.length; c++) {
                assertThat(Dtw.lowerBoundSquared(centroids[c], Dtw.envelope(q, 2)))
                        .isLessThanOrEqualTo(Dtw.squared(q, centroids[c], 2, Double.POSITIVE_INFINITY) + 1e-15);
                if (Dtw.distance(q, centroids[c], 2) < Dtw.distance(q, centroids[brute], 2)) {
                    brute = c;
                }
            }
            double[] nearest = pc.nearest(q);
            assertThat((int) nearest[0]).isEqualTo(brute);
            assertThat(nearest[1]).isCloseTo(Dtw.distance(q, centroids[brute], 2), within(1e-12));
        }
    }

    @Test
    void kMedoidsFindsThreeRoutinesWhateverTheirSizeAndNoise() {
        SplittableRandom r = new SplittableRandom(5);
        double[][] profiles = new double[3_000][];
        int[] truth = new int[profiles.length];
        for (int i = 0; i < profiles.length; i++) {
            truth[i] = i % 3;
            int hour = new int[] {7, 13, 20}[truth[i]] + r.nextInt(-1, 2);
            double[] d = peakAt(hour, 0.35);
            for (int h = 0; h < 24; h++) {
                d[h] *= 1 + 0.1 * r.nextGaussian();
            }
            profiles[i] = DailyProfile.shape(d);
        }
        KMedoids.Result fit = KMedoids.fit(profiles, 3, 1, 11);
        // Every routine is one cluster: the label of a day determines its routine.
        int[][] table = new int[3][3];
        for (int i = 0; i < profiles.length; i++) {
            table[fit.labels()[i]][truth[i]]++;
        }
        for (int[] row : table) {
            assertThat(java.util.Arrays.stream(row).filter(n -> n > 0).count()).as(java.util.Arrays.toString(row)).isEqualTo(1);
        }
        assertThat(ClusterQuality.silhouette(profiles, fit.labels(), 3, 1, 600, 1)).isGreaterThan(0.5);
        assertThat(ClusterQuality.daviesBouldin(fit.centroids(), fit.labels(), fit.distances(), 1)).isLessThan(0.6);
    }

    private static double[] random(SplittableRandom r) {
        double[] d = new double[24];
        for (int h = 0; h < 24; h++) {
            d[h] = r.nextDouble() * (r.nextDouble() < 0.2 ? 5 : 1);
        }
        return d;
    }
}
