package io.wattflow.synth;

import java.util.SplittableRandom;

/**
 * A load a person switches on: kettle, microwave, EV charger. It starts with a probability that
 * depends on the hour of day, runs a random time at a rated power, and may ramp up softly (an EV
 * charger's soft start) instead of jumping.
 */
final class ScheduledLoad extends Appliance {
    private final double ratedW;
    private final double startsPerDay;
    private final double[] hourWeights;
    private final int minRun, maxRun;
    private final int rampSeconds;
    private final double noiseW;
    private int left;
    private int elapsed;
    private int runLength;
    private double level;

    ScheduledLoad(String name, int phase, double powerFactor, double ratedW, double startsPerDay, double[] hourWeights,
                  int minRun, int maxRun, int rampSeconds, double noiseW) {
        super(name, phase, powerFactor, false);
        this.ratedW = ratedW;
        this.startsPerDay = startsPerDay;
        this.hourWeights = normalisedHours(hourWeights);
        this.minRun = minRun;
        this.maxRun = maxRun;
        this.rampSeconds = rampSeconds;
        this.noiseW = noiseW;
    }

    @Override
    double step(long epochSecond, double hourOfDay, double outdoorC, SplittableRandom rng) {
        if (left > 0) {
            left--;
            elapsed++;
            if (left == 0) {
                return 0;
            }
        } else {
            double perSecond = startsPerDay / 86_400.0 * hourWeights[(int) hourOfDay];
            if (rng.nextDouble() >= perSecond) {
                return 0;
            }
            runLength = rng.nextInt(minRun, maxRun + 1);
            left = runLength;
            elapsed = 0;
            level = ratedW * uniform(rng, 0.97, 1.03);
        }
        double ramp = rampSeconds == 0 ? 1.0 : Math.min(1.0, (elapsed + 1.0) / rampSeconds);
        double rampDown = rampSeconds == 0 ? 1.0 : Math.min(1.0, (double) left / Math.max(1, rampSeconds / 3));
        return level * Math.min(ramp, rampDown) + gaussian(rng) * noiseW;
    }

    @Override
    int stage() {
        return left > 0 ? 1 : 0;
    }

    @Override
    double nominalW() {
        return left > 0 ? level : 0;
    }
}
