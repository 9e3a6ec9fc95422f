package io.wattflow.synth;

import java.util.SplittableRandom;

/** Lamps switched on and off one by one, mostly in the morning and the evening. */
final class Lighting extends Appliance {
    private final double[] lampW;
    private final boolean[] lit;

    Lighting(int phase, SplittableRandom rng) {
        super("lighting", phase, 0.9, true);
        int lamps = rng.nextInt(3, 7);
        lampW = new double[lamps];
        lit = new boolean[lamps];
        for (int i = 0; i < lamps; i++) {
            lampW[i] = uniform(rng, 8, 60);
        }
    }

    /** Share of lamps a household wants on at this hour. */
    private static double wanted(double hour) {
        if (hour >= 6.5 && hour < 8.5) {
            return 0.4;
        }
        if (hour >= 17 && hour < 23) {
            return 0.6;
        }
        return 0.03;
    }

    @Override
    double step(long epochSecond, double hourOfDay, double outdoorC, SplittableRandom rng) {
        double target = wanted(hourOfDay);
        double w = 0;
        for (int i = 0; i < lampW.length; i++) {
            // Each lamp flips about once an hour, towards the share wanted at this hour.
            if (rng.nextDouble() < 1.0 / 3600) {
                lit[i] = rng.nextDouble() < target;
            }
            if (lit[i]) {
                w += lampW[i];
            }
        }
        return w;
    }

    @Override
    int stage() {
        int mask = 0;
        for (int i = 0; i < lit.length; i++) {
            mask |= lit[i] ? 1 << i : 0;
        }
        return mask;
    }

    @Override
    double nominalW() {
        double w = 0;
        for (int i = 0; i < lampW.length; i++) {
            w += lit[i] ? lampW[i] : 0;
        }
        return w;
    }
}
