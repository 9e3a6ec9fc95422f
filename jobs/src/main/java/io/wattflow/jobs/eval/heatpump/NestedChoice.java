package io.wattflow.jobs.eval.heatpump;

import io.wattflow.operators.heatpump.HeatPumpGate;
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
 * real home, the method (a night rule or the fold's CNN, with a {@link HeatPumpGate}) is picked on
 * the other homes alone, then that pick is scored on the home (and on the large loads made from it).
 * The pooled scores of those picks are the nested figures; the pick on all homes is what ships.
 *
 * <p>The pick: the lowest RMSE on the homes with a heat pump among the candidates that call at most
 * {@value #PHANTOM_LIMIT} kWh a day "heat pump" in the homes without one (issue 23's limit), real ones and
 * the large loads made from them ({@link LargeLoads}) alike, over all their days; the least "heat pump"
 * when none does. Each home's detection probabilities come from its own fold's
 * models, which never saw it; those models did see the other homes of other folds, so the detection
 * the inner choice reads is not nested in turn (ten homes leave no room for a second level of folds).
 */
public final class NestedChoice {
    static final double PHANTOM_LIMIT = 0.5;
    private static final long DAY_MS = BaseloadRule.DAY_MS;
    private static final int SLOTS = BaseloadRule.SLOTS_PER_DAY;

    /** One method: a disaggregation and a gate. */
    record Candidate(String disaggregation, HeatPumpGate gate) {
        String label() {
            return disaggregation + ", " + gate.label;
        }
    }

    /** One home's inputs to every candidate: its raw estimates per disaggregation, its detection medians. */
    static final class HomeInputs {
        final CkwHomes.Home home;
        /** The real home it was made from (itself for a real one): held out together. */
        final String origin;
        final boolean largeLoad;
        final Map<String, Map<Long, Double>> estimates = new LinkedHashMap<>();
        /** What the shipped detection said of the meter, as the gate reads it. */
        DetectionMedians medians = DetectionMedians.of(List.of(), "");

        HomeInputs(CkwHomes.Home home, String origin, boolean largeLoad) {
            this.home = home;
            this.origin = origin;
            this.largeLoad = largeLoad;
        }

        HomeInputs(CkwHomes.Home home) {
            this(home, home.name, false);
        }

        /** The candidate's kWh by interval start. An interval is estimated by the window ending at the next UTC midnight. */
        Map<Long, Double> reported(Candidate c) {
            Map<Long, Double> out = new HashMap<>();
            estimates.get(c.disaggregation()).forEach((start, kwh) -> out.put(start, c.gate().apply(kwh, medians.at(start), medians.threshold)));
            return out;
        }
    }

    /** Pooled errors of a candidate over some homes, "heat pump" in real homes without one and in large loads apart. */
    static final class Score {
        final HeatPumpReport.Errors errors = new HeatPumpReport.Errors();
        final double[] phantomKwh = new double[2];  // real homes without, large loads
        final int[] phantomDays = new int[2];

        double rmse() {
            return errors.n == 0 ? Double.NaN : errors.summary()[0];
        }

        double phantomPerDay(boolean largeLoads) {
            int k = largeLoads ? 1 : 0;
            return phantomDays[k] == 0 ? 0 : phantomKwh[k] / phantomDays[k];
        }

        /** kWh a day called heat pump over every day of every home without one, real or made large. */
        double phantomPerDayPooled() {
            int days = phantomDays[0] + phantomDays[1];
            return days == 0 ? 0 : (phantomKwh[0] + phantomKwh[1]) / days;
        }

        boolean withinLimit() {
            return phantomPerDayPooled() <= PHANTOM_LIMIT;
        }

        void add(HomeInputs h, Candidate c) {
            Map<Long, Double> reported = h.reported(c);
            if (!h.home.heatPump) {
                int k = h.largeLoad ? 1 : 0;
                phantomKwh[k] += reported.values().stream().mapToDouble(Double::doubleValue).sum();
                phantomDays[k] += reported.size() / SLOTS;
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

    /** Every night rule and the fold's CNN, each with every gate, over every held-out home of the runs and its large loads. */
    public static NestedChoice of(List<HeatPumpEvaluation.FoldRun> runs) {
        List<HomeInputs> homes = new ArrayList<>();
        for (HeatPumpEvaluation.FoldRun run : runs) {
            for (CkwHomes.Home h : run.homes) {
                homes.add(inputs(run, new HomeInputs(h)));
            }
            for (CkwHomes.Home h : run.largeLoads) {
                homes.add(inputs(run, new HomeInputs(h, LargeLoads.origin(h, run.homes), true)));
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        for (String d : homes.get(0).estimates.keySet()) {
            for (HeatPumpGate g : HeatPumpGate.values()) {
                candidates.add(new Candidate(d, g));
            }
        }
        return new NestedChoice(homes, candidates);
    }

    /** The home's estimates by every night rule and the fold's CNN, on the days the fold's shipped method estimated, and its medians. */
    private static HomeInputs inputs(HeatPumpEvaluation.FoldRun run, HomeInputs in) {
        CkwHomes.Home h = in.home;
        TreeSet<Long> days = new TreeSet<>();
        for (HeatPumpEnergy e : run.energy) {
            if (e.meterId.equals(h.meterId)) {
                days.add(Math.floorDiv(e.startMs, DAY_MS));
            }
        }
        Map<Long, double[]> meterDays = BaseloadRule.days(h.intervals);
        for (BaseloadRule rule : BaseloadRule.variants()) {
            in.estimates.put(rule.name, rule.estimates(meterDays, days));
        }
        Map<Long, Double> cnn = new HashMap<>();
        for (HeatPumpEnergy e : run.cnnEnergy) {
            if (e.meterId.equals(h.meterId) && days.contains(Math.floorDiv(e.startMs, DAY_MS))) {
                cnn.put(e.startMs, e.estimatedKwh);
            }
        }
        in.estimates.put("CNN", cnn);
        in.medians = DetectionMedians.of(run.shippedDetections(), h.meterId);
        return in;
    }

    Score score(Candidate c, List<HomeInputs> over) {
        Score s = new Score();
        for (HomeInputs h : over) {
            s.add(h, c);
        }
        return s;
    }

    /** The candidate picked on {@code over}: lowest RMSE among those within the limits, else the least "heat pump". */
    Candidate pick(List<HomeInputs> over) {
        Candidate best = null;
        double bestRmse = Double.MAX_VALUE;
        Candidate leastPhantom = null;
        double lowestPhantom = Double.MAX_VALUE;
        for (Candidate c : candidates) {
            Score s = score(c, over);
            if (s.withinLimit() && s.rmse() < bestRmse) {
                best = c;
                bestRmse = s.rmse();
            }
            double phantom = s.phantomPerDayPooled();
            if (phantom < lowestPhantom) {
                leastPhantom = c;
                lowestPhantom = phantom;
            }
        }
        return best != null ? best : leastPhantom;
    }

    /** The real homes, each with the homes held out with it (itself and the large loads made from it). */
    private Map<String, List<HomeInputs>> byOrigin() {
        Map<String, List<HomeInputs>> groups = new LinkedHashMap<>();
        for (HomeInputs h : homes) {
            groups.computeIfAbsent(h.origin, k -> new ArrayList<>()).add(h);
        }
        return groups;
    }

    /** Each real home's pick, made without it and its large loads. */
    Map<String, Candidate> nestedPicks() {
        Map<String, Candidate> picks = new LinkedHashMap<>();
        byOrigin().forEach((origin, held) -> {
            List<HomeInputs> others = new ArrayList<>(homes);
            others.removeAll(held);
            picks.put(origin, pick(others));
        });
        return picks;
    }

    /** Every home scored under the pick made without it (and without its origin). */
    Score nestedScore(Map<String, Candidate> picks) {
        Score s = new Score();
        for (HomeInputs h : homes) {
            s.add(h, picks.get(h.origin));
        }
        return s;
    }

    public void print(PrintStream out) {
        Map<String, Candidate> picks = nestedPicks();
        Score nested = nestedScore(picks);
        out.println();
        out.printf("Nested choice of the disaggregation (%d candidates: %d night rules and the CNN, each with %d gates), "
                + "each home's method picked without it and its large loads: lowest RMSE among those at most %.1f kWh/day of "
                + "\"heat pump\" in the homes without one, real or made large (over all their days).%n%n", candidates.size(),
                candidates.size() / HeatPumpGate.values().length - 1, HeatPumpGate.values().length, PHANTOM_LIMIT);
        out.println("| home | picked without it | its RMSE | its MAE | its kWh/day \"heat pump\" | its large loads' kWh/day \"heat pump\" |");
        out.println("|---|---|---|---|---|---|");
        byOrigin().forEach((origin, held) -> {
            Candidate pick = picks.get(origin);
            HomeInputs real = held.get(0);
            Score own = score(pick, List.of(real));
            Score large = score(pick, held.subList(1, held.size()));
            out.printf("| %s | %s | %s | %s | %s | %s |%n", origin, pick.label(),
                    real.home.heatPump ? String.format("%.3f", own.rmse()) : "",
                    real.home.heatPump ? String.format("%.3f", own.errors.summary()[1]) : "",
                    real.home.heatPump ? "" : String.format("%.2f", own.phantomPerDay(false)),
                    held.size() > 1 ? String.format("%.2f", large.phantomPerDay(true)) : "");
        });
        double[] e = nested.errors.summary();
        out.printf("%nNested (each home scored by the pick made without it): RMSE %.3f, MAE %.3f kWh/15 min, total %+.1f %%; "
                + "homes without a heat pump %.2f kWh/day, large loads %.2f kWh/day.%n", e[0], e[1], 100 * e[2],
                nested.phantomPerDay(false), nested.phantomPerDay(true));
        Candidate all = pick(homes);
        Score onAll = score(all, homes);
        out.printf("Picked on all homes: %s (the stage runs %s); on those same homes (not a figure about unseen ones): RMSE %.3f, "
                + "%.2f kWh/day in homes without, %.2f in large loads.%n%n", all.label(), HeatPumpGate.SHIPPED.label, onAll.rmse(),
                onAll.phantomPerDay(false), onAll.phantomPerDay(true));
        out.println("| candidate, on all homes (selection data) | RMSE | MAE | kWh/day \"heat pump\", homes without | large loads |");
        out.println("|---|---|---|---|---|");
        candidates.stream().map(c -> Map.entry(c, score(c, homes)))
                .sorted(Comparator.comparingDouble(x -> x.getValue().rmse()))
                .forEach(x -> out.printf("| %s | %.4f | %.3f | %.2f | %.2f |%n", x.getKey().label(), x.getValue().rmse(),
                        x.getValue().errors.summary()[1], x.getValue().phantomPerDay(false), x.getValue().phantomPerDay(true)));
    }

    /**
     * What the shipped detection and gate say of the large loads: per made-up home, the median and highest
     * window probability, the windows at or above the threshold, and the kWh a day the shipped rule and gate
     * report as heat pump.
     */
    public void printLargeLoads(PrintStream out) {
        out.println();
        out.printf("Large loads that are not heat pumps (each held-out home without one scaled to %.0f kWh/day, or with a "
                + "7.4 kW car charging 22-02 h every other night), scored by the fold's models that never saw the home:%n%n",
                LargeLoads.DAILY_KWH);
        out.println("| home | kWh/day | median p | highest window p | windows >= threshold | kWh/day reported as heat pump |");
        out.println("|---|---|---|---|---|---|");
        Candidate shipped = new Candidate(BaseloadRule.SHIPPED.name, HeatPumpGate.SHIPPED);
        int called = 0, large = 0;
        for (HomeInputs h : homes) {
            if (!h.largeLoad) {
                continue;
            }
            large++;
            List<Double> ps = new ArrayList<>();
            int above = 0;
            for (HeatPumpDetection d : h.medians.windows) {
                ps.add(d.probability);
                above += d.probability >= d.threshold ? 1 : 0;
            }
            double median = HeatPumpReport.median(ps);
            called += median >= h.medians.threshold ? 1 : 0;
            out.printf("| %s | %.1f | %.2f | %.2f | %d / %d | %.2f |%n", h.home.name, LargeLoads.dailyKwh(h.home), median,
                    ps.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN), above, ps.size(),
                    score(shipped, List.of(h)).phantomPerDay(true));
        }
        out.printf("%n%d of %d large loads have a median window probability at or above the threshold.%n", called, large);
    }
}
