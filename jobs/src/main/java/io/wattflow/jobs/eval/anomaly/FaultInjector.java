package io.wattflow.jobs.eval.anomaly;

import io.wattflow.jobs.eval.anomaly.InjectedFault.Type;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Injects labelled faults into a real recording, reproducibly from a seed. Calendar months alternate:
 * the first, third, ... month stays untouched (false alarms are counted there), the others get one
 * fault in each of their four 7-day slots, the fault types taken in rotation so each type is tried
 * equally often. A slot with less than 80 % data, or holding a fault of the recording itself, is
 * skipped. Sizes are drawn from ranges a utility sees: a 100-300 W standby step, a 1.5-3 kW heater
 * for 3-6 night hours, a 15-35 kW spike of 1-3 minutes, a stuck or zero meter for hours.
 */
final class FaultInjector {
    static final long MINUTE_MS = MinuteSeries.MINUTE_MS;
    static final long HOUR_MS = 60 * MINUTE_MS;
    static final long DAY_MS = 24 * HOUR_MS;

    private FaultInjector() {}

    static final class Result {
        final MinuteSeries series;
        final List<InjectedFault> faults = new ArrayList<>();
        /** [start, end) of the months left untouched. */
        final List<long[]> untouched = new ArrayList<>();

        Result(MinuteSeries series) {
            this.series = series;
        }
    }

    /** Faults the recording has itself: zero, frozen or missing for an hour or more (logger outages). */
    static List<InjectedFault> naturalFaults(MinuteSeries s) {
        List<InjectedFault> found = new ArrayList<>();
        double[] w = s.watts;
        int i = 0;
        while (i < w.length) {
            int j = i + 1;
            Type type;
            if (Double.isNaN(w[i])) {
                while (j < w.length && Double.isNaN(w[j])) {
                    j++;
                }
                type = Type.MISSING;
            } else if (Math.abs(w[i]) < 1) {
                while (j < w.length && !Double.isNaN(w[j]) && Math.abs(w[j]) < 1) {
                    j++;
                }
                type = Type.ZERO_RUN;
            } else {
                while (j < w.length && w[j] == w[i]) {
                    j++;
                }
                type = Type.STUCK;
            }
            if (j - i >= 60) {
                found.add(new InjectedFault(type, s.timeOf(i), s.timeOf(j), true, (j - i) + " min in the recording"));
            }
            i = j;
        }
        return found;
    }

    /** Injects into a copy of {@code original}; {@code rotation} carries the next fault type across recordings. */
    static Result inject(MinuteSeries original, List<InjectedFault> natural, long seed, int[] rotation) {
        Result result = new Result(original.copy());
        Random random = new Random(seed ^ original.meterId.hashCode());
        LocalDate month = Instant.ofEpochMilli(original.firstMs).atZone(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1);
        long end = original.timeOf(original.size());
        for (int index = 0; month.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli() < end; index++, month = month.plusMonths(1)) {
            long monthStart = month.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
            long monthEnd = month.plusMonths(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
            if (index % 2 == 0) {
                result.untouched.add(new long[] {Math.max(monthStart, original.firstMs), Math.min(monthEnd, end)});
                continue;
            }
            for (int slot = 0; slot < 4; slot++) {
                long s = monthStart + slot * 7 * DAY_MS;
                if (!usable(result.series, natural, s, s + 7 * DAY_MS)) {
                    continue;
                }
                Type type = Type.values()[rotation[0]++ % Type.values().length];
                result.faults.add(apply(result.series, type, s, random));
            }
        }
        return result;
    }

    static boolean usable(MinuteSeries s, List<InjectedFault> natural, long from, long to) {
        int a = s.indexOf(from);
        int b = s.indexOf(to);
        if (a < 0 || b > s.size()) {
            return false;
        }
        int present = 0;
        for (int i = a; i < b; i++) {
            present += Double.isNaN(s.watts[i]) ? 0 : 1;
        }
        if (present < 0.8 * (b - a)) {
            return false;
        }
        // Little of the slot may be the recording's own outages (they would blur what the injected fault set off).
        long outage = 0;
        for (InjectedFault f : natural) {
            outage += Math.max(0, Math.min(f.endMs, to) - Math.max(f.startMs, from));
        }
        return outage < 0.05 * (to - from);
    }

    static InjectedFault apply(MinuteSeries s, Type type, long slotStart, Random r) {
        double[] w = s.watts;
        long t = slotStart + DAY_MS + (long) (r.nextDouble() * 5 * DAY_MS);
        t -= Math.floorMod(t, MINUTE_MS);
        switch (type) {
            case SPIKE: {
                // 1-3 minutes, drawn from the same number as the power so that every other fault of a seed
                // stays where it was before spikes had a length.
                double u = r.nextDouble();
                double kw = 15 + 20 * u;
                int minutes = 1 + (int) (u * 3000) % 3;
                int i = s.indexOf(t);
                while (!allPresent(w, i - 1, i + minutes + 1)) {
                    i++;
                }
                for (int j = i; j < i + minutes; j++) {
                    w[j] = kw * 1000;
                }
                return fault(type, s.timeOf(i), s.timeOf(i + minutes), String.format(Locale.ROOT, "%.1f kW for %d min", kw, minutes));
            }
            case STUCK: {
                int i = s.indexOf(t);
                while (Double.isNaN(w[i]) || Math.abs(w[i]) < 20) {
                    i++;
                }
                int minutes = 120 + r.nextInt(361);
                double v = w[i];
                fill(w, i, i + minutes, v);
                return fault(type, s.timeOf(i), s.timeOf(i + minutes), String.format(Locale.ROOT, "%.1f W for %d min", v, minutes));
            }
            case ZERO_RUN: {
                int i = s.indexOf(t);
                int minutes = 90 + r.nextInt(271);
                fill(w, i, i + minutes, 0);
                return fault(type, s.timeOf(i), s.timeOf(i + minutes), minutes + " min");
            }
            case NEGATIVE: {
                int i = s.indexOf(t);
                int minutes = 10 + r.nextInt(111);
                for (int k = i; k < i + minutes; k++) {
                    if (!Double.isNaN(w[k])) {
                        w[k] = -Math.max(Math.abs(w[k]), 30);
                    }
                }
                return fault(type, s.timeOf(i), s.timeOf(i + minutes), minutes + " min");
            }
            case MISSING: {
                int i = s.indexOf(t);
                int minutes = 120 + r.nextInt(601);
                fill(w, i, i + minutes, Double.NaN);
                return fault(type, s.timeOf(i), s.timeOf(i + minutes), minutes + " min");
            }
            case NIGHT_HEATER: {
                long night = t - Math.floorMod(t, DAY_MS) + 23 * HOUR_MS + r.nextInt(121) * MINUTE_MS;
                int i = s.indexOf(night);
                int minutes = 180 + r.nextInt(181);
                double heater = 1500 + 1500 * r.nextDouble();
                add(w, i, i + minutes, heater);
                return fault(type, s.timeOf(i), s.timeOf(i + minutes), String.format(Locale.ROOT, "%.0f W for %d min", heater, minutes));
            }
            case BASELOAD_STEP: {
                int i = s.indexOf(slotStart + DAY_MS + (long) (r.nextDouble() * DAY_MS));
                int minutes = (3 + r.nextInt(3)) * 1440;
                double step = 100 + 200 * r.nextDouble();
                add(w, i, i + minutes, step);
                return fault(type, s.timeOf(i), s.timeOf(i + minutes), String.format(Locale.ROOT, "+%.0f W for %d days", step, minutes / 1440));
            }
            case PERIODICITY:
                return compressorChange(s, slotStart, r, false);
            default:
                throw new IllegalStateException(type.toString());
        }
    }

    /**
     * A compressor added to the slot's 7 days: 80-150 W on for 40 % of a 35-60 min period for 5 days,
     * then for 2 days a period 1.6-2.2 times as long (a thermostat or a seal failing), or with {@code
     * shorter} 0.45-0.6 times as long (a compressor short-cycling). The fault is those 2 days.
     */
    static InjectedFault compressorChange(MinuteSeries s, long slotStart, Random r, boolean shorter) {
        double[] w = s.watts;
        double before = 35 + 25 * r.nextDouble();
        double after = before * (shorter ? 0.45 + 0.15 * r.nextDouble() : 1.6 + 0.6 * r.nextDouble());
        double power = 80 + 70 * r.nextDouble();
        int i = s.indexOf(slotStart);
        int change = i + 5 * 1440;
        int stop = i + 7 * 1440;
        for (int k = i; k < stop; k++) {
            double period = k < change ? before : after;
            double phase = ((k - i) % period) / period;
            if (!Double.isNaN(w[k]) && phase < 0.4) {
                w[k] += power;
            }
        }
        return fault(Type.PERIODICITY, s.timeOf(change), s.timeOf(stop),
                String.format(Locale.ROOT, "%.0f W cycle, period %.0f -> %.0f min", power, before, after));
    }

    private static InjectedFault fault(Type type, long start, long end, String detail) {
        return new InjectedFault(type, start, end, false, detail);
    }

    private static void fill(double[] w, int from, int to, double v) {
        for (int k = from; k < Math.min(to, w.length); k++) {
            w[k] = v;
        }
    }

    private static void add(double[] w, int from, int to, double v) {
        for (int k = from; k < Math.min(to, w.length); k++) {
            if (!Double.isNaN(w[k])) {
                w[k] += v;
            }
        }
    }

    /** Whether minutes {@code from} (inclusive) to {@code to} (exclusive) all have data. */
    private static boolean allPresent(double[] w, int from, int to) {
        for (int j = from; j < to; j++) {
            if (Double.isNaN(w[j])) {
                return false;
            }
        }
        return true;
    }
}
