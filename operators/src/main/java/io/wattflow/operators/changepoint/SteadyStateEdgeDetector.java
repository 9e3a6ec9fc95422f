package io.wattflow.operators.changepoint;

/**
 * The classic NILM edge detector (Hart 1992): the power is steady while each sample stays within a
 * tolerance of the segment's mean; once a new segment has been steady for {@code minSteadyMs}
 * and differs from the previous steady level by at least {@code minStepW}, the step between them is
 * an event, placed where the power left the previous steady segment. (On a large noisy load, noise
 * can break the steady segment some seconds before the switching, which places the event early; a
 * rule placing it at a dominant later jump instead lowered F1 on REDD, so it is not used.)
 * Transients shorter than the minimum duration (an inrush spike) never form a segment, so they do
 * not count as switching; a ramp is one step from the level before it to the level after it.
 */
public final class SteadyStateEdgeDetector implements ChangeDetector<EdgeState> {
    private static final long serialVersionUID = 1L;

    private final double toleranceW;
    private final double toleranceRelative;
    private final long minSteadyMs;
    private final double minStepW;

    /**
     * @param minSteadyMs how long a segment must stay within tolerance to be steady (and at least two
     *     samples): a duration rather than a sample count, so that a 1 Hz meter and one sampling every
     *     3 s need the same evidence, and a noisy ramp does not pass for a string of steady steps
     */
    public SteadyStateEdgeDetector(double toleranceW, double toleranceRelative, long minSteadyMs, double minStepW) {
        if (!(toleranceW > 0) || toleranceRelative < 0 || minSteadyMs < 0 || !(minStepW > 0)) {
            throw new IllegalArgumentException("Edge detector: tolerance and minimum step must be positive watts, "
                    + "the minimum steady duration not negative.");
        }
        this.toleranceW = toleranceW;
        this.toleranceRelative = toleranceRelative;
        this.minSteadyMs = minSteadyMs;
        this.minStepW = minStepW;
    }

    /** 30 W minimum step, steady for 3 s within 20 W (tuned on REDD house 5). */
    public static SteadyStateEdgeDetector defaults() {
        return new SteadyStateEdgeDetector(20, 0, 3_000, 30);
    }

    @Override
    public String name() {
        return "edge";
    }

    @Override
    public EdgeState newState() {
        return new EdgeState();
    }

    @Override
    public Class<EdgeState> stateClass() {
        return EdgeState.class;
    }

    @Override
    public Detection update(EdgeState s, long t, double x) {
        if (s.segmentCount > 0 && Math.abs(x - s.segmentMean) <= toleranceW + toleranceRelative * Math.abs(s.segmentMean)) {
            s.segmentVaried |= x != s.segmentMean;
            s.segmentCount++;
            s.segmentMean += (x - s.segmentMean) / s.segmentCount;
            if (s.segmentIsSteady) {
                s.steadyLevel = s.segmentMean;
                return null;
            }
            long lasted = t - s.segmentStartMs;
            // One value repeated is one observation (a slower meter's reading put on a 1 s grid, a
            // change-logged meter): steady takes a second value or twice the time.
            return lasted >= minSteadyMs && (s.segmentVaried || lasted >= 2 * minSteadyMs) ? confirm(s) : null;
        }
        if (s.segmentIsSteady) {
            s.transitionStartMs = t;
        }
        s.segmentMean = x;
        s.segmentVaried = false;
        s.segmentCount = 1;
        s.segmentStartMs = t;
        s.segmentIsSteady = false;
        return null;
    }

    private Detection confirm(EdgeState s) {
        s.segmentIsSteady = true;
        double previous = s.steadyLevel;
        boolean hadSteady = s.haveSteady;
        s.haveSteady = true;
        s.steadyLevel = s.segmentMean;
        double step = s.segmentMean - previous;
        if (hadSteady && Math.abs(step) >= minStepW) {
            long start = s.transitionStartMs != Long.MIN_VALUE ? s.transitionStartMs : s.segmentStartMs;
            return new Detection(start, Math.abs(step) / minStepW, previous);
        }
        return null;
    }
}
