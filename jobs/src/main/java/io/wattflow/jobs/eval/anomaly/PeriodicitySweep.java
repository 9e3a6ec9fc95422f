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
 * The periodicity rule on many compressor changes: every usable 7-day slot of each recording (from its
 * third week on, so a cycle can be established) gets its own injected change, one run per slot, the
 * anomaly rules driven in plain Java as the job drives them per meter. {@code eval anomalies} injects
 * six such changes in three rounds, too few to tell rules apart; this gives each recording dozens.
 * A hit is a {@code periodicity_change} within the fault's window (its two days and 36 h); any other
 * one is false unless the untouched recording raises one within a day of it (its own change).
 */
public final class PeriodicitySweep {
    private static final long DAY_MS = FaultInjector.DAY_MS;

    private PeriodicitySweep() {}

    /** One recording's sweep. */
    public static final class Row {
        public final String meter;
        public int slots;
        public int hits;
        public int falses;
        /** Changes the untouched recording raises, and its weeks. */
        public int own;
        public double weeks;
        final List<String> missed = new ArrayList<>();

        Row(String meter) {
            this.meter = meter;
        }
    }

    public static List<Row> run(List<MinuteSeries> recordings) {
        List<Row> rows = new ArrayList<>();
        for (MinuteSeries original : recordings) {
            Row row = new Row(original.meterId());
            List<Anomaly> own = changes(original);
            row.own = own.size();
            row.weeks = original.size() / (7.0 * 1440);
            List<InjectedFault> natural = FaultInjector.naturalFaults(original);
            long firstDay = original.timeOf(0) - Math.floorMod(original.timeOf(0), DAY_MS);
            for (long slot = firstDay + 14 * DAY_MS; slot + 7 * DAY_MS <= original.timeOf(original.size()); slot += 7 * DAY_MS) {
                if (!FaultInjector.usable(original, natural, slot, slot + 7 * DAY_MS)) {
                    continue;
                }
                MinuteSeries injected = original.copy();
                InjectedFault fault = FaultInjector.compressorChange(injected, slot, new Random(slot / DAY_MS));
                boolean hit = false;
                for (Anomaly a : changes(injected)) {
                    if (fault.overlaps(a.detectedMs, a.detectedMs)) {
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

    /** The periodicity changes the anomaly rules raise on {@code s}, fed as the job's 1-min intervals. */
    static List<Anomaly> changes(MinuteSeries s) {
        AnomalyDetector detector = new AnomalyDetector(AnomalySettings.defaults());
        MeterBaseline baseline = new MeterBaseline();
        List<Anomaly> found = new ArrayList<>();
        AnomalyDetector.Output out = new AnomalyDetector.Output() {
            @Override
            public void anomaly(Anomaly a) {
                if (a.kind.equals(Anomaly.PERIODICITY_CHANGE)) {
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

    public static void print(List<Row> rows, PrintStream out) {
        out.println("Periodicity sweep: one injected compressor change per usable 7-day slot, one run each");
        out.printf(Locale.ROOT, "%-14s %6s %5s %7s %6s %18s%n", "recording", "slots", "hits", "recall", "false", "own (per week)");
        int slots = 0;
        int hits = 0;
        int falses = 0;
        for (Row r : rows) {
            out.printf(Locale.ROOT, "%-14s %6d %5d %7s %6d %8d (%.3f)%n", r.meter, r.slots, r.hits, ratio(r.hits, r.slots), r.falses, r.own,
                    r.weeks > 0 ? r.own / r.weeks : 0.0);
            slots += r.slots;
            hits += r.hits;
            falses += r.falses;
        }
        out.printf(Locale.ROOT, "%-14s %6d %5d %7s %6d%n", "all", slots, hits, ratio(hits, slots), falses);
        for (Row r : rows) {
            for (String m : r.missed) {
                out.println("  missed: " + r.meter + " " + m);
            }
        }
    }

    private static String ratio(int a, int b) {
        return b == 0 ? "-" : String.format(Locale.ROOT, "%.2f", a / (double) b);
    }
}
