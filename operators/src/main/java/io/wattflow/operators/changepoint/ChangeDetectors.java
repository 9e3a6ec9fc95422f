package io.wattflow.operators.changepoint;

import java.util.List;

/** The detectors by name, with their defaults tuned for steps of 30 W, scaled to another minimum step. */
public final class ChangeDetectors {
    public static final List<String> NAMES = List.of("edge", "cusum", "bocpd");
    public static final double DEFAULT_MIN_STEP_W = 30;

    private ChangeDetectors() {}

    /**
     * The detector called {@code name}, its watt parameters scaled by {@code minStepW / 30}, so it
     * works on series of another scale (other units, or larger loads only).
     */
    public static ChangeDetector<?> create(String name, double minStepW) {
        if (!(minStepW > 0)) {
            throw new IllegalArgumentException("The minimum step must be positive, was " + minStepW + ".");
        }
        double k = minStepW / DEFAULT_MIN_STEP_W;
        switch (name) {
            case "edge":
                return SteadyStateEdgeDetector.forPower(steadyToleranceW(minStepW), minStepW);
            case "cusum":
                return new CusumDetector(15 * k, 20 * k, 0.02, 1).onObservations(SteadyStateEdgeDetector.REPEAT_HOLD_MS);
            case "bocpd":
                return BocpdDetector.forPower(40 * k);
            default:
                throw unknown(name);
        }
    }

    /** How close two samples are to be one level: 20 W for steps of 30 W (the edge detector's, and the ramp rule's of the signatures). */
    static double steadyToleranceW(double minStepW) {
        return 20 * (minStepW / DEFAULT_MIN_STEP_W);
    }

    /** The one sentence for a detector name that is none of {@link #NAMES}. */
    public static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("Unknown detector '" + name + "': use one of " + String.join(", ", NAMES) + ".");
    }

    /** Detector {@code name} with its signature stage, for steps of at least {@code minStepW}. */
    public static ChangepointPipeline<?> pipeline(String name, double minStepW) {
        return new ChangepointPipeline<>(create(name, minStepW), signatures(name, minStepW));
    }

    /**
     * The signature stage for detector {@code name} and the same minimum step. The edge detector and
     * CUSUM report once a new level has held, so their events wait for late cuts; BOCPD's did not gain
     * from it on REDD house 5's first half (its reports come a few seconds after its collapse).
     */
    public static EventSignatures signatures(String name, double minStepW) {
        return new EventSignatures(15_000, 5_000, 8, minStepW, 5_000, !name.equals("edge"), name.equals("cusum"), !name.equals("bocpd"));
    }
}
