package io.wattflow.jobs.eval.heatpump;

import io.wattflow.record.IntervalReading;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The night-baseload rules in plain Java: heat pump = a day's load above the home's night baseload,
 * the lowest night quarter hour (UTC days, as the models' windows) of that day alone or of the week
 * ending with it, optionally capped at the largest excess over that baseload in those nights. The
 * simple methods the models are compared with, and the candidates the nested choice picks from.
 */
final class BaseloadRule {
    static final long DAY_MS = 86_400_000L;
    static final int SLOTS_PER_DAY = 96;

    /** Which quarter hours of a day are night. */
    enum Night {
        /** 00:00-05:00, as the simple method. */
        EARLY(0, 20, 96, 96),
        /** 22:00-06:00 (00:00-06:00 and 22:00-24:00 of each day), as the shipped rule. */
        LONG(0, 24, 88, 96);

        private final int from1, to1, from2, to2;

        Night(int from1, int to1, int from2, int to2) {
            this.from1 = from1;
            this.to1 = to1;
            this.from2 = from2;
            this.to2 = to2;
        }

        boolean contains(int slot) {
            return (slot >= from1 && slot < to1) || (slot >= from2 && slot < to2);
        }
    }

    static final BaseloadRule ONE_NIGHT = new BaseloadRule("one-night rule", 1, Night.EARLY, false);
    static final BaseloadRule SEVEN_NIGHTS = new BaseloadRule("seven-night rule", 7, Night.EARLY, false);
    /** The rule the jar ships as ONNX ({@code NightCappedBaseloadRule}). */
    static final BaseloadRule SHIPPED = new BaseloadRule("seven nights 22-06, capped", 7, Night.LONG, true);

    final String name;
    private final int nights;
    private final Night night;
    private final boolean capped;

    BaseloadRule(String name, int nights, Night night, boolean capped) {
        this.name = name;
        this.nights = nights;
        this.night = night;
        this.capped = capped;
    }

    /** Every combination of one or seven nights, the two nights and with or without the cap. */
    static List<BaseloadRule> variants() {
        List<BaseloadRule> rules = new java.util.ArrayList<>();
        for (int n : new int[] {1, 7}) {
            for (Night w : Night.values()) {
                for (boolean cap : new boolean[] {false, true}) {
                    String name = (n == 1 ? "one night " : "seven nights ") + (w == Night.EARLY ? "00-05" : "22-06")
                            + (cap ? ", capped" : "");
                    rules.add(new BaseloadRule(name, n, w, cap));
                }
            }
        }
        return rules;
    }

    /** The estimate for {@code day} (96 values), or null when one of the nights it reads is missing. */
    double[] estimate(Map<Long, double[]> days, long day) {
        double base = Double.MAX_VALUE;
        double highest = 0;
        for (long d = day - nights + 1; d <= day; d++) {
            double[] kwh = days.get(d);
            if (kwh == null) {
                return null;
            }
            for (int i = 0; i < SLOTS_PER_DAY; i++) {
                if (night.contains(i)) {
                    base = Math.min(base, kwh[i]);
                    highest = Math.max(highest, kwh[i]);
                }
            }
        }
        double cap = capped ? highest - base : Double.MAX_VALUE;
        double[] estimate = new double[SLOTS_PER_DAY];
        double[] kwh = days.get(day);
        for (int i = 0; i < SLOTS_PER_DAY; i++) {
            estimate[i] = Math.min(Math.max(0, kwh[i] - base), cap);
        }
        return estimate;
    }

    /** The estimates of {@code days} by interval start; a day whose nights are missing has none. */
    Map<Long, Double> estimates(Map<Long, double[]> meterDays, Iterable<Long> days) {
        Map<Long, Double> estimate = new HashMap<>();
        for (long day : days) {
            double[] kwh = estimate(meterDays, day);
            for (int i = 0; kwh != null && i < SLOTS_PER_DAY; i++) {
                estimate.put(day * DAY_MS + i * DAY_MS / SLOTS_PER_DAY, kwh[i]);
            }
        }
        return estimate;
    }

    /** Whole UTC days of a meter's 15-min energy, by day number since the epoch. */
    static Map<Long, double[]> days(List<IntervalReading> intervals) {
        Map<Long, double[]> days = new TreeMap<>();
        Map<Long, Integer> counts = new HashMap<>();
        for (IntervalReading r : intervals) {
            long day = Math.floorDiv(r.startMs, DAY_MS);
            int slot = (int) ((r.startMs - day * DAY_MS) / (DAY_MS / SLOTS_PER_DAY));
            days.computeIfAbsent(day, k -> new double[SLOTS_PER_DAY])[slot] = r.energyKwh;
            counts.merge(day, 1, Integer::sum);
        }
        days.keySet().removeIf(day -> counts.get(day) < SLOTS_PER_DAY);
        return days;
    }
}
