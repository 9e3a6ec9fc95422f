package io.wattflow.synth;

import java.util.SplittableRandom;

/**
 * A washing machine, dishwasher or oven: a program of stages, each with a duration and a power,
 * started at most once or twice a day at likely hours. A stage with {@code toggleSeconds > 0}
 * alternates between its power and a low level (a drum motor, an oven thermostat).
 */
final class ProgramAppliance extends Appliance {
    /** One step of a program. */
    static final class Stage {
        final int seconds;
        final double watts;
        final int toggleSeconds;
        final double lowWatts;

        Stage(int seconds, double watts, int toggleSeconds, double lowWatts) {
            this.seconds = seconds;
            this.watts = watts;
            this.toggleSeconds = toggleSeconds;
            this.lowWatts = lowWatts;
        }
    }

    private final Stage[] program;
    private final double startsPerDay;
    private final double[] hourWeights;
    private int stageIndex = -1;
    private int inStage;

    ProgramAppliance(String name, int phase, double powerFactor, Stage[] program, double startsPerDay, double[] hourWeights) {
        super(name, phase, powerFactor, false);
        this.program = program;
        this.startsPerDay = startsPerDay;
        this.hourWeights = normalisedHours(hourWeights);
    }

    @Override
    double step(long epochSecond, double hourOfDay, double outdoorC, SplittableRandom rng) {
        if (stageIndex < 0) {
            if (rng.nextDouble() >= startsPerDay / 86_400.0 * hourWeights[(int) hourOfDay]) {
                return 0;
            }
            stageIndex = 0;
            inStage = 0;
        } else if (++inStage >= program[stageIndex].seconds) {
            stageIndex++;
            inStage = 0;
            if (stageIndex == program.length) {
                stageIndex = -1;
                return 0;
            }
        }
        return nominalW() * (1 + 0.01 * gaussian(rng));
    }

    /** Whether a toggling stage is in its high half now (a stage that does not toggle always is). */
    private boolean high() {
        Stage s = program[stageIndex];
        return s.toggleSeconds == 0 || (inStage / s.toggleSeconds) % 2 == 0;
    }

    @Override
    int stage() {
        if (stageIndex < 0) {
            return 0;
        }
        return 2 * (stageIndex + 1) - (high() ? 0 : 1);
    }

    @Override
    double nominalW() {
        if (stageIndex < 0) {
            return 0;
        }
        Stage s = program[stageIndex];
        return high() ? s.watts : s.lowWatts;
    }
}
