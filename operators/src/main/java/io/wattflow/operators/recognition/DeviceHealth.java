package io.wattflow.operators.recognition;

import io.wattflow.operators.DayRing;
import io.wattflow.record.ApplianceRun;
import io.wattflow.record.DeviceHealthAlert;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Watches a meter's cycling devices (a fridge, a freezer, a heat pump) against their own history. A
 * device is tracked once one of the meter's clusters of runs cycles: {@value #MIN_RUNS} runs over at
 * least {@value #MIN_DAYS} days, {@value #MIN_RUNS_PER_DAY} or more a day. From then on every run of its
 * power (within 20 %) and of a plausible length (within x4 of its own) counts as one of its cycles, named
 * or not, so that a device that changes how it cycles is still the same device. When a day is over,
 * its last 7 days are judged against the 3 weeks before (at least 5 and 10 days with cycles):
 *
 * <ul>
 *   <li>{@code duty_cycle_up}: on {@value #DUTY_UP} times as much of the time or more;</li>
 *   <li>{@code on_power_up}: drawing {@value #POWER_UP} times as much when running or more;</li>
 *   <li>{@code short_cycling}: cycles of {@value #SHORT_LENGTH} of their length or less, {@value #SHORT_COUNT}
 *       times as many or more.</li>
 * </ul>
 * Each kind also needs the last 7 days' mean {@value #MIN_Z} standard errors beyond the reference's,
 * judged by how much the reference's own days differ from each other (duty cycle, mean draw, cycles a
 * day): the runs of a house's other loads of the same power that pass for the device's cycles move with
 * how the household lives, and a busy week alone is not a fault. Each kind is raised at most once in
 * {@value #QUIET_DAYS} days per device.
 */
public final class DeviceHealth {
    public static final int DEVICES = 2;
    public static final int DAYS = 28;
    static final int MIN_RUNS = 20;
    static final int MIN_DAYS = 3;
    static final int MIN_RUNS_PER_DAY = 8;
    static final double DUTY_UP = 1.3;
    static final double POWER_UP = 1.15;
    static final double SHORT_LENGTH = 0.6;
    static final double SHORT_COUNT = 1.5;
    static final int QUIET_DAYS = 14;
    /**
     * How far beyond the device's own day-to-day spread the last 7 days must be: a change in how a
     * household uses a load moves its days as much as a fault would, a thermostat's cycles do not.
     */
    static final double MIN_Z = 3;
    /** A compressor drawing up to a third more is still the same device (log10 of 1.32). */
    private static final double POWER_BAND = 0.12;
    private static final double LENGTH_FACTOR = Math.log10(4);
    private static final long DAY_MS = 86_400_000L;
    private static final String[] KINDS = {DeviceHealthAlert.DUTY_CYCLE_UP, DeviceHealthAlert.ON_POWER_UP, DeviceHealthAlert.SHORT_CYCLING};

    private DeviceHealth() {}

    /** Counts a run (after {@link RunRecognizer#recognise}) and returns the alerts of the day(s) its start closed. */
    public static List<DeviceHealthAlert> observe(RecognitionState s, ApplianceRun run) {
        List<DeviceHealthAlert> alerts = new ArrayList<>();
        long day = Math.floorDiv(run.startMs, DAY_MS);
        if (s.healthPower != null && day > s.healthNewestDay) {
            if (s.healthNewestDay != Long.MIN_VALUE) {
                judge(s, s.healthNewestDay, run.meterId, alerts);
            }
            s.healthNewestDay = DayRing.advance(s.healthNewestDay, day, DAYS, slot -> {
                for (int k = 0; k < DEVICES; k++) {
                    s.healthCycles[k * DAYS + slot] = 0;
                    s.healthOnMinutes[k * DAYS + slot] = 0;
                    s.healthPowerSum[k * DAYS + slot] = 0;
                }
            });
        }
        track(s, day);
        float[] f = RunFeatures.of(run);
        if (s.healthPower == null || f == null || run.durationMs == null || DayRing.tooOld(s.healthNewestDay, day, DAYS)) {
            return alerts;
        }
        for (int k = 0; k < DEVICES; k++) {
            if (!Float.isNaN(s.healthPower[k]) && Math.abs(f[RunFeatures.POWER] - s.healthPower[k]) <= POWER_BAND
                    && Math.abs(f[RunFeatures.DURATION] - s.healthDuration[k]) <= LENGTH_FACTOR) {
                int i = k * DAYS + DayRing.slot(day, DAYS);
                s.healthCycles[i] = (short) Math.min(Short.MAX_VALUE, s.healthCycles[i] + 1);
                s.healthOnMinutes[i] += run.durationMs / 60_000f;
                s.healthPowerSum[i] += (float) Math.abs(run.meanPowerW);
                break;
            }
        }
        return alerts;
    }

    /** Starts tracking a cluster that cycles, in a free slot, unless a tracked device has its power already. */
    private static void track(RecognitionState s, long day) {
        for (int c = 0; c < RecognitionState.CLUSTERS; c++) {
            if (s.clusterId[c] < 0 || s.clusterRuns[c] < MIN_RUNS || s.clusterDays[c] < MIN_DAYS
                    || s.clusterRuns[c] < MIN_RUNS_PER_DAY * s.clusterDays[c]) {
                continue;
            }
            float power = s.clusterFeatures[c * RunFeatures.COUNT + RunFeatures.POWER];
            float duration = s.clusterFeatures[c * RunFeatures.COUNT + RunFeatures.DURATION];
            if (Float.isNaN(duration)) {
                continue;
            }
            if (s.healthPower == null) {
                s.healthPower = new float[DEVICES];
                s.healthDuration = new float[DEVICES];
                Arrays.fill(s.healthPower, Float.NaN);
                s.healthCycles = new short[DEVICES * DAYS];
                s.healthOnMinutes = new float[DEVICES * DAYS];
                s.healthPowerSum = new float[DEVICES * DAYS];
                s.healthAlertedDay = new int[DEVICES * KINDS.length];
                Arrays.fill(s.healthAlertedDay, Integer.MIN_VALUE);
                s.healthNewestDay = day;
            }
            int free = -1;
            boolean known = false;
            for (int k = 0; k < DEVICES; k++) {
                if (Float.isNaN(s.healthPower[k])) {
                    free = free < 0 ? k : free;
                } else if (Math.abs(s.healthPower[k] - power) <= POWER_BAND) {
                    known = true;
                }
            }
            if (!known && free >= 0) {
                s.healthPower[free] = power;
                s.healthDuration[free] = duration;
            }
        }
    }

    /** Judges each tracked device's 7 days up to {@code day} against the 21 before. */
    private static void judge(RecognitionState s, long day, String meterId, List<DeviceHealthAlert> out) {
        for (int k = 0; k < DEVICES; k++) {
            if (Float.isNaN(s.healthPower[k])) {
                continue;
            }
            Window recent = window(s, k, day - 6, day);
            Window reference = window(s, k, day - DAYS + 1, day - 7);
            if (recent.days < 5 || reference.days < 10) {
                continue;
            }
            double[][] checks = {
                {recent.duty(), reference.duty(), recent.duty() >= DUTY_UP * reference.duty()
                        && beyondSpread(recent.duty(), reference.duty(), reference.dutySpread(), recent.days) ? 1 : 0},
                {recent.power(), reference.power(), recent.power() >= POWER_UP * reference.power()
                        && beyondSpread(recent.dayPower(), reference.dayPower(), reference.powerSpread(), recent.days) ? 1 : 0},
                {recent.length(), reference.length(), recent.length() <= SHORT_LENGTH * reference.length()
                        && recent.perDay() >= SHORT_COUNT * reference.perDay()
                        && beyondSpread(recent.perDay(), reference.perDay(), reference.perDaySpread(), recent.days) ? 1 : 0}};
            for (int kind = 0; kind < KINDS.length; kind++) {
                int a = k * KINDS.length + kind;
                if (checks[kind][2] == 0 || (s.healthAlertedDay[a] != Integer.MIN_VALUE && day - s.healthAlertedDay[a] < QUIET_DAYS)) {
                    continue;
                }
                s.healthAlertedDay[a] = (int) day;
                out.add(alert(s, k, meterId, day, KINDS[kind], checks[kind][0], checks[kind][1], recent, reference));
            }
        }
    }

    /** Whether a mean of {@code days} days lies {@link #MIN_Z} standard errors above the reference's mean, judged by its days' spread. */
    private static boolean beyondSpread(double recent, double reference, double referenceDaySpread, int days) {
        return recent - reference >= MIN_Z * referenceDaySpread / Math.sqrt(days);
    }

    private static DeviceHealthAlert alert(RecognitionState s, int k, String meterId, long day, String kind, double observed,
            double expected, Window recent, Window reference) {
        DeviceHealthAlert a = new DeviceHealthAlert();
        a.meterId = meterId;
        a.kind = kind;
        a.day = LocalDate.ofEpochDay(day).toString();
        a.dayStartMs = day * DAY_MS;
        a.typicalPowerW = Math.pow(10, s.healthPower[k]);
        a.appliance = nameOf(s, s.healthPower[k]);
        a.observed = observed;
        a.expected = expected;
        String device = a.appliance != null ? "Your " + a.appliance : String.format(Locale.ROOT,
                "Your %.0f W cycling appliance (a fridge or freezer, by the way it cycles)", a.typicalPowerW);
        switch (kind) {
            case DeviceHealthAlert.DUTY_CYCLE_UP -> {
                a.unit = "share";
                a.explanation = String.format(Locale.ROOT, "%s ran %.0f %% of the time over the last 7 days against %.0f %% in the 3 weeks "
                        + "before: it is working harder (check the door seal, the space around it, or the compressor).", device,
                        100 * observed, 100 * expected);
            }
            case DeviceHealthAlert.ON_POWER_UP -> {
                a.unit = "W";
                a.explanation = String.format(Locale.ROOT, "%s draws %.0f W when running over the last 7 days against %.0f W in the 3 weeks "
                        + "before: a compressor drawing more can be wearing out.", device, observed, expected);
            }
            default -> {
                a.unit = "min";
                a.explanation = String.format(Locale.ROOT, "%s now switches on %.0f times a day for %.0f min each, against %.0f times for "
                        + "%.0f min in the 3 weeks before: short cycling wears a compressor out (a thermostat or refrigerant problem).",
                        device, recent.perDay(), observed, reference.perDay(), expected);
            }
        }
        return a;
    }

    /** The household's name of the device: the library entry nearest its power, within 20 %; null when none. */
    private static String nameOf(RecognitionState s, float power) {
        for (int i = 0; i < RecognitionState.LIBRARY; i++) {
            if (s.libraryName[i] >= 0 && Math.abs(s.libraryFeatures[i * RunFeatures.COUNT + RunFeatures.POWER] - power) <= POWER_BAND) {
                return s.names[s.libraryName[i]];
            }
        }
        return null;
    }

    private static Window window(RecognitionState s, int k, long from, long to) {
        Window w = new Window();
        for (long d = Math.max(from, s.healthNewestDay - DAYS + 1); d <= to; d++) {
            int i = k * DAYS + DayRing.slot(d, DAYS);
            if (d > s.healthNewestDay || s.healthCycles[i] == 0) {
                continue;
            }
            w.days++;
            w.cycles += s.healthCycles[i];
            w.onMinutes += s.healthOnMinutes[i];
            w.powerSum += s.healthPowerSum[i];
            double duty = s.healthOnMinutes[i] / 1440.0;
            double power = s.healthPowerSum[i] / s.healthCycles[i];
            w.dutySquares += duty * duty;
            w.powerDays += power;
            w.powerSquares += power * power;
            w.cyclesSquares += (double) s.healthCycles[i] * s.healthCycles[i];
        }
        return w;
    }

    /** Sums over the days of a window that had cycles, and of their squares for the spread from day to day. */
    private static final class Window {
        int days;
        long cycles;
        double onMinutes;
        double powerSum;
        double dutySquares;
        double powerDays;
        double powerSquares;
        double cyclesSquares;

        double dutySpread() {
            return spread(onMinutes / 1440.0, dutySquares);
        }

        /** The spread of the days' mean draw. */
        double powerSpread() {
            return spread(powerDays, powerSquares);
        }

        double perDaySpread() {
            return spread(cycles, cyclesSquares);
        }

        private double spread(double sum, double squares) {
            if (days < 2) {
                return 0;
            }
            double mean = sum / days;
            return Math.sqrt(Math.max(0, (squares - days * mean * mean) / (days - 1)));
        }

        double duty() {
            return onMinutes / (days * 1440.0);
        }

        double power() {
            return powerSum / cycles;
        }

        /** The mean of the days' mean draws: the estimate whose spread {@link #powerSpread()} is. */
        double dayPower() {
            return powerDays / days;
        }

        double length() {
            return onMinutes / cycles;
        }

        double perDay() {
            return cycles / (double) days;
        }
    }
}
