package io.wattflow.operators.changepoint;

/**
 * Two-sided CUSUM on the deviation of power from the current steady level (Page 1954). Each side sums
 * the deviations beyond {@code drift} and alarms when its sum exceeds {@code threshold}; the change
 * is placed where that sum last left zero (for power: last rose above half the threshold), and the new
 * level is learnt from the samples after the alarm (those since the sum left zero include the
 * transition itself). After an alarm the detector holds off for {@code holdOffSamples}, re-estimating the level from the
 * new samples only, so a change is reported once and the next one is measured from the right level.
 *
 * <p>Drift and threshold scale with the level ({@code relative}), since a heating element at 2 kW
 * fluctuates by more watts than a standby load at 50 W.
 *
 * <p>For power ({@link #onObservations}, since session 22) it sums the {@link MedianOfObservations} of the
 * readings, as the edge detector judges its levels: an inrush or a one-reading blip does not push a sum,
 * and a slower meter's reading repeated on a 1 s grid is not summed three or four times. And it holds
 * each change for {@value #CONFIRM_OBSERVATIONS} observations before reporting it (since session 23): a
 * two-reading excursion (a compressor's decaying start, a flicker) makes CUSUM alarm up and then down
 * again, and a level that short is no change; a change that comes back to the level before it inside the
 * hold is dropped with its return.
 */
public final class CusumDetector implements ChangeDetector<CusumState> {
    private static final long serialVersionUID = 1L;
    /** Observations a power change is held before it is reported. */
    static final int CONFIRM_OBSERVATIONS = 2;
    /** Back at the level before a change: within this share of the step of it (and within the threshold always). */
    static final double RETURN_SHARE = 0.25;

    private final double driftW;
    private final double thresholdW;
    private final double relative;
    private final int holdOffSamples;
    /** A value repeated within this is no new observation; 0: every reading is summed as it comes. */
    private final long repeatHoldMs;

    public CusumDetector(double driftW, double thresholdW, double relative, int holdOffSamples) {
        this(driftW, thresholdW, relative, holdOffSamples, 0);
    }

    private CusumDetector(double driftW, double thresholdW, double relative, int holdOffSamples, long repeatHoldMs) {
        if (!(driftW > 0) || !(thresholdW > 0) || relative < 0 || holdOffSamples < 0 || repeatHoldMs < 0) {
            throw new IllegalArgumentException("CUSUM drift and threshold must be positive watts, the relative part, "
                    + "the hold-off and the repeat hold not negative.");
        }
        this.driftW = driftW;
        this.thresholdW = thresholdW;
        this.relative = relative;
        this.holdOffSamples = holdOffSamples;
        this.repeatHoldMs = repeatHoldMs;
    }

    /** The same detector summing the median of the last three observations, a value held {@code repeatHoldMs} counting again. */
    public CusumDetector onObservations(long repeatHoldMs) {
        if (repeatHoldMs <= 0) {
            throw new IllegalArgumentException("CUSUM on observations needs a positive repeat hold, was " + repeatHoldMs + " ms.");
        }
        return new CusumDetector(driftW, thresholdW, relative, holdOffSamples, repeatHoldMs);
    }

    /** Tuned on REDD house 5 (see the README's event table): finds steps of 30 W and more. */
    public static CusumDetector defaults() {
        return new CusumDetector(15, 20, 0.02, 1);
    }

    @Override
    public String name() {
        return "cusum";
    }

    @Override
    public CusumState newState() {
        return new CusumState();
    }

    @Override
    public Class<CusumState> stateClass() {
        return CusumState.class;
    }

    @Override
    public Detection update(CusumState s, long t, double x) {
        if (repeatHoldMs == 0) {
            return sum(s, t, x);
        }
        if (s.observations == null) {
            s.observations = new MedianOfObservations();
        }
        Detection found = s.observations.pass(t, x, repeatHoldMs, (at, observed) -> sum(s, at, observed));
        return confirmed(s, found, t, x, s.observations.counted(t));
    }

    /**
     * The change held before this reading once it has lasted {@link #CONFIRM_OBSERVATIONS} observations or
     * one observation twice the repeat hold later (a minute meter's reading is the mean of a minute, as
     * the edge detector takes it), or when a next change comes that neither returns to its level before
     * nor goes on the same way (a ramp: one change); null while held, and for an excursion that came back.
     */
    private Detection confirmed(CusumState s, Detection found, long t, double x, boolean observation) {
        Detection held = s.pending;
        // One observation that long after it shows the level held (a slow meter's reading is a mean).
        boolean lasted = held != null && observation && t - s.pendingMs >= 2 * repeatHoldMs;
        if (found != null) {
            if (held != null && !lasted) {
                if (comesBack(s, x)) {
                    release(s);
                    return null;
                }
                if (s.pendingLeft == CONFIRM_OBSERVATIONS && Math.signum(x - found.levelBeforeW) == Math.signum(heldStep(s))) {
                    // Further along the same way with no calm observation since (a soft start's ramp): one
                    // change, from the held one's start. After a calm one it is a switching of its own.
                    hold(s, held, t, x);
                    return null;
                }
            }
            hold(s, found, t, x);
            return held;
        }
        if (held == null || !observation) {
            return null;
        }
        if (!lasted && s.pendingLeft == CONFIRM_OBSERVATIONS && goesOn(s, x)) {
            hold(s, held, t, x); // still ramping: the change has not settled yet
            return null;
        }
        if (lasted || --s.pendingLeft <= 0) {
            release(s);
            return held;
        }
        return null;
    }

    private static void hold(CusumState s, Detection change, long t, double x) {
        s.pending = change;
        s.pendingMs = t;
        s.pendingW = x;
        s.pendingLeft = CONFIRM_OBSERVATIONS;
    }

    private static void release(CusumState s) {
        s.pending = null;
        s.pendingMs = 0;
        s.pendingW = 0;
        s.pendingLeft = 0;
    }

    /** The held change's step so far: from the level before it to the reading it was found (or last went on) at. */
    private static double heldStep(CusumState s) {
        return s.pendingW - s.pending.levelBeforeW;
    }

    /** Whether reading {@code x} moves on from the held change's reading, the way of the change, by more than the threshold at the level. */
    private boolean goesOn(CusumState s, double x) {
        double moved = x - s.pendingW;
        return Math.signum(moved) == Math.signum(heldStep(s)) && Math.abs(moved) > threshold(s.level);
    }

    private double threshold(double level) {
        return thresholdW * (1 + relative * Math.abs(level) / thresholdW);
    }

    /** Whether reading {@code x} moves back from the held change's reading to the level before it. */
    private boolean comesBack(CusumState s, double x) {
        double step = heldStep(s);
        return Math.signum(x - s.pendingW) == -Math.signum(step)
                && Math.abs(x - s.pending.levelBeforeW) <= Math.max(thresholdW, RETURN_SHARE * Math.abs(step));
    }

    private Detection sum(CusumState s, long t, double x) {
        if (!s.initialised) {
            s.initialised = true;
            restartAt(s, x, 1);
            return null;
        }
        if (s.holdOff > 0) {
            s.holdOff--;
            s.level += (x - s.level) / (++s.levelCount);
            return null;
        }
        double scale = 1 + relative * Math.abs(s.level) / driftW;
        double drift = driftW * scale;
        double threshold = threshold(s.level);
        double d = x - s.level;

        // Where a change began: the last sample the sum was zero, or for power at most half the threshold.
        // A sum that stays a little above zero is the level learnt a little off (learnt during an
        // appliance's decay after the last change, it stayed 37 W off for a minute), not the change: its
        // start there put a step 64 s early. (On generic series the sum's last zero places changes better.)
        double startBelow = repeatHoldMs > 0 ? threshold / 2 : 0;
        if (s.upper <= startBelow) {
            s.upperStartMs = t;
        }
        s.upper = Math.max(0, s.upper + d - drift);
        if (s.lower <= startBelow) {
            s.lowerStartMs = t;
        }
        s.lower = Math.max(0, s.lower - d - drift);

        if (s.upper > threshold) {
            Detection found = new Detection(s.upperStartMs, s.upper / threshold, s.level);
            // The new level is learnt from the samples after the alarm: those since the sum left zero
            // include the transition itself (and an inrush), which would bias it.
            restartAt(s, x, 1);
            return found;
        }
        if (s.lower > threshold) {
            Detection found = new Detection(s.lowerStartMs, s.lower / threshold, s.level);
            restartAt(s, x, 1);
            return found;
        }
        if (s.upper == 0 && s.lower == 0) {
            // Quietly follow slow drifts of the steady level, with a long memory.
            s.levelCount = Math.min(s.levelCount + 1, 300);
            s.level += d / s.levelCount;
        }
        return null;
    }

    private void restartAt(CusumState s, double level, int count) {
        s.level = level;
        s.levelCount = Math.max(1, count);
        s.upper = 0;
        s.lower = 0;
        s.holdOff = holdOffSamples;
    }
}
