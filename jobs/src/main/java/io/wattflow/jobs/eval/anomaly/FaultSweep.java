package io.wattflow.jobs.eval.anomaly;

import io.wattflow.operators.anomaly.AnomalyDetector;
import io.wattflow.operators.anomaly.AnomalySettings;
import io.wattflow.operators.anomaly.MeterBaseline;
import io.wattflow.record.Anomaly;
import io.wattflow.record.DailyBaseline;
import io.wattflow.record.IntervalReading;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * One rule on many faults of one type: every usable 7-day slot of each recording (from its third week
 * on, so a baseline can be established) gets its own injected fault (the evaluation's recipe), one run
 * per slot, the anomaly rules driven in plain Java as the job drives them per meter. {@code eval
 * anomalies} injects six to nine faults of a type in three rounds, too few to tell rules apart; this
 * gives each recording dozens. A hit is an anomaly of the fault's kind within its window (the fault and
 * its grace); any other one is false unless the untouched recording raises one within a day of it (its
 * own event). Anomalies, not alert episodes: for the day-level kinds every anomaly is an alert.
 */
public final class FaultSweep {
    private static final long DAY_MS = FaultInjector.DAY_MS;

    private FaultSweep() {}

    /** One recording's sweep. */
    public static final class Row {
        public final String meter;
        public int slots;
        public int hits;
        public int falses;
        /** Changes the untouched recording raises, and its weeks. */
        public int own;
        public double weeks;
        /** Hours from each found fault's start to its first anomaly. */
        public final List<Double> delaysH = new ArrayList<>();
        final List<String> missed = new ArrayList<>();
        final List<String> ownEvents = new ArrayList<>();

        Row(String meter) {
            this.meter = meter;
        }
    }

    /** Not one of the evaluation's types: a compressor whose period shortens instead of growing. */
    static final String SHORTER_PERIOD = "periodicity-shorter";

    /**
     * Sweeps the fault named {@code fault} (as the evaluation's table names it, e.g. periodicity, or
     * {@value #SHORTER_PERIOD}) and prints the table.
     */
    public static void sweep(List<MinuteSeries> recordings, String fault, AnomalySettings settings, PrintStream out) {
        if (fault.equals(SHORTER_PERIOD)) {
            print(InjectedFault.Type.PERIODICITY, run(recordings, InjectedFault.Type.PERIODICITY, true, settings), out);
            return;
        }
        InjectedFault.Type type = null;
        StringBuilder names = new StringBuilder(SHORTER_PERIOD);
        for (InjectedFault.Type t : InjectedFault.Type.values()) {
            String name = t.name().toLowerCase(Locale.ROOT).replace('_', '-');
            names.append(", ").append(name);
            type = name.equals(fault) ? t : type;
        }
        if (type == null) {
            throw new IllegalArgumentException("--sweep is one of " + names + ", not '" + fault + "'.");
        }
        print(type, run(recordings, type, false, settings), out);
    }

    /** With {@code shorter}, periodicity faults shorten the period ({@link FaultInjector#compressorChange}). */
    static List<Row> run(List<MinuteSeries> recordings, InjectedFault.Type type, boolean shorter, AnomalySettings settings) {
        List<Row> rows = new ArrayList<>();
        for (MinuteSeries original : recordings) {
            Row row = new Row(original.meterId());
            List<Anomaly> own = anomalies(original, type.expectedKind, settings);
            row.own = own.size();
            for (Anomaly a : own) {
                row.ownEvents.add(java.time.Instant.ofEpochMilli(a.detectedMs) + " " + a.explanation);
            }
            row.weeks = original.size() / (7.0 * 1440);
            List<InjectedFault> natural = FaultInjector.naturalFaults(original);
            long firstDay = original.timeOf(0) - Math.floorMod(original.timeOf(0), DAY_MS);
            for (long slot = firstDay + 14 * DAY_MS; slot + 7 * DAY_MS <= original.timeOf(original.size()); slot += 7 * DAY_MS) {
                if (!FaultInjector.usable(original, natural, slot, slot + 7 * DAY_MS)) {
                    continue;
                }
                MinuteSeries injected = original.copy();
                Random random = new Random(slot / DAY_MS);
                InjectedFault fault = shorter ? FaultInjector.compressorChange(injected, slot, random, true)
                        : FaultInjector.apply(injected, type, slot, random);
                boolean hit = false;
                for (Anomaly a : anomalies(injected, type.expectedKind, settings)) {
                    if (fault.overlaps(a.detectedMs, a.detectedMs)) {
                        if (!hit) {
                            row.delaysH.add((a.detectedMs - fault.startMs) / 3_600_000.0);
                        }
                        hit = true;
                    } else if (own.stream().noneMatch(o -> Math.abs(o.detectedMs - a.detectedMs) <= AnomalyEvaluation.OWN_SLACK_MS)) {
                        row.falses++;
                    }
                }
                row.slots++;
                row.hits += hit ? 1 : 0;
                if (!hit) {
                    row.missed.add(fault.toString());
                }
            }
            rows.add(row);
        }
        return rows;
    }

    /** The anomalies of {@code kind} the rules raise on {@code s}, fed as the job's 1-min intervals. */
    static List<Anomaly> anomalies(MinuteSeries s, String kind, AnomalySettings settings) {
        AnomalyDetector detector = new AnomalyDetector(settings);
        MeterBaseline baseline = new MeterBaseline();
        List<Anomaly> found = new ArrayList<>();
        AnomalyDetector.Output out = new AnomalyDetector.Output() {
            @Override
            public void anomaly(Anomaly a) {
                if (a.kind.equals(kind)) {
                    found.add(a);
                }
            }

            @Override
            public void dailyBaseline(DailyBaseline d) {}
        };
        for (int i = 0; i < s.size(); i++) {
            double w = s.watts(i);
            if (Double.isNaN(w)) {
                continue;
            }
            long t = s.timeOf(i);
            IntervalReading r = IntervalReading.fromMeter(s.meterId(), t, t + MinuteSeries.MINUTE_MS, w / 60_000.0);
            r.meanPowerW = w;
            r.minPowerW = w;
            r.maxPowerW = w;
            r.sampleCount = 1;
            r.coverage = 1.0;
            detector.onInterval(s.meterId(), baseline, r, out);
        }
        return found;
    }

    static void print(InjectedFault.Type type, List<Row> rows, PrintStream out) {
        out.println("Sweep of " + type.name().toLowerCase(Locale.ROOT) + ": one injected fault per usable 7-day slot, one run each");
        out.printf(Locale.ROOT, "%-14s %6s %5s %7s %10s %6s %18s%n", "recording", "slots", "hits", "recall", "delay p50", "false", "own (per week)");
        int slots = 0;
        int hits = 0;
        int falses = 0;
        List<Double> delays = new ArrayList<>();
        for (Row r : rows) {
            out.printf(Locale.ROOT, "%-14s %6d %5d %7s %10s %6d %8d (%.3f)%n", r.meter, r.slots, r.hits, AnomalyEvaluation.ratio(r.hits, r.slots), median(r.delaysH),
                    r.falses, r.own, r.weeks > 0 ? r.own / r.weeks : 0.0);
            slots += r.slots;
            hits += r.hits;
            falses += r.falses;
            delays.addAll(r.delaysH);
        }
        out.printf(Locale.ROOT, "%-14s %6d %5d %7s %10s %6d%n", "all", slots, hits, AnomalyEvaluation.ratio(hits, slots), median(delays), falses);
        for (Row r : rows) {
            for (String m : r.missed) {
                out.println("  missed: " + r.meter + " " + m);
            }
            for (String o : r.ownEvents) {
                out.println("  own: " + r.meter + " " + o);
            }
        }
    }

    private static String median(List<Double> hours) {
        if (hours.isEmpty()) {
            return "-";
        }
        List<Double> sorted = new ArrayList<>(hours);
        java.util.Collections.sort(sorted);
        int n = sorted.size();
        double m = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return String.format(Locale.ROOT, "%.1f h", m);
    }
}
