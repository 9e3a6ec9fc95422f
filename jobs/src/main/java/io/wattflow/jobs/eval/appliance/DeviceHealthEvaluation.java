package io.wattflow.jobs.eval.appliance;

import io.wattflow.jobs.eval.EventReport;
import io.wattflow.operators.changepoint.ChangeDetectors;
import io.wattflow.operators.changepoint.ChangepointPipeline;
import io.wattflow.operators.recognition.DeviceHealth;
import io.wattflow.operators.recognition.RecognitionState;
import io.wattflow.operators.recognition.RunClassifier;
import io.wattflow.operators.recognition.RunRecognizer;
import io.wattflow.record.ApplianceRun;
import io.wattflow.record.DeviceHealthAlert;
import io.wattflow.record.LoadEvent;
import io.wattflow.replay.ChannelSample;

import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Device health on REDD house 5: its 87.5 hours of readings (silences closed) repeated back to back for
 * five weeks (the same house,
 * the same refrigerator), and from a chosen day on its refrigerator circuit changed in the aggregate
 * the detectors see: each cycle 40 % longer (duty cycle), 25 % more power when on, or each cycle cut
 * in two with a pause between (short cycling). The untouched five weeks are the control. An alert of
 * the drift's kind within 7 days of its start is a find; any other alert is false. Nothing of the
 * health rules was chosen on this house.
 */
public final class DeviceHealthEvaluation {
    static final int REPEATS = 10;
    static final long DAY_MS = 86_400_000L;
    static final int[] START_DAYS = {17, 21, 25};
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
        long first = t[0];
        long span = t[t.length - 1] - first + 3_000;
        int n = s.size();
        double[] times = new double[n * REPEATS];
        double[] watts = new double[n * REPEATS];
        for (int rep = 0; rep < REPEATS; rep++) {
            double[] fridge = new double[n];
            for (int i = 0; i < n; i++) {
                fridge[i] = s.get(i).channelsW[h.fridge()];
            }
            double[] changed = fridge.clone();
            long repStart = first + rep * span;
            long driftFrom = first + startDay * DAY_MS;
            if (drift != Drift.NONE) {
                change(t, fridge, changed, drift, repStart - first, driftFrom);
            }
            for (int i = 0; i < n; i++) {
                times[rep * n + i] = t[i] + rep * span;
                watts[rep * n + i] = s.get(i).aggregate.activePowerW - fridge[i] + changed[i];
            }
        }
        return new double[][] {times, watts};
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
    static List<DeviceHealthAlert> alerts(double[][] series, RunClassifier classifier) {
        ChangepointPipeline<?>.Meter meter = ChangeDetectors.pipeline("edge", ChangeDetectors.DEFAULT_MIN_STEP_W).new Meter("redd-house5");
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

    /** The table; runs are recognised with {@code classifier} too, as in the stream (null: from labels alone). */
    public static void print(House h, RunClassifier classifier, PrintStream out) {
        long[] t = closedTimes(h.samples());
        long firstDay = Math.floorDiv(t[0], DAY_MS);
        double days = REPEATS * (t[t.length - 1] - t[0]) / (double) DAY_MS;
        out.println();
        out.printf(Locale.ROOT, "Device health: REDD house 5 repeated to %.0f days, its refrigerator changed from a day on "
                + "(a find: an alert of that kind within 7 days):%n%n", days);
        out.println("| drift | from day | found | after days | other alerts |");
        out.println("| --- | ---: | --- | ---: | --- |");
        int found = 0;
        int trials = 0;
        int falseAlerts = 0;
        for (Drift drift : Drift.values()) {
            for (int start : drift == Drift.NONE ? new int[] {0} : START_DAYS) {
                List<DeviceHealthAlert> alerts = alerts(series(h, drift, start), classifier);
                String kind = switch (drift) {
                    case LONGER_CYCLES -> DeviceHealthAlert.DUTY_CYCLE_UP;
                    case MORE_POWER -> DeviceHealthAlert.ON_POWER_UP;
                    case SHORT_CYCLES -> DeviceHealthAlert.SHORT_CYCLING;
                    default -> null;
                };
                Long after = null;
                List<String> others = new ArrayList<>();
                for (DeviceHealthAlert a : alerts) {
                    long day = LocalDate.parse(a.day).toEpochDay() - firstDay;
                    if (a.kind.equals(kind) && day >= start && day <= start + 7 && after == null) {
                        after = day - start;
                    } else {
                        others.add(a.kind + " day " + day);
                        falseAlerts++;
                    }
                }
                if (drift != Drift.NONE) {
                    trials++;
                    found += after != null ? 1 : 0;
                }
                out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", drift.name().toLowerCase(Locale.ROOT).replace('_', ' '),
                        drift == Drift.NONE ? "" : Integer.toString(start), drift == Drift.NONE ? "" : after != null ? "yes" : "no",
                        after == null ? "" : Long.toString(after), others.isEmpty() ? "none" : String.join(", ", others));
            }
        }
        // Judged weeks: every day from the 3rd week on (the first two build the reference), in every run.
        double judgedWeeks = (1 + trials) * (days - 14) / 7;
        out.printf(Locale.ROOT, "%nRecall %d of %d; false alerts %d in %.1f judged meter-weeks: %.2f per meter-week.%n", found, trials,
                falseAlerts, judgedWeeks, falseAlerts / judgedWeeks);
    }
}
