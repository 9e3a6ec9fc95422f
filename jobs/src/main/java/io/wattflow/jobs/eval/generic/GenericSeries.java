package io.wattflow.jobs.eval.generic;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generic changepoint series with known changes, in any unit: the test set issue 23 asks for, since the
 * benchmarks' annotated series are not in the repository. Each series is drawn from a seed, in one of
 * six families, then multiplied by 10^-3..10^4 and shifted, so a detector must take its scale from the
 * data. Changes are at least {@value #MIN_SEGMENT} samples apart; index 0 counts as a change (as in the
 * changepoint benchmark of van den Burg and Williams 2020, whose F1 and cover these are scored with).
 */
public final class GenericSeries {
    static final int MIN_SEGMENT = 30;

    public enum Family {
        MEAN("mean shifts, Gaussian noise"),
        VARIANCE("variance changes, constant mean"),
        HEAVY_TAILS("mean shifts, Student-t noise (3 degrees of freedom)"),
        CORRELATED("mean shifts, AR(1) noise (phi 0.5)"),
        TREND("slope changes of a continuous trend"),
        NONE("no change (Gaussian or AR(1) noise)");

        public final String description;

        Family(String description) {
            this.description = description;
        }
    }

    public final String name;
    public final Family family;
    public final double[] values;
    /** Indices where a new segment starts, 0 first. */
    public final List<Integer> changes;

    private GenericSeries(String name, Family family, double[] values, List<Integer> changes) {
        this.name = name;
        this.family = family;
        this.values = values;
        this.changes = changes;
    }

    /** {@code perFamily} series of every family from consecutive seeds starting at {@code firstSeed}. */
    public static List<GenericSeries> set(long firstSeed, int perFamily) {
        List<GenericSeries> all = new ArrayList<>();
        long seed = firstSeed;
        for (Family f : Family.values()) {
            for (int i = 0; i < perFamily; i++) {
                all.add(of(f, seed++));
            }
        }
        return all;
    }

    public static GenericSeries of(Family family, long seed) {
        Random r = new Random(seed * 7919 + family.ordinal());
        int n = 300 + r.nextInt(701);
        List<Integer> changes = new ArrayList<>();
        changes.add(0);
        int k = family == Family.NONE ? 0 : 1 + r.nextInt(family == Family.VARIANCE || family == Family.TREND ? 3 : 4);
        while (changes.size() < k + 1) {
            int at = MIN_SEGMENT + r.nextInt(n - 2 * MIN_SEGMENT);
            if (changes.stream().allMatch(c -> Math.abs(c - at) >= MIN_SEGMENT)) {
                changes.add(at);
            }
        }
        changes.sort(Integer::compare);
        double[] x = new double[n];
        boolean ar = family == Family.CORRELATED || (family == Family.NONE && r.nextBoolean());
        double noise = 0;
        double mean = 0, sigma = 1, slope = 0, level = 0;
        int segment = 0;
        for (int i = 0; i < n; i++) {
            if (segment + 1 < changes.size() && i == changes.get(segment + 1)) {
                segment++;
                double sign = r.nextBoolean() ? 1 : -1;
                switch (family) {
                    case MEAN: mean += sign * (1.5 + 3.5 * r.nextDouble()); break;
                    case HEAVY_TAILS: case CORRELATED: mean += sign * (2 + 4 * r.nextDouble()); break;
                    case VARIANCE: sigma = sigma > 1 ? 1 : 2.5 + 2.5 * r.nextDouble(); break;
                    case TREND: slope += sign * (4 + 8 * r.nextDouble()) / 100; break;
                    default: break;
                }
            }
            double e;
            if (family == Family.HEAVY_TAILS) {
                e = studentT3(r) / Math.sqrt(3);  // unit variance
            } else if (ar) {
                noise = 0.5 * noise + Math.sqrt(0.75) * r.nextGaussian();
                e = noise;
            } else {
                e = r.nextGaussian();
            }
            level += slope;
            x[i] = mean + level + sigma * e;
        }
        double scale = Math.pow(10, -3 + 7 * r.nextDouble());
        double offset = (r.nextDouble() * 2000 - 1000) * scale;
        for (int i = 0; i < n; i++) {
            x[i] = offset + scale * x[i];
        }
        return new GenericSeries(family.name().toLowerCase() + "-" + seed, family, x, List.copyOf(changes));
    }

    private static double studentT3(Random r) {
        double chi2 = 0;
        for (int i = 0; i < 3; i++) {
            double g = r.nextGaussian();
            chi2 += g * g;
        }
        return r.nextGaussian() / Math.sqrt(chi2 / 3);
    }
}
