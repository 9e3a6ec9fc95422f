package io.wattflow.operators.changepoint;

import java.util.ArrayList;
import java.util.List;

/**
 * The detectors on a series of any unit and sampling (economic, sensor or power series): the series is
 * put in units of its own noise ({@link SeriesScale}) and the detector runs with a configuration for
 * that scale, one per detector, chosen on the development half of the generic test set
 * ({@code wattflow eval generic}) and scored on the other half. Positions are sample indices.
 */
public final class GenericChangepoints {
    /**
     * BOCPD: expected run 4,000 samples (the grid's longest: changes are rare against the samples), prior
     * noise 3 of the series' noise SDs held with the weight of 60 samples (alpha0 30: the scale was measured
     * on the series, so the prior may be firm; a wide one makes heavy tails and correlated wander no change),
     * the level's prior as one sample (kappa0 1), changes at least 10 samples apart. Chosen on the
     * development set: the highest mean F1 of 432 settings.
     */
    public static final BocpdSettings BOCPD = new BocpdSettings(4000, 3, 1, 30, 10);
    /** Edge and CUSUM: smallest change, in noise standard deviations (chosen on the development set). */
    public static final double EDGE_MIN_STEP = 4;
    public static final double CUSUM_MIN_STEP = 6;

    private GenericChangepoints() {}

    /** BOCPD's settings in units of the series' noise and of samples. */
    public record BocpdSettings(double expectedRun, double sigma0, double kappa0, double alpha0, int minSeparation) {
        public BocpdDetector detector() {
            return new BocpdDetector(expectedRun, sigma0, kappa0, alpha0, 1e-5, 32, minSeparation * STEP_MS);
        }

        @Override
        public String toString() {
            return String.format("expected run %.0f, prior noise %.1f (alpha0 %.0f), kappa0 %.2f, %d samples apart", expectedRun, sigma0,
                    alpha0, kappa0, minSeparation);
        }
    }

    /** Samples are stamped a second apart: the detectors' time windows then count samples. */
    static final long STEP_MS = 1000;

    /** Detector {@code name} in its generic configuration, for a series in units of its noise. */
    public static ChangeDetector<?> detector(String name) {
        switch (name) {
            case "bocpd":
                return BOCPD.detector();
            case "edge":
                return edge(EDGE_MIN_STEP);
            case "cusum":
                return cusum(CUSUM_MIN_STEP);
            default:
                throw ChangeDetectors.unknown(name);
        }
    }

    /** Steady within 1.5 noise SDs for 3 samples, steps of {@code minStep} SDs. */
    public static SteadyStateEdgeDetector edge(double minStep) {
        return new SteadyStateEdgeDetector(1.5, 0, 2 * STEP_MS, minStep);
    }

    /** Drift half the smallest step, alarm at the smallest step; no part relative to the level (it has no meaning here). */
    public static CusumDetector cusum(double minStep) {
        return new CusumDetector(minStep / 2, minStep, 0, 1);
    }

    /** The changes {@code detector} finds in {@code values} (any unit), as sample indices, in order. */
    public static List<Integer> changes(ChangeDetector<?> detector, double[] values) {
        return changes(detector, SeriesScale.of(values), values);
    }

    /** The same, with the series' scale already taken. */
    public static List<Integer> changes(ChangeDetector<?> detector, SeriesScale scale, double[] values) {
        return run(detector, scale.standardise(values));
    }

    private static <S> List<Integer> run(ChangeDetector<S> detector, double[] z) {
        S state = detector.newState();
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < z.length; i++) {
            Detection d = detector.update(state, i * STEP_MS, z[i]);
            if (d != null) {
                int at = (int) (d.changeMs / STEP_MS);
                if (found.isEmpty() || at > found.get(found.size() - 1)) {
                    found.add(at);
                }
            }
        }
        return found;
    }
}
