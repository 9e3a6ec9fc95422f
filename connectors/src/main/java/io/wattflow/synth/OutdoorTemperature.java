package io.wattflow.synth;

import java.util.SplittableRandom;

/**
 * Deterministic outdoor temperature of one region: a mean, a daily swing with its low before dawn,
 * and weather fronts as a slow random walk (one step an hour, interpolated in between).
 */
public final class OutdoorTemperature {
    private final double meanC;
    private final double dailySwingC;
    private final long seed;

    public OutdoorTemperature(double meanC, double dailySwingC, long seed) {
        this.meanC = meanC;
        this.dailySwingC = dailySwingC;
        this.seed = seed;
    }

    /** A winter week in central Europe: a good default for heat-pump households. */
    public static OutdoorTemperature winter(long seed) {
        return new OutdoorTemperature(2.0, 4.0, seed);
    }

    public double at(long epochMs) {
        double hours = epochMs / 3_600_000.0;
        double hourOfDay = ((hours % 24) + 24) % 24;
        double daily = -dailySwingC * Math.cos(2 * Math.PI * (hourOfDay - 4.0) / 24.0);
        long hour = (long) Math.floor(hours);
        double frac = hours - hour;
        return meanC + daily + (1 - frac) * front(hour) + frac * front(hour + 1);
    }

    /** A smooth pseudo-random deviation: the sum of three hash-seeded waves of 1-5 days. */
    private double front(long hour) {
        SplittableRandom r = new SplittableRandom(seed);
        double v = 0;
        for (int k = 0; k < 3; k++) {
            double period = 24 * (1 + 4 * r.nextDouble());
            double phase = 2 * Math.PI * r.nextDouble();
            v += 1.5 * Math.sin(2 * Math.PI * hour / period + phase);
        }
        return v;
    }
}
