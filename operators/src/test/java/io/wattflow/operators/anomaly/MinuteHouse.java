package io.wattflow.operators.anomaly;

import io.wattflow.record.IntervalReading;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * A deterministic house as 1-min interval records: 100 W standby, a fridge cycling 80 W with a
 * 45-min period, evening use 18-22 h, morning use 7-8 h, a little noise. Faults are applied per
 * minute by the tests.
 */
final class MinuteHouse {
    static final long MINUTE = 60_000L;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;
    /** Monday 2024-01-01 00:00 UTC. */
    static final long START = 1_704_067_200_000L;

    interface Fault {
        /** The minute's power after the fault, or NaN for no record. */
        double apply(long t, double w);
    }

    static double normal(long t, double fridgePeriodMin) {
        long minuteOfDay = Math.floorMod(t, DAY) / MINUTE;
        double w = 100;
        double phase = ((t - START) / MINUTE % fridgePeriodMin) / fridgePeriodMin;
        if (phase < 0.4) {
            w += 80;
        }
        if (minuteOfDay >= 18 * 60 && minuteOfDay < 22 * 60) {
            w += 500;
        }
        if (minuteOfDay >= 7 * 60 && minuteOfDay < 8 * 60) {
            w += 900;
        }
        w += 7 * Math.sin(t / (double) MINUTE * 0.7) + 3 * Math.sin(t / (double) MINUTE * 2.3);
        return w;
    }

    static List<IntervalReading> minutes(String meter, long fromMs, long toMs, Fault fault) {
        List<IntervalReading> out = new ArrayList<>();
        for (long t = fromMs; t < toMs; t += MINUTE) {
            double w = fault.apply(t, normal(t, 45));
            if (!Double.isNaN(w)) {
                out.add(interval(meter, t, w));
            }
        }
        return out;
    }

    static List<IntervalReading> minutes(String meter, long fromMs, long toMs) {
        return minutes(meter, fromMs, toMs, (t, w) -> w);
    }

    static IntervalReading interval(String meter, long t, double w) {
        IntervalReading r = new IntervalReading();
        r.meterId = meter;
        r.startMs = t;
        r.endMs = t + MINUTE;
        r.meanPowerW = w;
        r.minPowerW = w;
        r.maxPowerW = w;
        r.energyKwh = w / 1000 / 60;
        r.coverage = 1.0;
        r.sampleCount = 1;
        r.source = IntervalReading.SOURCE_AGGREGATED;
        return r;
    }

    static Fault between(long from, long to, DoubleUnaryOperator change) {
        return (t, w) -> t >= from && t < to ? change.applyAsDouble(w) : w;
    }
}
