package io.wattflow.jobs.eval.generic;

import io.wattflow.operators.changepoint.ChangeDetector;
import io.wattflow.operators.changepoint.ChangeDetectors;
import io.wattflow.operators.changepoint.GenericChangepoints;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code wattflow eval generic}: the detectors on generic changepoint series (any unit, {@link GenericSeries}).
 * Each detector's configuration is chosen on a development set (seeds from 1) by its mean F1, then
 * scored on a test set drawn from other seeds, which nothing was chosen on; beside it "no
 * changepoints" and BOCPD with its power settings at a min step of one noise SD (what a user of
 * {@code wattflow detect} got before).
 */
public final class GenericEvaluation {
    public static final long DEV_SEED = 1;
    public static final long TEST_SEED = 100_001;

    private GenericEvaluation() {}

    /** A named way of finding changes in a series. */
    public record Method(String name, java.util.function.Function<double[], List<Integer>> changes) {}

    /** Mean precision, recall, F1 and cover over series. */
    public record Score(double precision, double recall, double f1, double cover, int series) {}

    public static Score score(Method m, List<GenericSeries> set) {
        double p = 0, r = 0, f = 0, c = 0;
        for (GenericSeries s : set) {
            List<Integer> found = m.changes().apply(s.values);
            double[] prf = ChangepointScore.f1(s.changes, found, ChangepointScore.MARGIN);
            p += prf[0];
            r += prf[1];
            f += prf[2];
            c += ChangepointScore.cover(s.changes, found, s.values.length);
        }
        int n = set.size();
        return new Score(p / n, r / n, f / n, c / n, n);
    }

    static Method generic(String name, Supplier<ChangeDetector<?>> detector) {
        return new Method(name, v -> GenericChangepoints.changes(detector.get(), v));
    }

    /** The candidates of each detector: the grid its generic configuration is chosen from. */
    public static Map<String, List<Method>> grids() {
        Map<String, List<Method>> grids = new LinkedHashMap<>();
        List<Method> bocpd = new ArrayList<>();
        for (double run : new double[] {250, 1000, 4000}) {
            for (double sigma0 : new double[] {1, 2, 3, 4}) {
                for (double kappa0 : new double[] {0.01, 1, 10}) {
                    for (double alpha0 : new double[] {1, 10, 30, 100}) {
                        for (int sep : new int[] {1, 5, 10}) {
                            var s = new GenericChangepoints.BocpdSettings(run, sigma0, kappa0, alpha0, sep);
                            bocpd.add(generic("bocpd: " + s, s::detector));
                        }
                    }
                }
            }
        }
        grids.put("bocpd", bocpd);
        List<Method> edge = new ArrayList<>();
        List<Method> cusum = new ArrayList<>();
        for (double step : new double[] {1, 2, 3, 4, 5, 6, 8, 10}) {
            edge.add(generic("edge: " + steps(step), () -> GenericChangepoints.edge(step)));
            cusum.add(generic("cusum: " + steps(step), () -> GenericChangepoints.cusum(step)));
        }
        grids.put("edge", edge);
        grids.put("cusum", cusum);
        return grids;
    }

    /** The method of {@code grid} with the highest mean F1 on {@code dev} (cover breaks ties). */
    public static Method choose(List<Method> grid, List<GenericSeries> dev) {
        // Scored on every core (each method is independent), then compared in the grid's order, so the choice is
        // the same on any machine.
        Score[] scores = java.util.stream.IntStream.range(0, grid.size()).parallel()
                .mapToObj(i -> score(grid.get(i), dev)).toArray(Score[]::new);
        Method best = null;
        Score bestScore = null;
        for (int i = 0; i < grid.size(); i++) {
            Method m = grid.get(i);
            Score s = scores[i];
            if (bestScore == null || s.f1() > bestScore.f1() || (s.f1() == bestScore.f1() && s.cover() > bestScore.cover())) {
                best = m;
                bestScore = s;
            }
        }
        return best;
    }

    public static void run(int perFamily, PrintStream out) throws java.io.IOException {
        List<GenericSeries> dev = GenericSeries.set(DEV_SEED, perFamily);
        List<GenericSeries> test = GenericSeries.set(TEST_SEED, perFamily);
        List<Method> methods = new ArrayList<>();
        methods.add(new Method("no changepoints", v -> List.of()));
        methods.add(new Method("bocpd, power settings, min step 1 noise SD",
                v -> GenericChangepoints.changes(ChangeDetectors.create("bocpd", 1), v)));
        for (String name : ChangeDetectors.NAMES) {
            Method shipped = generic(name + " (shipped generic configuration)", () -> GenericChangepoints.detector(name));
            Method chosen = choose(grids().get(name), dev);
            out.printf("%s: chosen on the development set: %s (shipped: %s)%n", name, chosen.name(), configuration(name));
            methods.add(shipped);
            if (!chosen.name().equals(name + ": " + configuration(name))) {
                methods.add(chosen);
            }
        }
        out.printf("%nTest set: %d series (%d per family, seeds from %d; the development set, seeds from %d, is not in it).%n%n",
                test.size(), perFamily, TEST_SEED, DEV_SEED);
        StringBuilder header = new StringBuilder("| method | all: F1 | all: cover");
        for (GenericSeries.Family f : GenericSeries.Family.values()) {
            header.append(" | ").append(f.name().toLowerCase()).append(": F1 / cover");
        }
        out.println(header.append(" |"));
        out.println("|---".repeat(3 + GenericSeries.Family.values().length) + "|");
        for (Method m : methods) {
            Score all = score(m, test);
            StringBuilder row = new StringBuilder(String.format("| %s | %.3f | %.3f", m.name(), all.f1(), all.cover()));
            for (GenericSeries.Family f : GenericSeries.Family.values()) {
                Score s = score(m, test.stream().filter(x -> x.family == f).toList());
                row.append(String.format(" | %.2f / %.2f", s.f1(), s.cover()));
            }
            out.println(row.append(" |"));
        }
        out.println();
        for (GenericSeries.Family f : GenericSeries.Family.values()) {
            out.println("- " + f.name().toLowerCase() + ": " + f.description);
        }
        RealSeriesCheck.print(out);
    }

    static String configuration(String name) {
        switch (name) {
            case "bocpd": return GenericChangepoints.BOCPD.toString();
            case "edge": return steps(GenericChangepoints.EDGE_MIN_STEP);
            default: return steps(GenericChangepoints.CUSUM_MIN_STEP);
        }
    }

    private static String steps(double minStep) {
        return String.format("steps of %.0f noise SDs", minStep);
    }
}
