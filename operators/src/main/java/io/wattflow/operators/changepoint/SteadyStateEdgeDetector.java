package io.wattflow.operators.changepoint;

/**
 * The classic NILM edge detector (Hart 1992): the power is steady while each sample stays within a
 * tolerance of the segment's mean; once a new segment is steady and differs from the previous steady
 * level by at least {@code minStepW}, the step between them is an event, placed where the power left the
 * previous steady segment. (On a large noisy load, noise can break the steady segment some seconds
 * before the switching, which places the event early; a rule placing it at a dominant later jump
 * instead lowered F1 on REDD, so it is not used.) Transients shorter than the steadiness never form a
 * segment, so they do not count as switching; a ramp is one step from the level before it to the level
 * after it.
 *
 * <p>Steady is judged one of two ways. {@link #observations} (the default for power meters since session
 * 22): the readings pass a median of the last three <em>observations</em>, a reading whose value differs
 * from the one before or that has held {@code repeatHoldMs} since it last counted (a slower meter's
 * reading put on a 1 s grid, or a change-logged meter, repeats a value that says nothing new), and a
 * segment is steady after {@code minObservations} filtered observations, or two spanning twice the
 * repeat hold (a meter reading every minute), and never before {@code minSteadyMs}: the rule an
 * independent truth uses for each circuit (steady runs of 3 readings after a 3-reading median filter),
 * so a one-reading blip, an inrush or a load flickering between two levels makes no level of its own.
 * The other way, by duration ({@code minSteadyMs} and two different values, or twice the time), serves
 * series of any unit ({@link GenericChangepoints}) and the plain baseline of the evaluation.
 */
public final class SteadyStateEdgeDetector implements ChangeDetector<EdgeState> {
    private static final long serialVersionUID = 1L;
    /** For power: a value held this long counts as a new observation (twice the 3 s of steadiness). */
    static final long REPEAT_HOLD_MS = 6_000;

    private final double toleranceW;
    private final double toleranceRelative;
    private final long minSteadyMs;
    private final double minStepW;
    /** Filtered observations a steady segment needs; 0 when steadiness is judged by duration. */
    private final int minObservations;
    private final long repeatHoldMs;

    /**
     * @param minSteadyMs how long a segment must stay within tolerance to be steady (and at least two
     *     samples): a duration rather than a sample count, so that a 1 Hz meter and one sampling every
     *     3 s need the same evidence, and a noisy ramp does not pass for a string of steady steps
     */
    public SteadyStateEdgeDetector(double toleranceW, double toleranceRelative, long minSteadyMs, double minStepW) {
        this(toleranceW, toleranceRelative, minSteadyMs, minStepW, 0, 0);
    }

    private SteadyStateEdgeDetector(double toleranceW, double toleranceRelative, long minSteadyMs, double minStepW,
                                    int minObservations, long repeatHoldMs) {
        if (!(toleranceW > 0) || toleranceRelative < 0 || minSteadyMs < 0 || !(minStepW > 0) || minObservations < 0 || repeatHoldMs < 0) {
            throw new IllegalArgumentException("Edge detector: tolerance and minimum step must be positive watts, "
                    + "the minimum steady duration, observations and repeat hold not negative.");
        }
        this.toleranceW = toleranceW;
        this.toleranceRelative = toleranceRelative;
        this.minSteadyMs = minSteadyMs;
        this.minStepW = minStepW;
        this.minObservations = minObservations;
        this.repeatHoldMs = repeatHoldMs;
    }

    /**
     * Steady after {@code minObservations} observations within {@code toleranceW} of their mean, each the
     * median of the last three readings that said something new (see the class comment).
     */
    public static SteadyStateEdgeDetector observations(double toleranceW, int minObservations, long minSteadyMs, long repeatHoldMs,
                                                       double minStepW) {
        if (minObservations < 1) {
            throw new IllegalArgumentException("Edge detector: a steady segment needs at least one observation, was " + minObservations + ".");
        }
        return new SteadyStateEdgeDetector(toleranceW, 0, minSteadyMs, minStepW, minObservations, repeatHoldMs);
    }

    /**
     * For power meters: steady for 3 observations within {@code toleranceW} (the independent truth's 3
     * readings) and at least 3 s (at 1 Hz three readings span 2 s, and a slow ramp passes for level), a
     * value held 6 s counting again (twice those 3 s).
     */
    public static SteadyStateEdgeDetector forPower(double toleranceW, double minStepW) {
        return observations(toleranceW, 3, 3_000, REPEAT_HOLD_MS, minStepW);
    }

    /** 30 W minimum step, within 20 W. */
    public static SteadyStateEdgeDetector defaults() {
        return forPower(20, 30);
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
        return minObservations > 0 ? observe(s, t, x) : segment(s, t, x);
    }

    private Detection observe(EdgeState s, long t, double x) {
        if (s.observations == null) {
            s.observations = new MedianOfObservations();
        }
        return s.observations.pass(t, x, repeatHoldMs, (at, observed) -> segment(s, at, observed));
    }

    private Detection segment(EdgeState s, long t, double x) {
        if (s.segmentCount > 0 && Math.abs(x - s.segmentMean) <= toleranceW + toleranceRelative * Math.abs(s.segmentMean)) {
            s.segmentVaried |= x != s.segmentMean;
            s.segmentCount++;
            s.segmentMean += (x - s.segmentMean) / s.segmentCount;
            if (s.segmentIsSteady) {
                s.steadyLevel = s.segmentMean;
                return null;
            }
            long lasted = t - s.segmentStartMs;
            if (minObservations > 0) {
                // Or two spanning twice the repeat hold, as long as one value held would take to count three
                // times: a meter reading every minute sends means of a minute, each as good as many readings.
                boolean enough = s.segmentCount >= minObservations || (s.segmentCount >= 2 && lasted >= 2 * repeatHoldMs);
                return lasted >= minSteadyMs && enough ? confirm(s) : null;
            }
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
