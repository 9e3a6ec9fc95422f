package io.wattflow.operators.changepoint;

/**
 * The classic NILM edge detector (Hart 1992): the power is steady while each sample stays within a
 * tolerance of the segment's mean; once a new segment has been steady for {@code minSteadyMs}
 * and differs from the previous steady level by at least {@code minStepW}, the step between them is
 * an event, placed where the power left the previous steady segment, or, when that was more than
 * {@link #LATE_SWITCH_MS} earlier and one jump carries half the step, at that jump (noise on a large
 * load can break a steady segment well before the switching).
 * Transients shorter than the minimum duration (an inrush spike) never form a segment, so they do
 * not count as switching; a ramp is one step from the level before it to the level after it.
 */
public final class SteadyStateEdgeDetector implements ChangeDetector<EdgeState> {
    private static final long serialVersionUID = 1L;

    /** A switching this long after the power left the steady level is placed at its own jump. */
    static final long LATE_SWITCH_MS = 6_000;

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
        double jump = Double.isNaN(s.lastValue) ? 0 : Math.abs(x - s.lastValue);
        s.lastValue = x;
        if (s.segmentCount > 0 && Math.abs(x - s.segmentMean) <= toleranceW + toleranceRelative * Math.abs(s.segmentMean)) {
            s.segmentCount++;
            s.segmentMean += (x - s.segmentMean) / s.segmentCount;
            if (s.segmentIsSteady) {
                s.steadyLevel = s.segmentMean;
                return null;
            }
            noteJump(s, t, jump);
            return t - s.segmentStartMs >= minSteadyMs ? confirm(s) : null;
        }
        if (s.segmentIsSteady) {
            s.transitionStartMs = t;
            s.jumpW = 0;
            s.firstBigJumpW = 0;
        }
        noteJump(s, t, jump);
        s.segmentMean = x;
        s.segmentCount = 1;
        s.segmentStartMs = t;
        s.segmentIsSteady = false;
        return null;
    }

    private static void noteJump(EdgeState s, long t, double jump) {
        if (jump > s.jumpW) {
            s.jumpW = jump;
            if (s.firstBigJumpW < jump / 2) {
                s.firstBigJumpW = jump;
                s.firstBigJumpMs = t;
            }
        }
    }

    private Detection confirm(EdgeState s) {
        s.segmentIsSteady = true;
        double previous = s.steadyLevel;
        boolean hadSteady = s.haveSteady;
        s.haveSteady = true;
        s.steadyLevel = s.segmentMean;
        double step = s.segmentMean - previous;
        if (hadSteady && Math.abs(step) >= minStepW) {
            return new Detection(changeTime(s, step), Math.abs(step) / minStepW, previous);
        }
        return null;
    }

    /**
     * Where the power left the steady level, unless a single jump carries most of the step and came
     * much later: noise on a large load breaks a steady segment early, and then that jump is the
     * switching. A ramp has no such jump and is placed where it began.
     */
    private static long changeTime(EdgeState s, double step) {
        if (s.transitionStartMs == Long.MIN_VALUE) {
            return s.segmentStartMs;
        }
        if (s.firstBigJumpMs != Long.MIN_VALUE && s.firstBigJumpW >= 0.5 * Math.abs(step)
                && s.firstBigJumpMs - s.transitionStartMs > LATE_SWITCH_MS) {
            return s.firstBigJumpMs;
        }
        return s.transitionStartMs;
    }
}
