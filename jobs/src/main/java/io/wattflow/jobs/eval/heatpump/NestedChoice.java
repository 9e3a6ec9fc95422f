package io.wattflow.jobs.eval.heatpump;

import io.wattflow.operators.heatpump.DetectionGate;
import io.wattflow.record.HeatPumpDetection;
import io.wattflow.record.HeatPumpEnergy;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The disaggregation method chosen the way a figure about unseen homes needs it chosen: for each
 * home, the method (a night rule or the fold's CNN, with a gate by the detection) is picked on the
 * other nine homes alone, then that pick is scored on the home. The pooled scores of those picks are
 * the nested figures; the pick on all ten homes is what the figures say about the shipped choice.
 *
 * <p>The pick: the lowest RMSE on the other homes with a heat pump among the candidates that call at
 * most {@value #PHANTOM_LIMIT} kWh a day "heat pump" in the other homes without one (issue 23's limit;
 * the lowest of that when none does). Each home's detection probabilities come from its own fold's
 * models, which never saw it; those models did see the other homes of other folds, so the detection
 * the inner choice reads is not nested in turn (ten homes leave no room for a second level of folds).
 */
public final class NestedChoice {
    static final double PHANTOM_LIMIT = 0.5;
    private static final long DAY_MS = BaseloadRule.DAY_MS;
    private static final int SLOTS = BaseloadRule.SLOTS_PER_DAY;

    /** How the detection turns an estimate into what is reported. */
    enum Gate {
        NONE("ungated"),
        /** The shipped gate: 0 where the median of the meter's last 7 windows is below the threshold. */
        THRESHOLD("gated at the threshold"),
        /** The estimate times that median probability. */
        WEIGHTED("x probability"),
        /** The estimate times the median over the threshold, at most 1. */
        SCALED("x probability / threshold, at most 1");

        final String label;

        Gate(String label) {
            this.label = label;
        }

        double apply(double estimate, double median, double threshold) {
            switch (this) {
                case NONE: return estimate;
                case THRESHOLD: return median >= threshold ? estimate : 0;
                case WEIGHTED: return estimate * median;
                default: return estimate * Math.min(1, median / threshold);
            }
        }
    }

    /** One method: a disaggregation and a gate. */
    record Candidate(String disaggregation, Gate gate) {
        String label() {
            return disaggregation + ", " + gate.label;
        }
    }

    /** One home's inputs to every candidate: its raw estimates per disaggregation, its detection medians. */
    static final class HomeInputs {
        final CkwHomes.Home home;
        final Map<String, Map<Long, Double>> estimates = new LinkedHashMap<>();
        /** Detection window end -> the median probability of the meter's last 7 windows up to it. */
        final Map<Long, Double> medians = new HashMap<>();
        double threshold = 0.5;

        HomeInputs(CkwHomes.Home home) {
            this.home = home;
        }

        /** The candidate's kWh by interval start. An interval is estimated by the window ending at the next UTC midnight. */
        Map<Long, Double> reported(Candidate c) {
            Map<Long, Double> out = new HashMap<>();
            estimates.get(c.disaggregation()).forEach((start, kwh) -> {
                long windowEnd = (Math.floorDiv(start, DAY_MS) + 1) * DAY_MS;
                double median = medians.getOrDefault(windowEnd, 0.0);
                out.put(start, c.gate().apply(kwh, median, threshold));
            });
            return out;
        }
    }

    /** Pooled errors of a candidate over some homes. */
    static final class Score {
        final HeatPumpReport.Errors errors = new HeatPumpReport.Errors();
        double phantomKwh;
        int phantomDays;

        double rmse() {
            return errors.n == 0 ? Double.NaN : errors.summary()[0];
        }

        double phantomPerDay() {
            return phantomDays == 0 ? 0 : phantomKwh / phantomDays;
        }

        void add(HomeInputs h, Candidate c) {
            Map<Long, Double> reported = h.reported(c);
            if (!h.home.heatPump) {
                phantomKwh += reported.values().stream().mapToDouble(Double::doubleValue).sum();
                phantomDays += reported.size() / SLOTS;
                return;
            }
            reported.forEach((start, kwh) -> {
                Double truth = h.home.heatPumpKwh.get(start);
                if (truth != null) {
                    errors.add(kwh, truth);
                }
            });
        }
    }

    final List<HomeInputs> homes;
    final List<Candidate> candidates;

    NestedChoice(List<HomeInputs> homes, List<Candidate> candidates) {
        this.homes = homes;
        this.candidates = candidates;
    }

    /** Every night rule and the fold's CNN, each with every gate, over every held-out home of the runs. */
    public static NestedChoice of(List<HeatPumpEvaluation.FoldRun> runs) {
        List<BaseloadRule> rules = BaseloadRule.variants();
        List<HomeInputs> homes = new ArrayList<>();
        for (HeatPumpEvaluation.FoldRun run : runs) {
            for (CkwHomes.Home h : run.homes) {
                HomeInputs in = new HomeInputs(h);
                TreeSet<Long> days = new TreeSet<>();
                Map<Long, Double> cnn = new HashMap<>();
                for (HeatPumpEnergy e : run.cnnEnergy) {
                    if (e.meterId.equals(h.meterId)) {
                        cnn.put(e.startMs, e.estimatedKwh);
                    }
                }
                for (HeatPumpEnergy e : run.energy) {
                    if (e.meterId.equals(h.meterId)) {
                        days.add(Math.floorDiv(e.startMs, DAY_MS));
                    }
                }
                Map<Long, double[]> meterDays = BaseloadRule.days(h.intervals);
                for (BaseloadRule rule : rules) {
                    Map<Long, Double> estimate = new HashMap<>();
                    for (long day : days) {
                        double[] kwh = rule.estimate(meterDays, day);
                        for (int i = 0; kwh != null && i < SLOTS; i++) {
                            estimate.put(day * DAY_MS + i * DAY_MS / SLOTS, kwh[i]);
                        }
                    }
                    in.estimates.put(rule.name, estimate);
                }
                cnn.keySet().removeIf(start -> !days.contains(Math.floorDiv(start, DAY_MS)));
                in.estimates.put("CNN", cnn);
                List<HeatPumpDetection> own = run.shippedDetections().stream().filter(d -> d.meterId.equals(h.meterId))
                        .sorted(Comparator.comparingLong(d -> d.windowEndMs)).toList();
                for (int i = 0; i < own.size(); i++) {
                    List<HeatPumpDetection> last = own.subList(Math.max(0, i - DetectionGate.WINDOWS + 1), i + 1);
                    float[] p = new float[last.size()];
                    for (int k = 0; k < p.length; k++) {
                        p[k] = (float) last.get(k).probability;
                    }
                    in.medians.put(own.get(i).windowEndMs, (double) DetectionGate.median(p));
                    in.threshold = own.get(i).threshold;
                }
                homes.add(in);
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        for (String d : homes.get(0).estimates.keySet()) {
            for (Gate g : Gate.values()) {
                candidates.add(new Candidate(d, g));
            }
        }
        return new NestedChoice(homes, candidates);
    }

    Score score(Candidate c, List<HomeInputs> over) {
        Score s = new Score();
        for (HomeInputs h : over) {
            s.add(h, c);
        }
        return s;
    }

    /** The candidate picked on {@code over}: lowest RMSE among those within the phantom limit. */
    Candidate pick(List<HomeInputs> over) {
        Candidate best = null;
        double bestRmse = Double.MAX_VALUE;
        Candidate leastPhantom = null;
        double lowestPhantom = Double.MAX_VALUE;
        for (Candidate c : candidates) {
            Score s = score(c, over);
            if (s.phantomPerDay() <= PHANTOM_LIMIT && s.rmse() < bestRmse) {
                best = c;
                bestRmse = s.rmse();
            }
            if (s.phantomPerDay() < lowestPhantom) {
                leastPhantom = c;
                lowestPhantom = s.phantomPerDay();
            }
        }
        return best != null ? best : leastPhantom;
    }

    /** Each home's pick (made without it), in the order of the homes. */
    List<Candidate> nestedPicks() {
        List<Candidate> picks = new ArrayList<>();
        for (HomeInputs held : homes) {
            List<HomeInputs> others = new ArrayList<>(homes);
            others.remove(held);
            picks.add(pick(others));
        }
        return picks;
    }

    /** Pooled scores of each home under its own nested pick: RMSE, MAE, total error, phantom kWh/day. */
    double[] nestedScores(List<Candidate> picks) {
        Score s = new Score();
        for (int i = 0; i < homes.size(); i++) {
            s.add(homes.get(i), picks.get(i));
        }
        double[] e = s.errors.summary();
        return new double[] {e[0], e[1], e[2], s.phantomPerDay()};
    }

    public void print(PrintStream out) {
        List<Candidate> picks = nestedPicks();
        double[] nested = nestedScores(picks);
        out.println();
        out.printf("Nested choice of the disaggregation (%d candidates: %d night rules and the CNN, each with %d gates), "
                + "each home's method picked on the other nine homes: lowest RMSE among those at most %.1f kWh/day of "
                + "\"heat pump\" in the homes without one.%n%n", candidates.size(), candidates.size() / Gate.values().length - 1,
                Gate.values().length, PHANTOM_LIMIT);
        out.println("| home | picked without it | its RMSE | its MAE | its kWh/day \"heat pump\" (homes without) |");
        out.println("|---|---|---|---|---|");
        for (int i = 0; i < homes.size(); i++) {
            HomeInputs h = homes.get(i);
            Score s = score(picks.get(i), List.of(h));
            out.printf("| %s | %s | %s | %s | %s |%n", h.home.name, picks.get(i).label(),
                    h.home.heatPump ? String.format("%.3f", s.rmse()) : "", h.home.heatPump ? String.format("%.3f", s.errors.summary()[1]) : "",
                    h.home.heatPump ? "" : String.format("%.2f", s.phantomPerDay()));
        }
        out.printf("%nNested (each home scored by the pick made without it): RMSE %.3f, MAE %.3f kWh/15 min, total %+.1f %%, "
                + "homes without a heat pump %.2f kWh/day.%n", nested[0], nested[1], 100 * nested[2], nested[3]);
        Candidate all = pick(homes);
        Score onAll = score(all, homes);
        out.printf("Picked on all ten homes (what ships): %s; on those same homes (not a figure about unseen ones): RMSE %.3f, "
                + "%.2f kWh/day in homes without.%n%n", all.label(), onAll.rmse(), onAll.phantomPerDay());
        out.println("| candidate, on all ten homes (selection data) | RMSE | MAE | kWh/day \"heat pump\", homes without |");
        out.println("|---|---|---|---|");
        candidates.stream().map(c -> Map.entry(c, score(c, homes)))
                .sorted(Comparator.comparingDouble(e -> e.getValue().rmse()))
                .forEach(e -> out.printf("| %s | %.3f | %.3f | %.2f |%n", e.getKey().label(), e.getValue().rmse(),
                        e.getValue().errors.summary()[1], e.getValue().phantomPerDay()));
    }
}
