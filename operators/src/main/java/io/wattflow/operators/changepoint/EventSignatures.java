package io.wattflow.operators.changepoint;

import io.wattflow.record.LoadEvent;

import java.io.Serializable;

/**
 * Describes each detected change by its signature, from the samples around it: the steady level
 * before (mean of up to {@code beforeSamples} samples before the change), the level after (mean of
 * the settled second half of the samples in the settle window), the change of active and reactive
 * power, power factors, the transient peak in the first {@code inrushMs}, and the settling time.
 * An event is emitted once its settle window has passed (or the next change cuts it short).
 * Changes smaller than {@code minStepW} once measured this way (a spike that came back, noise) are
 * not load events and are not emitted; the caller counts them. A second detection within
 * {@code mergeWithinMs} of a pending one is the same switching and is merged into it, and the level
 * before a change is never measured across the previous change.
 */
public final class EventSignatures implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long settleMs;
    private final long inrushMs;
    private final int beforeSamples;
    private final double minStepW;
    private final long mergeWithinMs;

    public EventSignatures(long settleMs, long inrushMs, int beforeSamples, double minStepW, long mergeWithinMs) {
        if (settleMs <= 0 || inrushMs <= 0 || beforeSamples < 1 || !(minStepW > 0) || mergeWithinMs < 0) {
            throw new IllegalArgumentException("Event signatures need a positive settle window, inrush window, "
                    + "number of samples before and minimum step, and a merge window not negative.");
        }
        this.settleMs = settleMs;
        this.inrushMs = inrushMs;
        this.beforeSamples = beforeSamples;
        this.minStepW = minStepW;
        this.mergeWithinMs = mergeWithinMs;
    }

    public static EventSignatures defaults() {
        return new EventSignatures(15_000, 5_000, 8, 30, 5_000);
    }


    /**
     * Feeds one sample (in time order) and, when the detector found a change on it, the detection.
     * Returns a finished event (of an earlier change) or null.
     */
    public LoadEvent update(SignatureState s, String meterId, String detector, long t, double p, Double q,
                            Detection detection, int[] refusedCounter) {
        s.add(t, p, q);
        LoadEvent done = null;
        if (s.pending && (t - s.pendingChangeMs >= settleMs || samplesSince(s, s.pendingChangeMs) >= SignatureState.CAPACITY / 2)) {
            done = finish(s, meterId, detector, Long.MAX_VALUE, refusedCounter);
        }
        if (detection != null && s.pending && detection.changeMs - s.pendingChangeMs < mergeWithinMs) {
            // A second detection this close is the same switching (an inrush, then the settling):
            // the pending event's settle window measures the whole step.
            s.pendingScore = Math.max(s.pendingScore, detection.score);
        } else if (detection != null) {
            if (s.pending) {
                LoadEvent cut = finish(s, meterId, detector, detection.changeMs, refusedCounter);
                done = done == null ? cut : done;
            }
            start(s, detection);
        }
        return done;
    }

    private void start(SignatureState s, Detection d) {
        double sumP = 0;
        double sumQ = 0;
        int n = 0;
        for (int i = s.size - 1; i >= 0 && n < beforeSamples; i--) {
            int k = s.at(i);
            if (s.times[k] < s.lastChangeMs) {
                break;
            }
            if (s.times[k] < d.changeMs) {
                sumP += s.active[k];
                sumQ += s.reactive[k];
                n++;
            }
        }
        if (n == 0) {
            // No sample between the previous change and this one: take the last one before this change,
            // or the oldest held when the change began before it.
            int k = s.at(0);
            for (int i = s.size - 1; i >= 0; i--) {
                if (s.times[s.at(i)] < d.changeMs) {
                    k = s.at(i);
                    break;
                }
            }
            sumP = s.active[k];
            sumQ = s.reactive[k];
            n = 1;
        }
        s.pending = true;
        s.pendingChangeMs = d.changeMs;
        s.pendingScore = d.score;
        s.pendingBeforeP = sumP / n;
        s.pendingBeforeQ = sumQ / n;
    }

    private static int samplesSince(SignatureState s, long since) {
        int n = 0;
        for (int i = s.size - 1; i >= 0 && s.times[s.at(i)] >= since; i--) {
            n++;
        }
        return n;
    }

    /** The pending change's event from the samples in [change, until), or null when it is too small. */
    private LoadEvent finish(SignatureState s, String meterId, String detector, long until, int[] refusedCounter) {
        s.pending = false;
        long tc = s.pendingChangeMs;
        s.lastChangeMs = tc;
        int first = -1;
        int last = -1;
        for (int i = 0; i < s.size; i++) {
            long t = s.times[s.at(i)];
            if (t >= tc && t < until) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        if (first < 0) {
            refusedCounter[0]++;
            return null;
        }
        int count = last - first + 1;
        int settledFrom = first + count / 2;
        double afterP = 0;
        double afterQ = 0;
        for (int i = settledFrom; i <= last; i++) {
            afterP += s.active[s.at(i)];
            afterQ += s.reactive[s.at(i)];
        }
        int settledCount = last - settledFrom + 1;
        afterP /= settledCount;
        afterQ /= settledCount;
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
