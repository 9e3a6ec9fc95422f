package io.wattflow.synth;

import java.util.SplittableRandom;

/**
 * One simulated appliance. Each second the household asks it for its active power; its
 * {@link #stage()} says which step of its cycle it is in (0 = off), and a change of stage is a
 * labelled event (ON, OFF or STEP) with the change of the appliance's nominal power.
 */
abstract class Appliance {
    final String name;
    final int phase;
    /** Reactive over active power, tan(acos(pf)); negative for capacitive loads. */
    final double reactiveRatio;

    Appliance(String name, int phase, double powerFactor, boolean capacitive) {
        this.name = name;
        this.phase = phase;
        double tan = Math.tan(Math.acos(powerFactor));
        this.reactiveRatio = capacitive ? -tan : tan;
    }

    /** Advances one second and returns the active power in W for that second. */
    abstract double step(long epochSecond, double hourOfDay, double outdoorC, SplittableRandom rng);

    /** 0 when off; any other value names a step of the appliance's cycle. */
    abstract int stage();

    /** The power the current stage draws without transients and noise, for the event labels. */
    abstract double nominalW();

    /** Hour-of-day weights scaled to average 1, so starts per day stay as given whatever the weights. */
    static double[] normalisedHours(double[] weights) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double[] n = new double[24];
        for (int h = 0; h < 24; h++) {
            n[h] = weights[h] * 24 / sum;
        }
        return n;
    }

    static double uniform(SplittableRandom rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    static double gaussian(SplittableRandom rng) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
        double u = Math.max(rng.nextDouble(), 1e-12);
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
