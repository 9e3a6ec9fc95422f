package io.wattflow.jobs.eval.anomaly;

import io.wattflow.format.CsvReadingWriter;
import io.wattflow.format.ReadingFormat;
import io.wattflow.jobs.ingest.MeterPipelineJob;
import io.wattflow.jobs.ingest.IngestOutputs;
import io.wattflow.jobs.ingest.IngestSettings;
import io.wattflow.jobs.ingest.ReadingsInput;
import io.wattflow.jobs.local.LocalRunner;
import io.wattflow.operators.anomaly.BaseloadStepRule;
import io.wattflow.record.Anomaly;
import io.wattflow.record.AnomalyAlert;
import io.wattflow.record.MeterReading;
import io.wattflow.replay.Datasets;
import io.wattflow.sink.ParquetOutputs;
import io.wattflow.source.FileSources;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code wattflow eval anomalies}: real whole-house recordings with labelled faults injected
 * ({@link FaultInjector}), each run through the ingest job on a MiniCluster as 1-min readings, its
 * alerts read back from the Parquet output and scored: per fault type recall, precision, F1 and the
 * delay from the fault's start to its alert, and false alarms per meter-week on the untouched months.
 *
 * <p>Unit of judgement: alert episodes (what a person is told). An alert of the expected kind
 * inside a fault's window (its span plus a grace for the kind's judgement: an hour for hourly
 * consumption, 36 h for day-level kinds) is a hit; other kinds the fault fairly sets off, and
 * anything over a fault the recording has itself (logger outages: zero, frozen or missing for an
 * hour or more), are counted apart, neither hit nor false alarm.
 */
public final class AnomalyEvaluation {
    private AnomalyEvaluation() {}

    /** The recordings: REFIT house 2 (the months its logger ran), UK-DALE house 2, the GJW house. */
    public static List<MinuteSeries> recordings() throws IOException {
        List<MinuteSeries> all = new ArrayList<>(minuteRecordings());
        Optional<Path> gjw = Datasets.dataset("gjw-house-1hz");
        if (gjw.isPresent()) {
            all.add(MinuteSeries.fromGjw("gjw-house", gjwLogs(gjw.get())));
        }
        return all;
    }

    /** The GJW house's active-power logs in {@code dir}, in time order (about a month each; the fourth starts two months after the third). */
    public static List<Path> gjwLogs(Path dir) {
        List<Path> files = new ArrayList<>();
        for (String d : new String[] {"2013-11-20", "2013-12-13", "2014-01-09", "2014-03-27"}) {
            files.add(dir.resolve("POWER_REAL_FINE_" + d + ".csv.gz"));
        }
        return files;
    }

    /** The 1-min recordings: REFIT house 2 (the months its logger ran) and UK-DALE house 2. */
    public static List<MinuteSeries> minuteRecordings() throws IOException {
        List<MinuteSeries> all = new ArrayList<>();
        Optional<Path> minute = Datasets.dataset("uk-dale-refit-1min");
        if (minute.isPresent()) {
            List<Path> refit = new ArrayList<>();
            // 2013-10 .. 2014-02 are almost all zeros (the logger was down): left out.
            for (String m : new String[] {"2014-03", "2014-04", "2014-05", "2014-06", "2014-07", "2014-08", "2014-09",
                    "2014-10", "2014-11", "2014-12", "2015-01"}) {
                refit.add(minute.get().resolve("REFIT_House2_" + m + ".csv.gz"));
            }
            all.add(MinuteSeries.fromMinuteFiles("refit-house2", refit));
            List<Path> ukdale = new ArrayList<>();
            for (String m : new String[] {"2013-05", "2013-06", "2013-07", "2013-08", "2013-09", "2013-10"}) {
                ukdale.add(minute.get().resolve("UKDALE_House2_" + m + ".csv.gz"));
            }
            all.add(MinuteSeries.fromMinuteFiles("ukdale-house2", ukdale));
        }
        return all;
    }

    /** What one recording gave: its faults (injected and natural), untouched months, alerts and anomalies, and its own alerts. */
    public static final class Run {
        final String meterId;
        final List<InjectedFault> injected;
        final List<InjectedFault> natural;
        final List<long[]> untouched;
        final List<AnomalyAlert> alerts;
        final List<Anomaly> anomalies;
        /** The alerts of the same recording without injected faults. */
        final List<AnomalyAlert> own;

        Run(String meterId, List<InjectedFault> injected, List<InjectedFault> natural, List<long[]> untouched,
            List<AnomalyAlert> alerts, List<Anomaly> anomalies, List<AnomalyAlert> own) {
            this.meterId = meterId;
            this.injected = injected;
            this.natural = natural;
            this.untouched = untouched;
            this.alerts = alerts;
            this.anomalies = anomalies;
            this.own = own;
        }
    }

    /**
     * The alerts of each recording as it is, without injected faults: the recording's own events
     * (REFIT house 2's standby tripling over Christmas is real), which the scoring leaves out of
     * precision the way it leaves out the logger outages. Seed-independent, so run once.
     */
    public static Map<String, List<AnomalyAlert>> untouchedAlerts(List<MinuteSeries> recordings, Path work, BaseloadStepRule baseloadStep,
            boolean reuse) throws Exception {
        Map<String, List<AnomalyAlert>> own = new LinkedHashMap<>();
        for (MinuteSeries original : recordings) {
            own.put(original.meterId, runAndRead(original, work.resolve(original.meterId), baseloadStep, reuse).alerts);
        }
        return own;
    }

    /**
     * {@code baseloadStep}: which standby step rule runs ({@link io.wattflow.operators.anomaly.AnomalySettings}); {@code reuse}:
     * read the outputs a finished job of the same rule left in {@code work} instead of running it again.
     */
    public static List<Run> run(List<MinuteSeries> recordings, long seed, Path work, Map<String, List<AnomalyAlert>> own,
            BaseloadStepRule baseloadStep, boolean reuse) throws Exception {
        int[] rotation = {0};
        List<Run> runs = new ArrayList<>();
        for (MinuteSeries original : recordings) {
            List<InjectedFault> natural = FaultInjector.naturalFaults(original);
            FaultInjector.Result injected = FaultInjector.inject(original, natural, seed, rotation);
            Outputs outputs = runAndRead(injected.series, work.resolve(original.meterId), baseloadStep, reuse);
            runs.add(new Run(original.meterId, injected.faults, natural, injected.untouched, outputs.alerts, outputs.anomalies,
                    own.getOrDefault(original.meterId, List.of())));
        }
        return runs;
    }

    /** The open alerts and the anomalies of one job run. */
    private static final class Outputs {
        final List<AnomalyAlert> alerts;
        final List<Anomaly> anomalies;

        Outputs(List<AnomalyAlert> alerts, List<Anomaly> anomalies) {
            this.alerts = alerts;
            this.anomalies = anomalies;
        }
    }

    /** Runs the job over one series (unless {@code reuse} finds it finished with the same rule) and reads back its open alerts and anomalies. */
    private static Outputs runAndRead(MinuteSeries series, Path dir, BaseloadStepRule baseloadStep, boolean reuse) throws Exception {
        Files.createDirectories(dir);
        Path out = dir.resolve("out");
        // Written once the job finished, naming its rule: a later --reuse reads these outputs instead of running it again.
        Path finished = dir.resolve("finished-" + baseloadStep.option());
        if (!(reuse && Files.exists(finished))) {
            Path input = writeCsv(series, dir.resolve("readings.csv"));
            runJob(input, out, baseloadStep);
            Files.writeString(finished, "");
        }
        List<AnomalyAlert> alerts = new ArrayList<>();
        for (AnomalyAlert a : ParquetOutputs.readAll(out.resolve(IngestOutputs.ALERTS), AnomalyAlert.class)) {
            if (AnomalyAlert.OPEN.equals(a.status)) {
                alerts.add(a);
            }
        }
        List<Anomaly> anomalies = ParquetOutputs.readAll(out.resolve(IngestOutputs.ANOMALIES), Anomaly.class);
        return new Outputs(alerts, anomalies);
    }

    private static Path writeCsv(MinuteSeries s, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write(CsvReadingWriter.HEADER);
            w.newLine();
            for (int i = 0; i < s.size(); i++) {
                if (!Double.isNaN(s.watts[i])) {
                    w.write(CsvReadingWriter.line(new MeterReading(s.meterId, s.timeOf(i), s.watts[i])));
                    w.newLine();
                }
            }
        }
        return file;
    }

    /** The production ingest job, told its meter reads once a minute. */
    static void runJob(Path input, Path out, BaseloadStepRule baseloadStep) throws Exception {
        IngestSettings settings = IngestSettings.defaults();
        settings.anomaly.baseloadStep = baseloadStep;
        settings.format = ReadingFormat.CSV;
        settings.samplePeriod = Duration.ofMinutes(1);
        settings.gapThreshold = Duration.ofSeconds(90);
        settings.stateTtl = Duration.ofDays(35);
        StreamExecutionEnvironment env = LocalRunner.environment(1, Duration.ofSeconds(5));
        new MeterPipelineJob(ReadingsInput.ofRaw(FileSources.readings(settings.format, new org.apache.flink.core.fs.Path(input.toUri()))),
                IngestOutputs.parquet(new org.apache.flink.core.fs.Path(out.toUri())), settings).build(env);
        LocalRunner.execute(env, "wattflow eval anomalies", acc -> { });
    }

    /** Per fault type and in all: hits, misses, false alarms, delays; false alarms per meter-week on untouched months. */
    public static final class Score {
        /** Per fault type: faults, hits, false alerts of its kind, alerts of its kind the untouched recording raises too. */
        final Map<String, int[]> byType = new LinkedHashMap<>();
        final Map<String, List<Double>> delaysHours = new LinkedHashMap<>();
        int untouchedFalseAlerts;
        int untouchedFalseAnomalies;
        double untouchedWeeks;
        int collateral;
        int naturalFaults;
        int naturalFound;
        final List<String> falseAlerts = new ArrayList<>();
        final List<String> ownAlerts = new ArrayList<>();
        final List<String> missed = new ArrayList<>();
    }

    public static Score score(List<Run> runs) {
        Score score = new Score();
        for (InjectedFault.Type t : InjectedFault.Type.values()) {
            score.byType.put(t.name(), new int[4]);
            score.delaysHours.put(t.name(), new ArrayList<>());
        }
        for (Run run : runs) {
            for (InjectedFault f : run.injected) {
                int[] row = score.byType.get(f.type.name());
                row[0]++;
                AnomalyAlert hit = null;
                for (AnomalyAlert a : run.alerts) {
                    if (a.kind.equals(f.type.expectedKind) && a.emittedMs >= f.startMs && f.overlaps(a.startMs, a.emittedMs)
                            && (hit == null || a.emittedMs < hit.emittedMs)) {
                        hit = a;
                    }
                }
                if (hit != null) {
                    row[1]++;
                    score.delaysHours.get(f.type.name()).add((hit.emittedMs - f.startMs) / 3_600_000.0);
                } else {
                    score.missed.add(run.meterId + " " + f);
                }
            }
            for (InjectedFault f : run.natural) {
                score.naturalFaults++;
                for (AnomalyAlert a : run.alerts) {
                    if (f.overlaps(a.startMs, a.emittedMs)) {
                        score.naturalFound++;
                        break;
                    }
                }
            }
            for (AnomalyAlert a : run.alerts) {
                Verdict v = judge(run, a.kind, a.startMs, a.emittedMs);
                if (v == Verdict.FALSE || v == Verdict.OWN) {
                    for (InjectedFault.Type t : InjectedFault.Type.values()) {
                        if (t.expectedKind.equals(a.kind)) {
                            score.byType.get(t.name())[v == Verdict.FALSE ? 2 : 3]++;
                        }
                    }
                    // The false-alarm rate of the untouched months counts the recording's own events too.
                    if (inUntouched(run, a.emittedMs)) {
                        score.untouchedFalseAlerts++;
                    }
                    (v == Verdict.FALSE ? score.falseAlerts : score.ownAlerts).add(run.meterId + " " + a);
                } else if (v == Verdict.COLLATERAL) {
                    score.collateral++;
                }
            }
            for (Anomaly a : run.anomalies) {
                if (inUntouched(run, a.detectedMs)) {
                    Verdict v = judge(run, a.kind, a.startMs, a.detectedMs);
                    if (v == Verdict.FALSE || v == Verdict.OWN) {
                        score.untouchedFalseAnomalies++;
                    }
                }
            }
            for (long[] m : run.untouched) {
                score.untouchedWeeks += (m[1] - m[0]) / (7 * 86_400_000.0);
            }
        }
        return score;
    }

    /**
     * HIT: the expected kind at an injected fault. COLLATERAL: a kind an injected fault fairly sets off,
     * or anything over a logger outage. OWN: an alert the recording without injected faults raises too
     * (same kind, within {@link #OWN_SLACK_MS}). FALSE: the rest.
     */
    private enum Verdict { HIT, COLLATERAL, OWN, FALSE }

    /** How far apart an alert and the untouched run's alert of the same kind may be to be one event (state differs after a fault). */
    static final long OWN_SLACK_MS = Duration.ofDays(1).toMillis();

    private static Verdict judge(Run run, String kind, long fromMs, long toMs) {
        Verdict best = Verdict.FALSE;
        for (InjectedFault f : run.injected) {
            if (f.overlaps(fromMs, toMs)) {
                if (f.type.expectedKind.equals(kind)) {
                    return Verdict.HIT;
                }
                if (f.type.collateral.contains(kind)) {
                    best = Verdict.COLLATERAL;
                }
            }
        }
        for (InjectedFault f : run.natural) {
            if (f.overlaps(fromMs, toMs)) {
                best = Verdict.COLLATERAL;
            }
        }
        if (best == Verdict.FALSE) {
            for (AnomalyAlert own : run.own) {
                if (own.kind.equals(kind) && toMs >= own.startMs - OWN_SLACK_MS && fromMs <= own.emittedMs + OWN_SLACK_MS) {
                    return Verdict.OWN;
                }
            }
        }
        return best;
    }

    private static boolean inUntouched(Run run, long ms) {
        for (long[] m : run.untouched) {
            if (ms >= m[0] && ms < m[1]) {
                return true;
            }
        }
        return false;
    }

    public static void print(List<Run> runs, Score s, int seeds, PrintStream out) {
        out.printf("Anomaly evaluation, %d injection rounds: %d recording runs, %.1f untouched meter-weeks%n", seeds, runs.size(), s.untouchedWeeks);
        out.printf("%-14s %6s %5s %6s %5s %9s %6s %6s %10s %12s %8s%n", "fault", "faults", "hits", "false", "own",
                "precision", "recall", "F1", "delay p50", "P w/o own", "F1 w/o own");
        int[] all = new int[4];
        for (Map.Entry<String, int[]> e : s.byType.entrySet()) {
            int[] r = e.getValue();
            for (int i = 0; i < all.length; i++) {
                all[i] += r[i];
            }
            out.printf("%-14s %6d %5d %6d %5d %9s %6s %6s %10s %12s %8s%n", e.getKey().toLowerCase(java.util.Locale.ROOT),
                    r[0], r[1], r[2], r[3], ratio(r[1], r[1] + r[2] + r[3]), ratio(r[1], r[0]), f1(r[1], r[0], r[2] + r[3]),
                    median(s.delaysHours.get(e.getKey())), ratio(r[1], r[1] + r[2]), f1(r[1], r[0], r[2]));
        }
        out.printf("%-14s %6d %5d %6d %5d %9s %6s %6s %10s %12s %8s%n", "all", all[0], all[1], all[2], all[3],
                ratio(all[1], all[1] + all[2] + all[3]), ratio(all[1], all[0]), f1(all[1], all[0], all[2] + all[3]), "",
                ratio(all[1], all[1] + all[2]), f1(all[1], all[0], all[2]));
        out.println("(own: alerts the recording without injected faults raises too, its own events; precision and F1 count"
                + " them as false, the last two columns leave them out)");
        out.printf("False alerts on untouched months: %d in %.1f meter-weeks = %.3f per meter-week (raw anomalies: %.3f per meter-week)%n",
                s.untouchedFalseAlerts, s.untouchedWeeks, s.untouchedFalseAlerts / s.untouchedWeeks, s.untouchedFalseAnomalies / s.untouchedWeeks);
        out.printf("Alerts set off by a fault as another kind (neither hit nor false): %d; faults in the recordings themselves: %d, %d of them alerted%n",
                s.collateral, s.naturalFaults, s.naturalFound);
        for (String m : s.missed) {
            out.println("  missed: " + m);
        }
        for (String f : s.falseAlerts) {
            out.println("  false:  " + f);
        }
        for (String f : s.ownAlerts) {
            out.println("  own:    " + f);
        }
    }

    static String ratio(int a, int b) {
        return b == 0 ? "-" : String.format(java.util.Locale.ROOT, "%.2f", a / (double) b);
    }

    private static String f1(int hits, int faults, int falses) {
        if (faults == 0) {
            return "-";
        }
        double p = hits + falses == 0 ? 1 : hits / (double) (hits + falses);
        double r = hits / (double) faults;
        return p + r == 0 ? "0.00" : String.format(java.util.Locale.ROOT, "%.2f", 2 * p * r / (p + r));
    }

    private static String median(List<Double> v) {
        if (v.isEmpty()) {
            return "-";
        }
        List<Double> sorted = new ArrayList<>(v);
        sorted.sort(Double::compare);
        double m = sorted.get(sorted.size() / 2);
        return m < 1 ? String.format(java.util.Locale.ROOT, "%.0f min", m * 60) : String.format(java.util.Locale.ROOT, "%.1f h", m);
    }
}
