package io.wattflow.synth;

import java.util.SplittableRandom;

/** A fridge or freezer: compressor cycles with an inrush peak at start and a slow decline while on. */
final class CyclingCompressor extends Appliance {
    private final double ratedW;
    private final int minOn, maxOn, minOff, maxOff;
    private boolean on;
    private int left;
    private int elapsed;
    /** From this epoch second on, each ON period lasts {@link #wornFactor} times as long (a worn seal, a tired compressor). */
    private long wornFrom = Long.MAX_VALUE;
    private double wornFactor = 1;

    CyclingCompressor(String name, int phase, double ratedW, int minOn, int maxOn, int minOff, int maxOff, SplittableRandom rng) {
        super(name, phase, 0.8, false);
        this.ratedW = ratedW;
        this.minOn = minOn;
        this.maxOn = maxOn;
        this.minOff = minOff;
        this.maxOff = maxOff;
        this.left = rng.nextInt(minOff, maxOff); // start somewhere in an off period, so houses differ
    }

    @Override
    double step(long epochSecond, double hourOfDay, double outdoorC, SplittableRandom rng) {
        if (--left <= 0) {
            on = !on;
            elapsed = 0;
            left = on ? rng.nextInt(minOn, maxOn) : rng.nextInt(minOff, maxOff);
            if (on && epochSecond >= wornFrom) {
                left = (int) Math.round(left * wornFactor);
            }
        }
        elapsed++;
        if (!on) {
            return 0;
        }
        double inrush = elapsed <= 2 ? 3.5 : 1.0;
        double decline = 1.0 - 0.1 * Math.min(1.0, elapsed / 1200.0);
        return ratedW * inrush * decline + gaussian(rng) * 1.5;
    }

    /** Makes every ON period from {@code epochSecond} on {@code factor} times as long. */
    void wearFrom(long epochSecond, double factor) {
        wornFrom = epochSecond;
        wornFactor = factor;
    }

    @Override
    int stage() {
        return on ? 1 : 0;
    }

    @Override
    double nominalW() {
        return on ? ratedW : 0;
    }
}
