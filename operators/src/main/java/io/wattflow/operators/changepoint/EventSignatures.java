package io.wattflow.operators.changepoint;

import io.wattflow.record.LoadEvent;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Describes each detected change by its signature, from the samples around it:
 * <ul>
 *   <li>the level before: the detector's own steady level where it has one, else (CUSUM, BOCPD) the
 *       median of up to {@code beforeSamples} samples between the previous change and this one;</li>
 *   <li>the level after: the mean of the samples in the second half of the settle window that starts
 *       when the detector reported the change (by then the detector has seen the new level, so a
 *       ramp or an inrush is behind it); for CUSUM and BOCPD, which report a few observations after
 *       the change, from the report or half the window after the change, whichever is later; for CUSUM,
 *       which reports once the new level has held, the median of the samples within half the window
 *       either side of the report;</li>
 *   <li>the change of active and reactive power, the power factors either side, the transient peak
 *       within {@code inrushMs} of the change, and the time until the power stayed within tolerance
 *       of the new level (settling).</li>
 * </ul>
 * An event is emitted when its settle window has passed, or cut short by the next change; for detectors
 * that report a change only once its new level has held (edge, CUSUM), one window later, so that a change
 * inside the window that they report after it still cuts it. Changes
 * smaller than {@code minStepW} once measured this way (a spike that came back, noise) are not load
 * events and are not emitted; the caller counts them. A detection within {@code mergeWithinMs} of a
 * pending one, or (with {@code mergeRamps}) one that continues it in the same direction before it
 * settled, is the same switching and is merged into it.
 *
 * <p>The windows are durations for a 1 Hz meter and stretch with a slower meter's cadence (the median
 * step of the samples held): the settle window spans at least {@link #SETTLE_SAMPLES} samples and
 * detections on consecutive samples merge, so a meter sending every 10 s or every minute gets each
 * switching once with its own size.
 */
public final class EventSignatures implements Serializable {
    private static final long serialVersionUID = 1L;
    /**
     * The settle window lasts at least this many of the meter's samples: a detector that reports a few
     * samples after the change (BOCPD waits three) must still be able to report the next change inside
     * it, or the level after is measured across that change. At 1 s the 15 s window is longer anyway.
     */
    static final int SETTLE_SAMPLES = 4;
    /** Detections on consecutive samples are one switching at any cadence (x10: 1.2 samples). */
    static final int MERGE_SAMPLES_X10 = 12;

    private final long settleMs;
    private final long inrushMs;
    private final int beforeSamples;
    private final double minStepW;
    private final long mergeWithinMs;
    private final boolean mergeRamps;
    /** Whether the detector reports a change only once the new level has held (CUSUM's confirmation). */
    private final boolean confirmsLevel;
    /** Whether an event waits a window more for a late report of a change inside its window. */
    private final boolean awaitsLateCuts;

    /**
     * @param mergeRamps whether a detection continuing a pending change in the same direction before it
     *     settled is merged into it: right for detectors that alarm part-way up a ramp (CUSUM, BOCPD),
     *     wrong for the edge detector, which never reports before a ramp is over, so that there two
     *     such detections are two switchings
     */
    public EventSignatures(long settleMs, long inrushMs, int beforeSamples, double minStepW, long mergeWithinMs,
                           boolean mergeRamps) {
        this(settleMs, inrushMs, beforeSamples, minStepW, mergeWithinMs, mergeRamps, false, false);
    }

    /**
     * @param confirmsLevel whether the detector reports a change only once its new level has held (CUSUM):
     *     then the level after is the median of the samples within half the settle window either side of
     *     the report
     */
    public EventSignatures(long settleMs, long inrushMs, int beforeSamples, double minStepW, long mergeWithinMs,
                           boolean mergeRamps, boolean confirmsLevel) {
        this(settleMs, inrushMs, beforeSamples, minStepW, mergeWithinMs, mergeRamps, confirmsLevel, false);
    }

    /**
     * @param awaitsLateCuts whether the detector reports a change only after its new level has held for a
     *     few observations (the edge detector, CUSUM): then a change inside a settle window can be reported
     *     after the window is over, and the event waits one window more for it, so that the change still
     *     cuts the window it lies in (at REDD's 3-4 s a refrigerator on for 26 s, its OFF reported 14 s
     *     after it, was measured across the OFF and came out under 30 W). Its events come out that much later.
     */
    public EventSignatures(long settleMs, long inrushMs, int beforeSamples, double minStepW, long mergeWithinMs,
                           boolean mergeRamps, boolean confirmsLevel, boolean awaitsLateCuts) {
        if (settleMs <= 0 || inrushMs <= 0 || beforeSamples < 1 || !(minStepW > 0) || mergeWithinMs < 0) {
            throw new IllegalArgumentException("Event signatures need a positive settle window, inrush window, "
                    + "number of samples before and minimum step, and a merge window not negative.");
        }
        this.settleMs = settleMs;
        this.inrushMs = inrushMs;
        this.beforeSamples = beforeSamples;
        this.minStepW = minStepW;
        this.mergeWithinMs = mergeWithinMs;
        this.mergeRamps = mergeRamps;
        this.confirmsLevel = confirmsLevel;
        this.awaitsLateCuts = awaitsLateCuts;
    }

    /**
     * The edge detector's: 15 s settle window, 5 s inrush window, 8 samples before, 30 W minimum, merging
     * within 5 s; no ramp merging; waiting for late cuts.
     */
    public static EventSignatures defaults() {
        return new EventSignatures(15_000, 5_000, 8, 30, 5_000, false, false, true);
    }

    /**
     * Feeds one sample (in time order) and, when the detector found a change on it, the detection.
     * Returns a finished event (of an earlier change) or null; {@code refusedCounter[0]} counts the
     * candidates too small to be events.
     */
    public LoadEvent update(SignatureState s, String meterId, String detector, long t, double p, Double q,
                            Detection detection, int[] refusedCounter) {
        s.add(t, p, q);
        LoadEvent done = null;
        // The cadence sorts the held steps: only when a detection needs it or the window may be over (it is
        // never shorter than settleMs, so before that the stretch cannot matter), not per pending reading.
        long cadence = detection != null || (s.pending && t - s.pendingDetectedMs >= due(settleMs)) ? cadence(s) : 0;
        long settle = settle(cadence);
        boolean windowOver = s.pending && (t - s.pendingDetectedMs >= due(settle)
                || samplesSince(s, s.pendingChangeMs) >= SignatureState.CAPACITY - 1);
        if (windowOver) {
            // Only samples before the next change, if this sample revealed one, describe this one (a
            // detection at or before the pending change is a second look at it, not the next change).
            long until = detection != null && detection.changeMs > s.pendingChangeMs ? Math.min(detection.changeMs, t + 1) : t + 1;
            done = finish(s, meterId, detector, until, settle, refusedCounter);
        }
        long mergeWithin = Math.max(mergeWithinMs, MERGE_SAMPLES_X10 * cadence / 10);
        if (mergeRamps && detection != null && !s.pending && s.lastChangeMs != Long.MIN_VALUE && detection.changeMs - s.lastChangeMs < mergeWithin) {
            // A late second look at the switching just described (BOCPD's run collapsing again a few
            // samples on): at 1 Hz it falls inside the settle window, at a slow cadence after it.
            refusedCounter[0]++;
            return done;
        }
        if (detection != null && s.pending && (detection.changeMs - s.pendingChangeMs < mergeWithin
                || continuesRamp(s, detection, t, p))) {
            // A second detection this close, or one that carries on in the same direction before the
            // first has settled (a soft start), is the same switching: measure the level after it.
            s.pendingScore = Math.max(s.pendingScore, detection.score);
            s.pendingDetectedMs = t;
        } else if (detection != null) {
            if (s.pending) {
                LoadEvent cut = finish(s, meterId, detector, detection.changeMs, settle, refusedCounter);
                done = done == null ? cut : done;
            }
            start(s, detection, t);
        }
        return done;
    }

    /** The meter's cadence, the median step of the samples held; 0 while too few are held. */
    private static long cadence(SignatureState s) {
        return Math.max(0, s.medianStepMs(3));
    }

    /**
     * Stretched for every detector: each reports a change samples after it (BOCPD waits three, CUSUM
     * alarms part-way, and since session 22 the edge detector needs three readings and its median one
     * more), so at a slow cadence a fixed window would close before the next change is reported and
     * measure the level after across it.
     */
    private long settle(long cadenceMs) {
        return Math.max(settleMs, SETTLE_SAMPLES * cadenceMs);
    }

    /**
     * How long after its report a change's event is finished: its settle window, whose samples describe
     * it; for a detector that reports late, a window more, since it may still report a change among those
     * samples, which must cut them (finish takes the samples up to it).
     */
    private long due(long settle) {
        return awaitsLateCuts ? 2 * settle : settle;
    }

    /**
     * A soft start lasts seconds whatever the meter's cadence: the ramp window is not stretched. The
     * power must still be moving before the second detection: a level held over two samples since the
     * first change is a second switching in the same direction (a kettle switched on 12 s after a vacuum
     * cleaner), which was merged into one event of both steps.
     */
    private boolean continuesRamp(SignatureState s, Detection d, long t, double p) {
        if (!mergeRamps || t - s.pendingDetectedMs >= settleMs || !Double.isFinite(d.levelBeforeW)) {
            return false;
        }
        double first = p - s.pendingBeforeP;
        double second = p - d.levelBeforeW;
        return Math.signum(first) == Math.signum(second) && Math.abs(first) > Math.abs(second)
                && !heldBefore(s, s.pendingChangeMs, d.changeMs);
    }

    /** Whether the last two samples in [from, until) are one level, as the edge detector judges steadiness. */
    private boolean heldBefore(SignatureState s, long from, long until) {
        int newer = -1;
        for (int i = s.size - 1; i >= 0; i--) {
            long time = s.times[s.at(i)];
            if (time < from) {
                return false;
            }
            if (time < until) {
                if (newer >= 0) {
                    return Math.abs(s.active[s.at(i)] - s.active[newer]) <= ChangeDetectors.steadyToleranceW(minStepW);
                }
                newer = s.at(i);
            }
        }
        return false;
    }

    private void start(SignatureState s, Detection d, long now) {
        double sumP = 0;
        double sumQ = 0;
        int n = 0;
        int last = -1;
        double[] before = new double[beforeSamples];
        for (int i = s.size - 1; i >= 0 && n < beforeSamples; i--) {
            int k = s.at(i);
            if (s.times[k] < s.lastChangeMs) {
                break;
            }
            if (s.times[k] < d.changeMs) {
                sumP += s.active[k];
                sumQ += s.reactive[k];
                before[n] = s.active[k];
                n++;
            }
        }
        if (n == 0) {
            // No sample between the previous change and this one: the last one before this change,
            // or the oldest held when the change began before it.
            last = s.at(0);
            for (int i = s.size - 1; i >= 0; i--) {
                if (s.times[s.at(i)] < d.changeMs) {
                    last = s.at(i);
                    break;
                }
            }
            sumP = s.active[last];
            sumQ = s.reactive[last];
            n = 1;
        }
        s.pending = true;
        s.pendingChangeMs = d.changeMs;
        s.pendingDetectedMs = now;
        s.pendingScore = d.score;
        // The edge detector's level is the mean of a steady segment; CUSUM's and BOCPD's run levels
        // take in samples after the change they report late, so their level is the samples' own median
        // when there are a few between the previous change and this one (a median, as the detectors'
        // own filter: a blip of two readings before a fridge's step, which CUSUM rightly ignored, made the
        // mean 17 W higher and the 66 W step too small to keep).
        boolean ownMean = mergeRamps && last < 0 && n >= 2;
        s.pendingBeforeP = Double.isFinite(d.levelBeforeW) && !ownMean ? d.levelBeforeW : ownMean ? median(before, n) : sumP / n;
        s.pendingBeforeQ = sumQ / n;
    }

    private static double median(double[] values, int n) {
        double[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static int samplesSince(SignatureState s, long since) {
        int n = 0;
        for (int i = s.size - 1; i >= 0 && s.times[s.at(i)] >= since; i--) {
            n++;
        }
        return n;
    }

    /**
     * At the end of a series (no later sample will close the settle window): the pending change's event
     * from the samples it has, or null when none is pending or it is too small.
     */
    public LoadEvent flush(SignatureState s, String meterId, String detector, int[] refusedCounter) {
        return s.pending ? finish(s, meterId, detector, Long.MAX_VALUE, settle(cadence(s)), refusedCounter) : null;
    }

    /**
     * The pending change's event from its samples up to the end of its settle window or {@code cutAt}
     * (where the next change began), whichever is first; null when it is too small.
     */
    private LoadEvent finish(SignatureState s, String meterId, String detector, long cutAt, long settle, int[] refusedCounter) {
        s.pending = false;
        long tc = s.pendingChangeMs;
        long until = Math.min(cutAt, s.pendingDetectedMs + settle);
        s.lastChangeMs = tc;
        // The edge detector reports once a level has held, so its settle window's second half is after
        // the ramp. CUSUM and BOCPD report a few observations after the change, when the new level has
        // been seen: from then on, or from half the window after the change, the samples are the level
        // after (half the window after the report was 20-30 s after a change at 3-4 s, where another
        // load had often moved).
        long settledFrom = mergeRamps ? Math.max(s.pendingDetectedMs, tc + settle / 2) : s.pendingDetectedMs + settle / 2;
        int first = -1;
        int last = -1;
        int afterFrom = -1;
        for (int i = 0; i < s.size; i++) {
            long t = s.times[s.at(i)];
            if (t >= tc && t < until) {
                first = first < 0 ? i : first;
                last = i;
                if (afterFrom < 0 && t >= settledFrom) {
                    afterFrom = i;
                }
            }
        }
        if (first < 0) {
            refusedCounter[0]++;
            return null;
        }
        if (afterFrom < 0) {
            // Cut short before the settle window's second half: the newest samples are the best guess.
            afterFrom = Math.max(first, last - 1);
        }
        double afterP = Double.NaN;
        double afterQ = Double.NaN;
        if (confirmsLevel) {
            // CUSUM reports once the new level has held for a few observations: the samples within half
            // a window either side of the report are that level (after it, another load may soon move:
            // at 3-4 s CUSUM reports the next change 10-20 s after it, too late to cut this window).
            long from = Math.max(tc, s.pendingDetectedMs - settle / 2);
            long to = Math.min(until, s.pendingDetectedMs + settle / 2);
            double[] around = new double[s.size];
            int n = 0;
            double q = 0;
            for (int i = first; i <= last; i++) {
                long t = s.times[s.at(i)];
                if (t >= from && t < to) {
                    around[n++] = s.active[s.at(i)];
                    q += s.reactive[s.at(i)];
                }
            }
            if (n > 0) {
                afterP = median(around, n);
                afterQ = q / n;
            }
        }
        if (Double.isNaN(afterP)) {
            afterP = 0;
            afterQ = 0;
            for (int i = afterFrom; i <= last; i++) {
                afterP += s.active[s.at(i)];
                afterQ += s.reactive[s.at(i)];
            }
            afterP /= last - afterFrom + 1;
            afterQ /= last - afterFrom + 1;
        }
        double delta = afterP - s.pendingBeforeP;
        if (Math.abs(delta) < minStepW) {
            refusedCounter[0]++;
            return null;
        }
        double peak = s.active[s.at(first)];
        long settledAt = tc;
        double tolerance = Math.max(10, 0.05 * Math.abs(afterP));
        for (int i = first; i <= last; i++) {
            int k = s.at(i);
            if (s.times[k] - tc <= inrushMs) {
                peak = delta > 0 ? Math.max(peak, s.active[k]) : Math.min(peak, s.active[k]);
            }
            if (Math.abs(s.active[k] - afterP) > tolerance) {
                settledAt = i < last ? s.times[s.at(i + 1)] : s.times[k];
            }
        }
        LoadEvent e = new LoadEvent();
        e.meterId = meterId;
        e.timestampMs = tc;
        e.detector = detector;
        e.deltaActivePowerW = delta;
        e.levelBeforeW = s.pendingBeforeP;
        e.levelAfterW = afterP;
        e.transientPeakW = peak;
        e.settlingMs = settledAt - tc;
        e.score = s.pendingScore;
        if (!Double.isNaN(afterQ) && !Double.isNaN(s.pendingBeforeQ)) {
            e.deltaReactivePowerVar = afterQ - s.pendingBeforeQ;
            e.powerFactorBefore = powerFactor(s.pendingBeforeP, s.pendingBeforeQ);
            e.powerFactorAfter = powerFactor(afterP, afterQ);
        }
        return e;
    }

    private static Double powerFactor(double p, double q) {
        double apparent = Math.hypot(p, q);
        return apparent < 1 ? null : Math.abs(p) / apparent;
    }
}
