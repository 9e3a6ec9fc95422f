package io.wattflow.synth;

import java.util.SplittableRandom;

/**
 * An air-to-water heat pump. The heat demand grows as the outdoor temperature falls below the
 * heating limit; the compressor cycles on and off so that its duty cycle meets the demand, with a
 * soft start, a power that rises in the cold, and, below 5 degC, a defrost every 45-90 minutes of
 * running during which the draw drops. A circulation pump runs while there is any demand.
 */
final class HeatPump extends Appliance {
    static final double HEATING_LIMIT_C = 15.0;
    private static final int STAGE_OFF = 0, STAGE_PUMP = 1, STAGE_RUN = 2, STAGE_DEFROST = 3;

    private final double ratedW;
    private final double designC;
    private int stage = STAGE_OFF;
    private int left;
    private int elapsed;
    private int untilDefrost;
    /** The compressor draws more in the cold; kept so the labels carry the power really drawn. */
    private double coldFactor = 1;

    HeatPump(int phase, double ratedW, SplittableRandom rng) {
        super("heat_pump", phase, 0.95, false);
        this.ratedW = ratedW;
        this.designC = uniform(rng, -12, -8);
        this.untilDefrost = rng.nextInt(2700, 5400);
    }

    /** Share of the time the compressor must run at this outdoor temperature, 0..1. */
    double dutyCycle(double outdoorC) {
        return Math.max(0, Math.min(1, (HEATING_LIMIT_C - outdoorC) / (HEATING_LIMIT_C - designC)));
    }

    @Override
    double step(long epochSecond, double hourOfDay, double outdoorC, SplittableRandom rng) {
        double duty = dutyCycle(outdoorC);
        coldFactor = 1 + 0.02 * Math.max(0, 7 - outdoorC);
        elapsed++;
        if (--left <= 0) {
            chooseNext(duty, outdoorC, rng);
        }
        switch (stage) {
            case STAGE_RUN:
                if (outdoorC < 5 && --untilDefrost <= 0) {
                    stage = STAGE_DEFROST;
                    left = rng.nextInt(300, 480);
                    untilDefrost = rng.nextInt(2700, 5400);
                    elapsed = 0;
                }
                double soft = Math.min(1.0, elapsed / 60.0);
                return 70 + ratedW * coldFactor * soft * (1 + 0.01 * gaussian(rng));
            case STAGE_DEFROST:
                return 70 + ratedW * coldFactor * 0.3 * (1 + 0.02 * gaussian(rng));
            case STAGE_PUMP:
                return 70 + gaussian(rng);
            default:
                return 0;
        }
    }

    private void chooseNext(double duty, double outdoorC, SplittableRandom rng) {
        elapsed = 0;
        if (duty <= 0) {
            stage = STAGE_OFF;
            left = 600;
            return;
        }
        if (stage == STAGE_RUN || stage == STAGE_DEFROST) {
            stage = STAGE_PUMP;
            // Off time that makes on/(on+off) the duty cycle for a 20-min average run.
            double off = duty >= 0.98 ? 30 : 1200 * (1 - duty) / duty;
            left = (int) Math.max(30, Math.min(7200, off * uniform(rng, 0.8, 1.2)));
        } else {
            stage = STAGE_RUN;
            left = (int) (uniform(rng, 900, 1800) * (0.5 + duty));
        }
    }

    @Override
    int stage() {
        return stage;
    }

    @Override
    double nominalW() {
        switch (stage) {
            case STAGE_RUN:
                return 70 + ratedW * coldFactor;
            case STAGE_DEFROST:
                return 70 + ratedW * coldFactor * 0.3;
            case STAGE_PUMP:
                return 70;
            default:
                return 0;
        }
    }
}
