package io.wattflow.jobs.eval.heatpump;

import io.wattflow.operators.heatpump.HeatPumpGate;
import io.wattflow.record.HeatPumpDetection;
import io.wattflow.record.HeatPumpEnergy;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scores of the leave-homes-out runs: detection AUC per window and per meter, precision and recall
 * at the shipped threshold, disaggregation error per 15 min and in total, each beside the simple
 * method on the same windows and days.
 */
public final class HeatPumpReport {
    private static final long DAY_MS = BaseloadRule.DAY_MS;
    private static final int SLOTS_PER_DAY = BaseloadRule.SLOTS_PER_DAY;

    /** Detection scores of one model over every held-out window. */
    public static final class Detection {
        public final String method;
        public double windowAuc;
        public double meterAuc;
        public double precision;
        public double recall;
        public int windows;
        public int homesRight;
        public int homes;
        public final List<String> homesWrong = new ArrayList<>();
        public double threshold = 0.5;
        /** The lowest median probability of a home with a heat pump, and the highest of a home without. */
        public double lowestWith = 1;
        public double highestWithout = 0;

        Detection(String method) {
            this.method = method;
        }
    }

    /** Disaggregation error over the held-out heat-pump homes' days. */
    public static final class Disaggregation {
        public final String method;
        public double rmse;
        public double mae;
        public double totalError;
        public int intervals;
        /** kWh per day attributed to a heat pump in homes without one. */
        public double phantomKwhPerDay;
        public final Map<String, double[]> byHome = new TreeMap<>(); // rmse, mae, total error

        Disaggregation(String method) {
            this.method = method;
        }
    }

    private HeatPumpReport() {}

    public static Detection detection(String method, List<HeatPumpEvaluation.FoldRun> runs, boolean logistic) {
        Detection d = new Detection(method);
        List<double[]> windows = new ArrayList<>();   // probability, label
        List<double[]> meters = new ArrayList<>();
        int tp = 0, fp = 0, fn = 0;
        for (HeatPumpEvaluation.FoldRun run : runs) {
            for (CkwHomes.Home h : run.homes) {
                List<Double> ps = new ArrayList<>();
                for (HeatPumpDetection det : logistic ? run.logistic : run.cnn) {
                    if (det.meterId.equals(h.meterId)) {
                        ps.add(det.probability);
                        windows.add(new double[] {det.probability, h.heatPump ? 1 : 0});
                        if (det.heatPump && h.heatPump) {
                            tp++;
                        } else if (det.heatPump) {
                            fp++;
                        } else if (h.heatPump) {
                            fn++;
                        }
                        d.threshold = det.threshold;
                    }
                }
                double median = median(ps);
                meters.add(new double[] {median, h.heatPump ? 1 : 0});
                if (h.heatPump) {
                    d.lowestWith = Math.min(d.lowestWith, median);
                } else {
                    d.highestWithout = Math.max(d.highestWithout, median);
                }
                d.homes++;
                if ((median >= d.threshold) == h.heatPump) {
                    d.homesRight++;
                } else {
                    d.homesWrong.add(h.name + String.format(" (median p %.2f)", median));
                }
            }
        }
        d.windows = windows.size();
        d.windowAuc = auc(windows);
        d.meterAuc = auc(meters);
        d.precision = tp + fp == 0 ? Double.NaN : tp / (double) (tp + fp);
        d.recall = tp + fn == 0 ? Double.NaN : tp / (double) (tp + fn);
        return d;
    }

    /** A method's heat-pump kWh by interval start, for one held-out home, on the given UTC days. */
    private interface Estimates {
        Map<Long, Double> of(HeatPumpEvaluation.FoldRun run, CkwHomes.Home home, Set<Long> days);
    }

    /** A model's estimates ({@code cnn}: the fold's CNN, else its shipped method) on the days the shipped method estimated. */
    public static Disaggregation model(List<HeatPumpEvaluation.FoldRun> runs, boolean cnn) {
        return score(cnn ? "CNN" : runs.get(0).method + " (shipped)", runs, (run, h, days) -> {
            Map<Long, Double> estimate = new HashMap<>();
            for (HeatPumpEnergy e : cnn ? run.cnnEnergy : run.energy) {
                if (e.meterId.equals(h.meterId) && days.contains(Math.floorDiv(e.startMs, DAY_MS))) {
                    // Ungated: the job paired this model with the other detection, see gatedByDetection
                    estimate.put(e.startMs, e.estimatedKwh);
                }
            }
            return estimate;
        });
    }

    /**
     * The shipped disaggregation gated by the detection of the kind the jar ships, as the stage in production pairs
     * them (DetectionGate with {@link HeatPumpGate#SHIPPED}), by the median probability of the meter's last 7
     * windows up to the estimate's own.
     */
    public static Disaggregation gatedByDetection(List<HeatPumpEvaluation.FoldRun> runs) {
        return score(runs.get(0).method + ", gated by the detection (shipped)", runs, (run, h, days) -> {
            DetectionMedians medians = DetectionMedians.of(run.shippedDetections(), h.meterId);
            Map<Long, Double> estimate = new HashMap<>();
            for (HeatPumpEnergy e : run.energy) {
                if (e.meterId.equals(h.meterId) && days.contains(Math.floorDiv(e.startMs, DAY_MS))) {
                    estimate.put(e.startMs, HeatPumpGate.SHIPPED.apply(e.estimatedKwh, medians.at(e.startMs), medians.threshold));
                }
            }
            return estimate;
        });
    }

    /** A simple method on the same days as the shipped one. */
    static Disaggregation rule(List<HeatPumpEvaluation.FoldRun> runs, BaseloadRule rule) {
        return score(rule.name + " (Java)", runs, (run, h, days) -> rule.estimates(BaseloadRule.days(h.intervals), days));
    }

    public static Disaggregation oneNightRule(List<HeatPumpEvaluation.FoldRun> runs) {
        return rule(runs, BaseloadRule.ONE_NIGHT);
    }

    public static Disaggregation sevenNightRule(List<HeatPumpEvaluation.FoldRun> runs) {
        return rule(runs, BaseloadRule.SEVEN_NIGHTS);
    }

    /** Errors against the heat pump's own meter in homes with one; kWh a day called heat pump in homes without. */
    private static Disaggregation score(String method, List<HeatPumpEvaluation.FoldRun> runs, Estimates estimates) {
        Disaggregation d = new Disaggregation(method);
        Errors all = new Errors();
        double phantom = 0;
        int phantomDays = 0;
        for (HeatPumpEvaluation.FoldRun run : runs) {
            for (CkwHomes.Home h : run.homes) {
                Map<Long, Double> estimate = estimates.of(run, h, shippedDays(run, h));
                if (!h.heatPump) {
                    phantom += estimate.values().stream().mapToDouble(Double::doubleValue).sum();
                    phantomDays += estimate.size() / SLOTS_PER_DAY;
                    continue;
                }
                Errors home = new Errors();
                estimate.forEach((start, kwh) -> {
                    Double truth = h.heatPumpKwh.get(start);
                    if (truth != null) {
                        home.add(kwh, truth);
                        all.add(kwh, truth);
                    }
                });
                d.byHome.put(h.name, home.summary());
            }
        }
        double[] s = all.summary();
        d.rmse = s[0];
        d.mae = s[1];
        d.totalError = s[2];
        d.intervals = all.n;
        d.phantomKwhPerDay = phantomDays == 0 ? Double.NaN : phantom / phantomDays;
        return d;
    }

    /** The UTC days the fold's shipped method estimated for a home: every method is scored on these. */
    private static Set<Long> shippedDays(HeatPumpEvaluation.FoldRun run, CkwHomes.Home h) {
        Set<Long> days = new HashSet<>();
        for (HeatPumpEnergy e : run.energy) {
            if (e.meterId.equals(h.meterId)) {
                days.add(Math.floorDiv(e.startMs, DAY_MS));
            }
        }
        return days;
    }

    /** Squared, absolute and signed errors of estimates against a heat pump's own meter. */
    static final class Errors {
        double sq, abs, estimated, truth;
        int n;

        void add(double estimate, double actual) {
            double e = estimate - actual;
            sq += e * e;
            abs += Math.abs(e);
            estimated += estimate;
            truth += actual;
            n++;
        }

        double[] summary() {
            return new double[] {Math.sqrt(sq / n), abs / n, (estimated - truth) / truth};
        }
    }

    /** Area under the ROC curve (Mann-Whitney), ties counted half. */
    static double auc(List<double[]> scored) {
        double pairs = 0, wins = 0;
        for (double[] p : scored) {
            if (p[1] != 1) {
                continue;
            }
            for (double[] n : scored) {
                if (n[1] != 0) {
                    continue;
                }
                pairs++;
                wins += p[0] > n[0] ? 1 : p[0] == n[0] ? 0.5 : 0;
            }
        }
        return wins / pairs;
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String shippedMethods() {
        List<String> methods = new ArrayList<>();
        for (String name : List.of("heatpump-detection", "heatpump-disaggregation")) {
            var m = io.wattflow.models.ModelFiles.load(io.wattflow.models.ModelSource.classpath(), name).manifest;
            methods.add(m.id() + " = " + m.method);
        }
        return String.join(", ", methods);
    }

    public static void print(List<HeatPumpEvaluation.FoldRun> runs, PrintStream out) {
        int homes = runs.stream().mapToInt(r -> r.homes.size()).sum();
        out.printf("Leave-homes-out: %d folds, %d held-out CKW homes, each scored only by models that never saw it.%n%n",
                runs.size(), homes);
        out.println("Shipped in the jar: " + shippedMethods() + ".");
        out.println();
        out.println("| detection | window AUC | meter AUC | precision | recall | homes right | lowest median, heat pump | highest median, none | windows |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        for (Detection d : List.of(detection("CNN ensemble", runs, false), detection("logistic regression", runs, true))) {
            out.printf("| %s | %.3f | %.3f | %.2f | %.2f | %d / %d | %.2f | %.2f | %d |%n", d.method, d.windowAuc, d.meterAuc,
                    d.precision, d.recall, d.homesRight, d.homes, d.lowestWith, d.highestWithout, d.windows);
            if (!d.homesWrong.isEmpty()) {
                out.println("|   wrong: " + String.join(", ", d.homesWrong) + " | | | | | | | | |");
            }
        }
        out.println();
        out.println("| disaggregation | RMSE kWh/15 min | MAE kWh/15 min | total energy error | intervals | phantom kWh/day in homes without |");
        out.println("|---|---|---|---|---|---|");
        List<Disaggregation> dis = List.of(gatedByDetection(runs), model(runs, false), model(runs, true), sevenNightRule(runs),
                oneNightRule(runs));
        for (Disaggregation d : dis) {
            out.printf("| %s | %.3f | %.3f | %+.1f %% | %d | %.2f |%n", d.method, d.rmse, d.mae, 100 * d.totalError, d.intervals,
                    d.phantomKwhPerDay);
        }
        out.println();
        out.println("| home (RMSE, MAE, total) | gated (shipped) | " + dis.get(1).method + " ungated | CNN | seven-night rule | one-night rule |");
        out.println("|---|---|---|---|---|---|");
        for (String home : dis.get(0).byHome.keySet()) {
            StringBuilder row = new StringBuilder("| " + home);
            for (Disaggregation d : dis) {
                double[] e = d.byHome.get(home);
                row.append(String.format(" | %.3f, %.3f, %+.1f %%", e[0], e[1], 100 * e[2]));
            }
            out.println(row.append(" |"));
        }
    }
}
