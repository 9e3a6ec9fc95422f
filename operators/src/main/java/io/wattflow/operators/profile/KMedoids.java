package io.wattflow.operators.profile;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * k-medoids of daily profiles under DTW, without an n x n matrix: memory is the profiles, one label
 * and one distance each (O(n), and O(k) centroids). Alternates (Voronoi iteration) between assigning
 * every profile to its nearest medoid (LB_Keogh pruning, early-abandoned DTW) and, per cluster,
 * choosing as medoid the one of {@link #CANDIDATES} sampled members with the least DTW to
 * {@link #JUDGES} sampled members (CLARA-like: exact PAM swaps are O(n^2)). Seeded k-means++-style,
 * best of {@link #RESTARTS}.
 */
public final class KMedoids {
    static final int CANDIDATES = 200;
    static final int JUDGES = 1000;
    static final int MAX_ITERATIONS = 12;
    static final int RESTARTS = 4;

    private KMedoids() {}

    /** The result: medoids (copies of members), every profile's cluster and distance, iterations run. */
    public record Result(double[][] centroids, int[] labels, double[] distances, int iterations) {}

    /**
     * The best (least summed distance) of {@link #RESTARTS} runs from different seedings: a Voronoi
     * iteration cannot move a medoid out of the group it was seeded in, so one run can end with two
     * medoids in one routine and two routines under one medoid.
     */
    public static Result fit(double[][] profiles, int k, int window, long seed) {
        return bestOf(seed, runSeed -> fitOnce(profiles, k, window, runSeed), r -> sum(r.distances(), 1));
    }

    /** The run of least {@code cost} among {@link #RESTARTS}, each seeded from {@code seed}. */
    static Result bestOf(long seed, java.util.function.LongFunction<Result> run, java.util.function.ToDoubleFunction<Result> cost) {
        Result best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        SplittableRandom seeds = new SplittableRandom(seed);
        for (int i = 0; i < RESTARTS; i++) {
            Result r = run.apply(seeds.nextLong());
            double c = cost.applyAsDouble(r);
            if (c < bestCost) {
                bestCost = c;
                best = r;
            }
        }
        return best;
    }

    /** The sum of the distances, each to the power {@code power} (1: k-medoids' cost, 2: k-means'). */
    static double sum(double[] distances, int power) {
        double total = 0;
        for (double d : distances) {
            total += power == 1 ? d : d * d;
        }
        return total;
    }

    static Result fitOnce(double[][] profiles, int k, int window, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] medoids = seed(profiles, k, window, random);
        int[] labels = new int[profiles.length];
        double[] distances = new double[profiles.length];
        int iteration = 0;
        while (iteration++ < MAX_ITERATIONS) {
            ProfileCentroids c = new ProfileCentroids("fit", window, medoids, null);
            for (int i = 0; i < profiles.length; i++) {
                double[] nearest = c.nearest(profiles[i]);
                labels[i] = (int) nearest[0];
                distances[i] = nearest[1];
            }
            double[][] next = new double[k][];
            for (int m = 0; m < k; m++) {
                next[m] = bestMember(profiles, labels, m, window, random, medoids[m]);
            }
            if (Arrays.deepEquals(next, medoids)) {
                break;
            }
            medoids = next;
        }
        return new Result(medoids, labels, distances, Math.min(iteration, MAX_ITERATIONS));
    }

    private static double[] bestMember(double[][] profiles, int[] labels, int cluster, int window, SplittableRandom random, double[] current) {
        int[] members = Arrays.stream(indices(labels.length)).filter(i -> labels[i] == cluster).toArray();
        if (members.length == 0) {
            return current;
        }
        int[] candidates = sample(members, CANDIDATES, random);
        int[] judges = sample(members, JUDGES, random);
        double best = Double.POSITIVE_INFINITY;
        double[] medoid = current;
        for (double[] candidate : concat(candidates, profiles, current)) {
            double sum = 0;
            for (int j : judges) {
                sum += Dtw.squared(candidate, profiles[j], window, Double.POSITIVE_INFINITY);
                if (sum >= best) {
                    break;
                }
            }
            if (sum < best) {
                best = sum;
                medoid = candidate;
            }
        }
        return medoid;
    }

    private static double[][] concat(int[] candidates, double[][] profiles, double[] current) {
        double[][] all = new double[candidates.length + 1][];
        all[0] = current;  // the current medoid stays unless a member beats it
        for (int i = 0; i < candidates.length; i++) {
            all[i + 1] = profiles[candidates[i]];
        }
        return all;
    }

    /** k-means++ seeding on a sample, with squared DTW as the distance. */
    static double[][] seed(double[][] profiles, int k, int window, SplittableRandom random) {
        int[] sample = sample(indices(profiles.length), 2_000, random);
        double[][] medoids = new double[k][];
        medoids[0] = profiles[sample[random.nextInt(sample.length)]];
        double[] nearest = new double[sample.length];
        Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        for (int m = 1; m < k; m++) {
            double total = 0;
            for (int i = 0; i < sample.length; i++) {
                nearest[i] = Math.min(nearest[i], Dtw.squared(profiles[sample[i]], medoids[m - 1], window, Double.POSITIVE_INFINITY));
                total += nearest[i];
            }
            double r = random.nextDouble() * total;
            int pick = sample.length - 1;
            for (int i = 0; i < sample.length; i++) {
                r -= nearest[i];
                if (r <= 0) {
                    pick = i;
                    break;
                }
            }
            medoids[m] = profiles[sample[pick]];
        }
        return medoids;
    }

    static int[] indices(int n) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return all;
    }

    /** Up to {@code count} distinct elements, drawn without replacement (all of them when fewer). */
    static int[] sample(int[] from, int count, SplittableRandom random) {
        int[] copy = from.clone();
        int n = Math.min(count, copy.length);
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(copy.length - i);
            int t = copy[i];
            copy[i] = copy[j];
            copy[j] = t;
        }
        return Arrays.copyOf(copy, n);
    }
}
