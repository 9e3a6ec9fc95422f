package io.wattflow.jobs.eval.appliance;

import io.wattflow.jobs.eval.EventReport;
import io.wattflow.jobs.eval.anomaly.AnomalyEvaluation;
import io.wattflow.jobs.eval.anomaly.MinuteSeries;
import io.wattflow.operators.changepoint.ChangeDetectors;
import io.wattflow.operators.changepoint.ChangepointPipeline;
import io.wattflow.operators.recognition.DeviceHealth;
import io.wattflow.operators.recognition.RecognitionState;
import io.wattflow.operators.recognition.RunClassifier;
import io.wattflow.operators.recognition.RunRecognizer;
import io.wattflow.record.ApplianceRun;
import io.wattflow.record.DeviceHealthAlert;
import io.wattflow.record.LoadEvent;
import io.wattflow.record.MeterReading;
import io.wattflow.replay.ChannelSample;
import io.wattflow.replay.Datasets;
import io.wattflow.replay.GjwChangeLogReader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Device health on REDD house 5: its 87.5 hours of readings (silences closed) repeated back to back for
 * five weeks (the same house, the same refrigerator), and from a chosen day on its refrigerator circuit
 * changed in the aggregate the detectors see: each cycle 40 % longer (duty cycle), 25 % more power when
 * on, or each cycle cut in two with a pause between (short cycling). The untouched five weeks are the
 * control. An alert of the drift's kind within 7 days of its start is a find; any other alert is false.
 *
 * <p>The same drifts on real houses whose days do not repeat ({@link #print(Background, House, RunClassifier,
 * PrintStream)}): REDD's refrigerator circuit added to a house's own readings (the GJW house at 1 Hz, REFIT 2
 * and UK-DALE 2 at 1 min), judged alone, with the fridge untouched and drifted.
 */
public final class DeviceHealthEvaluation {
    static final int REPEATS = 10;
    static final long DAY_MS = 86_400_000L;
    static final int[] START_DAYS = {17, 21, 25};
    /**
     * On a real house, a drift is tried on its first {@value #DRIFT_DAYS} days (the GJW house's length),
     * from days three weeks apart, each with two weeks before and a week after; the controls run on all of it.
     */
    static final int[] REAL_START_DAYS = {21, 42, 63};
    static final int DRIFT_DAYS = 84;
    static final double FRIDGE_ON_W = 50;
    static final long MAX_STEP_MS = 10_000;

    enum Drift { NONE, LONGER_CYCLES, MORE_POWER, SHORT_CYCLES }

    private DeviceHealthEvaluation() {}

    /** The recording's samples and the refrigerator's channel, or empty without REDD. */
    public record House(List<ChannelSample> samples, int fridge) {}

    public static Optional<House> redd() throws IOException {
        Optional<EventReport.Recording> r = EventReport.redd();
        if (r.isEmpty()) {
            return Optional.empty();
        }
        int fridge = -1;
        for (int c = 0; c < r.get().circuits.size(); c++) {
            if (r.get().circuits.get(c).contains("refrigerator")) {
                fridge = c;
            }
        }
        return fridge < 0 ? Optional.empty() : Optional.of(new House(r.get().sessions.get(0), fridge));
    }

    /** The house's aggregate repeated {@link #REPEATS} times, the refrigerator changed from {@code startDay} on. */
    static double[][] series(House h, Drift drift, int startDay) {
        List<ChannelSample> s = h.samples();
        long[] t = closedTimes(s);
        int n = s.size();
        long span = span(t);
        double[][] fridge = fridge(h, drift, startDay, REPEATS);
        double[] times = new double[n * REPEATS];
        double[] watts = new double[n * REPEATS];
        for (int rep = 0; rep < REPEATS; rep++) {
            for (int i = 0; i < n; i++) {
                times[rep * n + i] = t[i] + rep * span;
                watts[rep * n + i] = s.get(i).aggregate.activePowerW - fridge[0][rep * n + i] + fridge[1][rep * n + i];
            }
        }
        return new double[][] {times, watts};
    }

    /** How long one repeat of the closed recording lasts. */
    private static long span(long[] closedTimes) {
        return closedTimes[closedTimes.length - 1] - closedTimes[0] + 3_000;
    }

    /**
     * The refrigerator circuit over {@code repeats} repeats of the closed recording, as recorded and as
     * changed by {@code drift} from {@code startDay} (days from the first sample) on.
     */
    static double[][] fridge(House h, Drift drift, int startDay, int repeats) {
        List<ChannelSample> s = h.samples();
        long[] t = closedTimes(s);
        long first = t[0];
        int n = s.size();
        double[] fridge = new double[n];
        for (int i = 0; i < n; i++) {
            fridge[i] = s.get(i).channelsW[h.fridge()];
        }
        double[] recorded = new double[n * repeats];
        double[] changed = new double[n * repeats];
        for (int rep = 0; rep < repeats; rep++) {
            double[] drifted = fridge.clone();
            if (drift != Drift.NONE) {
                change(t, fridge, drifted, drift, rep * span(t), first + startDay * DAY_MS);
            }
            System.arraycopy(fridge, 0, recorded, rep * n, n);
            System.arraycopy(drifted, 0, changed, rep * n, n);
        }
        return new double[][] {recorded, changed};
    }

    /**
     * A real house's own readings with the refrigerator circuit added as {@link #fridge} changes it, at
     * the same time from the start: at each of the house's readings the circuit's mean over the time
     * since the reading before (at most a minute; a 1-min meter's readings are means), or its last sample
     * when none fell in it.
     */
    static double[][] withFridge(Background b, House h, Drift drift, int startDay) {
        long[] t = closedTimes(h.samples());
        long span = span(t);
        int repeats = (int) ((b.times()[b.times().length - 1] - b.times()[0]) / span) + 1;
        double[] fridge = fridge(h, drift, startDay, repeats)[1];
        double[] times = new double[b.times().length];
        double[] watts = new double[times.length];
        int j = 0;  // the first fridge sample after the reading before
        for (int i = 0; i < times.length; i++) {
            long offset = b.times()[i] - b.times()[0];
            long from = i == 0 ? offset - 1 : Math.max(b.times()[i - 1] - b.times()[0], offset - 60_000);
            while (j < fridge.length && offsetOf(t, span, j) <= from) {
                j++;
            }
            double sum = 0;
            int count = 0;
            while (j < fridge.length && offsetOf(t, span, j) <= offset) {
                sum += fridge[j++];
                count++;
            }
            times[i] = b.times()[i];
            watts[i] = b.watts()[i] + (count > 0 ? sum / count : fridge[Math.max(0, j - 1)]);
        }
        return new double[][] {times, watts};
    }

    /** The time from the start of the fridge's {@code j}th sample over the repeats. */
    private static long offsetOf(long[] closedTimes, long span, int j) {
        int n = closedTimes.length;
        return (j / n) * span + closedTimes[j % n] - closedTimes[0];
    }

    /** The refrigerator's ON stretches of one repeat that start after {@code driftFrom}, changed as {@code drift} says. */
    private static void change(long[] t, double[] fridge, double[] changed, Drift drift, long shift, long driftFrom) {
        int n = fridge.length;
        int i = 0;
        while (i < n) {
            if (fridge[i] < FRIDGE_ON_W) {
                i++;
                continue;
            }
            int a = i;
            while (i < n && fridge[i] >= FRIDGE_ON_W) {
                i++;
            }
            int b = i;  // ON over [a, b)
            if (t[a] + shift < driftFrom) {
                continue;
            }
            double mean = 0;
            for (int k = a; k < b; k++) {
                mean += fridge[k];
            }
            mean /= b - a;
            int length = b - a;
            switch (drift) {
                case LONGER_CYCLES -> {
                    int next = b;
                    while (next < n && fridge[next] < FRIDGE_ON_W) {
                        next++;
                    }
                    int end = Math.min(a + (int) Math.round(1.4 * length), next - 1);
                    for (int k = b; k < end; k++) {
                        changed[k] = mean;
                    }
                }
                case MORE_POWER -> {
                    for (int k = a; k < b; k++) {
                        changed[k] = 1.25 * fridge[k];
                    }
                }
                case SHORT_CYCLES -> {
                    int pauseFrom = a + (int) Math.round(0.45 * length);
                    int pauseTo = a + (int) Math.round(0.55 * length);
                    for (int k = pauseFrom; k < pauseTo; k++) {
                        changed[k] = 0;
                    }
                }
                default -> { }
            }
        }
    }

    /**
     * The samples' times with every silence longer than {@value #MAX_STEP_MS} ms closed to that: REDD
     * house 5's 87.5 hours of readings spread over six weeks become 3.6 days back to back.
     */
    static long[] closedTimes(List<ChannelSample> s) {
        long[] t = new long[s.size()];
        t[0] = s.get(0).aggregate.timestampMs;
        for (int i = 1; i < t.length; i++) {
            t[i] = t[i - 1] + Math.min(MAX_STEP_MS, s.get(i).aggregate.timestampMs - s.get(i - 1).aggregate.timestampMs);
        }
        return t;
    }

    /** The alerts of the stream's detection, pairing, recognition (with {@code classifier}, may be null) and health on a series. */
    static List<DeviceHealthAlert> alerts(String meterId, double[][] series, RunClassifier classifier) {
        ChangepointPipeline<?>.Meter meter = ChangeDetectors.pipeline("edge", ChangeDetectors.DEFAULT_MIN_STEP_W).new Meter(meterId);
        List<LoadEvent> events = new ArrayList<>();
        for (int i = 0; i < series[0].length; i++) {
            LoadEvent e = meter.add((long) series[0][i], series[1][i], null);
            if (e != null) {
                events.add(e);
            }
        }
        // A change still settling at the end of the series is measured from the samples there are, as the job does.
        LoadEvent last = meter.flush();
        if (last != null) {
            events.add(last);
        }
        RecognitionState state = new RecognitionState();
        List<DeviceHealthAlert> alerts = new ArrayList<>();
        for (ApplianceRun run : HouseRuns.pair(events)) {
            RunRecognizer.recognise(state, run, classifier);
            alerts.addAll(DeviceHealth.observe(state, run));
        }
        return alerts;
    }

    /** A real house's readings, in time order. */
    public record Background(String name, long[] times, double[] watts) {
        double days() {
            return (times[times.length - 1] - times[0]) / (double) DAY_MS;
        }

        /** Its readings of the first {@code days} days. */
        Background firstDays(int days) {
            int n = 0;
            while (n < times.length && times[n] < times[0] + days * DAY_MS) {
                n++;
            }
            return new Background(name, Arrays.copyOf(times, n), Arrays.copyOf(watts, n));
        }
    }

    /**
     * The GJW house's first three logs, one reading a second where it logged (17 October 2013 to 9 January
     * 2014, 84 days; its fourth log starts two months later and is too short to judge), or empty without them.
     */
    public static Optional<Background> gjw() throws IOException {
        Optional<Path> dir = Datasets.dataset("gjw-house-1hz");
        if (dir.isEmpty()) {
            return Optional.empty();
        }
        long[] times = new long[4_000_000];
        double[] watts = new double[times.length];
        int n = 0;
        for (Path log : AnomalyEvaluation.gjwLogs(dir.get()).subList(0, 3)) {
            try (GjwChangeLogReader r = new GjwChangeLogReader(log, null, "gjw-house", ZoneOffset.UTC, 300)) {
                while (r.hasNext()) {
                    MeterReading m = r.next();
                    // The logs overlap by a few days: the later one's readings before the earlier one's end are left out.
                    if (n > 0 && m.timestampMs <= times[n - 1]) {
                        continue;
                    }
                    if (n == times.length) {
                        times = Arrays.copyOf(times, 2 * n);
                        watts = Arrays.copyOf(watts, 2 * n);
                    }
                    times[n] = m.timestampMs;
                    watts[n++] = m.activePowerW;
                }
            }
        }
        return Optional.of(new Background("gjw-house", Arrays.copyOf(times, n), Arrays.copyOf(watts, n)));
    }

    /** The 1-min houses the anomaly evaluation replays (REFIT house 2 from March 2014, UK-DALE house 2), their minutes with data. */
    public static List<Background> minuteHouses() throws IOException {
        List<Background> houses = new ArrayList<>();
        for (MinuteSeries minutes : AnomalyEvaluation.minuteRecordings()) {
            long[] times = new long[minutes.size()];
            double[] watts = new double[minutes.size()];
            int n = 0;
            for (int i = 0; i < minutes.size(); i++) {
                if (!Double.isNaN(minutes.watts(i))) {
                    times[n] = minutes.timeOf(i);
                    watts[n++] = minutes.watts(i);
                }
            }
            houses.add(new Background(minutes.meterId(), Arrays.copyOf(times, n), Arrays.copyOf(watts, n)));
        }
        return houses;
    }

    /** One trial: a drift from a day (none: the control) and the series it gives. */
    private record Trial(Drift drift, int startDay, double days, Supplier<double[][]> series) {}

    /** The table; runs are recognised with {@code classifier} too, as in the stream (null: from labels alone). */
    public static void print(House h, RunClassifier classifier, PrintStream out) {
        long[] t = closedTimes(h.samples());
        double days = REPEATS * (t[t.length - 1] - t[0]) / (double) DAY_MS;
        out.println();
        out.printf(Locale.ROOT, "Device health: REDD house 5 repeated to %.0f days, its refrigerator changed from a day on "
                + "(a find: an alert of that kind within 7 days):%n%n", days);
        List<Trial> trials = new ArrayList<>();
        trials.add(new Trial(Drift.NONE, 0, days, () -> series(h, Drift.NONE, 0)));
        for (Drift drift : List.of(Drift.LONGER_CYCLES, Drift.MORE_POWER, Drift.SHORT_CYCLES)) {
            for (int start : START_DAYS) {
                trials.add(new Trial(drift, start, days, () -> series(h, drift, start)));
            }
        }
        table("redd-house5", trials, Math.floorDiv(t[0], DAY_MS), classifier, out);
    }

    /**
     * The same on a real house's own readings: the house alone, then with the refrigerator circuit added
     * untouched, and with each drift from {@link #REAL_START_DAYS} on its first {@value #DRIFT_DAYS} days.
     */
    public static void print(Background b, House h, RunClassifier classifier, PrintStream out) {
        double days = b.days();
        Background first = b.firstDays(DRIFT_DAYS);
        out.println();
        out.printf(Locale.ROOT, "Device health: %s's own %.0f days (%d readings), alone and with REDD house 5's refrigerator "
                + "circuit added; changed from a day on in its first %.0f days:%n%n", b.name(), days, b.times().length, first.days());
        List<Trial> trials = new ArrayList<>();
        trials.add(new Trial(null, 0, days, () -> new double[][] {Arrays.stream(b.times()).asDoubleStream().toArray(), b.watts()}));
        trials.add(new Trial(Drift.NONE, 0, days, () -> withFridge(b, h, Drift.NONE, 0)));
        for (Drift drift : List.of(Drift.LONGER_CYCLES, Drift.MORE_POWER, Drift.SHORT_CYCLES)) {
            for (int start : REAL_START_DAYS) {
                trials.add(new Trial(drift, start, first.days(), () -> withFridge(first, h, drift, start)));
            }
        }
        table(b.name(), trials, Math.floorDiv(b.times()[0], DAY_MS), classifier, out);
    }

    private static void table(String meterId, List<Trial> trials, long firstDay, RunClassifier classifier, PrintStream out) {
        out.println("| drift | from day | found | after days | other alerts |");
        out.println("| --- | ---: | --- | ---: | --- |");
        int found = 0;
        int drifts = 0;
        int falseAlerts = 0;
        double judgedWeeks = 0;
        for (Trial trial : trials) {
            // Judged: every day from the 3rd week on (the first two build the reference).
            judgedWeeks += Math.max(0, trial.days() - 14) / 7;
            List<DeviceHealthAlert> alerts = alerts(meterId, trial.series().get(), classifier);
            Drift drift = trial.drift();
            String kind = drift == null ? null : switch (drift) {
                case LONGER_CYCLES -> DeviceHealthAlert.DUTY_CYCLE_UP;
                case MORE_POWER -> DeviceHealthAlert.ON_POWER_UP;
                case SHORT_CYCLES -> DeviceHealthAlert.SHORT_CYCLING;
                default -> null;
            };
            int start = trial.startDay();
            Long after = null;
            List<String> others = new ArrayList<>();
            for (DeviceHealthAlert a : alerts) {
                long day = LocalDate.parse(a.day).toEpochDay() - firstDay;
                if (a.kind.equals(kind) && day >= start && day <= start + 7 && after == null) {
                    after = day - start;
                } else {
                    others.add(String.format(Locale.ROOT, "%s day %d (%.0f W device)", a.kind, day, a.typicalPowerW));
                    falseAlerts++;
                }
            }
            boolean drifted = kind != null;
            if (drifted) {
                drifts++;
                found += after != null ? 1 : 0;
            }
            String name = drift == null ? "none, the house alone" : drift == Drift.NONE ? "none"
                    : drift.name().toLowerCase(Locale.ROOT).replace('_', ' ');
            out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", name, drifted ? Integer.toString(start) : "",
                    drifted ? after != null ? "yes" : "no" : "", after == null ? "" : Long.toString(after),
                    others.isEmpty() ? "none" : String.join(", ", others));
        }
        out.printf(Locale.ROOT, "%nRecall %d of %d; false alerts %d in %.1f judged meter-weeks: %.2f per meter-week.%n", found, drifts,
                falseAlerts, judgedWeeks, falseAlerts / judgedWeeks);
    }
}
