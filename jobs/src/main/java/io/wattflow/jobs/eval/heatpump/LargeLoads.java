package io.wattflow.jobs.eval.heatpump;

import io.wattflow.record.IntervalReading;

import java.util.ArrayList;
import java.util.List;

/**
 * Homes without a heat pump made into large electric loads that do not follow the cold, the case an
 * independent scoring found detected as heat pumps (a 40 kWh/day home without one scored 0.67-0.99):
 * each held-out home without a heat pump scaled to 40 kWh a day, and the same home with an electric car
 * charging at 7.4 kW from 22:00 to 02:00 every other night. Built from the fold's held-out homes only, so
 * the fold's models never saw them.
 */
final class LargeLoads {
    static final double DAILY_KWH = 40;
    static final double CHARGER_KWH_PER_QUARTER = 7.4 / 4;
    private static final long QUARTER_MS = 15 * 60_000L;

    private LargeLoads() {}

    static List<CkwHomes.Home> of(List<CkwHomes.Home> homes) {
        List<CkwHomes.Home> large = new ArrayList<>();
        for (CkwHomes.Home h : homes) {
            if (h.heatPump) {
                continue;
            }
            double factor = DAILY_KWH / dailyKwh(h);
            CkwHomes.Home scaled = new CkwHomes.Home(h.name + " x" + Math.round(factor), h.meterId + "-x40", false);
            CkwHomes.Home charged = new CkwHomes.Home(h.name + " + car", h.meterId + "-car", false);
            for (IntervalReading r : h.intervals) {
                scaled.add(IntervalReading.fromMeter(scaled.meterId, r.startMs, r.endMs, r.energyKwh * factor));
                charged.add(IntervalReading.fromMeter(charged.meterId, r.startMs, r.endMs, r.energyKwh + charging(r.startMs)));
            }
            large.add(scaled);
            large.add(charged);
        }
        return large;
    }

    /** A home's mean kWh a day over its intervals. */
    static double dailyKwh(CkwHomes.Home h) {
        return h.intervals.stream().mapToDouble(r -> r.energyKwh).sum() / (h.intervals.size() / (double) BaseloadRule.SLOTS_PER_DAY);
    }

    /** The name of the real home among {@code homes} that {@code large} was made from. */
    static String origin(CkwHomes.Home large, List<CkwHomes.Home> homes) {
        for (CkwHomes.Home h : homes) {
            if (large.meterId.startsWith(h.meterId + "-")) {
                return h.name;
            }
        }
        throw new IllegalArgumentException(large.name + " was not made from any of the homes given.");
    }

    /** 7.4 kW from 22:00 to 02:00 (UTC) starting on even days, whatever the weather. */
    static double charging(long startMs) {
        long day = Math.floorDiv(startMs, BaseloadRule.DAY_MS);
        int slot = (int) ((startMs - day * BaseloadRule.DAY_MS) / QUARTER_MS);
        boolean evening = slot >= 88 && day % 2 == 0;
        boolean morning = slot < 8 && (day - 1) % 2 == 0;
        return evening || morning ? CHARGER_KWH_PER_QUARTER : 0;
    }
}
