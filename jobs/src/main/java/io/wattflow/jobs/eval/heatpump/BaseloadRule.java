package io.wattflow.jobs.eval.heatpump;

import io.wattflow.record.IntervalReading;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The simple methods the heat-pump models are compared with, in plain Java: heat pump = a day's load
 * above the home's night baseload, the lowest quarter hour between 00:00 and 05:00 (UTC days, as the
 * model's windows) of that day alone or of the week ending with it.
 */
final class BaseloadRule {
    static final long DAY_MS = 86_400_000L;
    static final int SLOTS_PER_DAY = 96;
    /** 00:00-05:00, as the training script's rules. */
    private static final int NIGHT_SLOTS = 20;

    static final BaseloadRule ONE_NIGHT = new BaseloadRule("one-night rule", 1);
    static final BaseloadRule SEVEN_NIGHTS = new BaseloadRule("seven-night rule", 7);

    final String name;
    private final int nights;

    private BaseloadRule(String name, int nights) {
        this.name = name;
        this.nights = nights;
    }

    /** The estimate for {@code day} (96 values), or null when one of the nights it reads is missing. */
    double[] estimate(Map<Long, double[]> days, long day) {
        double base = Double.MAX_VALUE;
        for (long d = day - nights + 1; d <= day; d++) {
            double[] kwh = days.get(d);
            if (kwh == null) {
                return null;
            }
            for (int i = 0; i < NIGHT_SLOTS; i++) {
                base = Math.min(base, kwh[i]);
            }
        }
        double[] estimate = new double[SLOTS_PER_DAY];
        double[] kwh = days.get(day);
        for (int i = 0; i < SLOTS_PER_DAY; i++) {
            estimate[i] = Math.max(0, kwh[i] - base);
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
