package io.wattflow.operators.recognition;

import io.wattflow.operators.nilm.NilmModelSpec;
import io.wattflow.record.ApplianceEstimates;
import io.wattflow.record.ApplianceRun;

import javax.annotation.Nullable;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Names a run by what the NILM model estimated around its start: the appliance whose estimate rose
 * most at the run's ON minute, when by at least half the run's ON step. The rise at minute m is the
 * highest estimate of minutes m..m+2 minus the lower of minutes m-1 and m-2 (a minute not estimated
 * counts 0): the rule the evaluation labels runs by, from an appliance's own channel, applied to the
 * estimate instead. Chosen over the classifier and over "mean estimate over the run" by a
 * leave-one-house-out comparison (README, Appliance recognition). The NILM model sees 256 minutes
 * around a run where the classifier sees only the run, so a run is named when its minutes and the two
 * after have been estimated: {@link #readyAtMs} (about 2.5 h after it began at the shipped stride).
 */
public final class NilmRunNaming implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final double EXPLAINED = 0.5;

    private final List<String> appliances;
    private final String model;
    private final long periodMs;
    /** From a run's ON minute to when the windows estimating it and the minutes after it have come. */
    private final long readyAfterMs;
    /** How long a rise is kept: a run that has not come yet began at most this long before the newest estimates. */
    private final long keepMs;

    public NilmRunNaming(List<String> appliances, String model, long periodMs, long readyAfterMs, long keepMs) {
        this.appliances = List.copyOf(appliances);
        this.model = model;
        this.periodMs = periodMs;
        this.readyAfterMs = readyAfterMs;
        this.keepMs = keepMs;
    }

    /** For the model of {@code spec}, runs at most {@code longestRun} long (the pairing's limit). */
    public static NilmRunNaming of(NilmModelSpec spec, Duration longestRun) {
        List<String> names = new ArrayList<>();
        for (int a = 0; a < spec.applianceCount(); a++) {
            names.add(spec.applianceName(a));
        }
        // The minute after the two after the ON minute, the windows' lag, one stride until the window
        // that estimates them ends, and one minute for that minute's interval to close.
        long ready = 4 * spec.periodMs + spec.estimateLagMs() + spec.stride * spec.periodMs;
        return new NilmRunNaming(names, spec.model, spec.periodMs, ready, longestRun.toMillis() + ready);
    }

    /** When a run that began at {@code startMs} can be named from the estimates. */
    public long readyAtMs(long startMs) {
        return (Math.floorDiv(startMs, periodMs)) * periodMs + readyAfterMs;
    }

    /** How long after a run's ON minute (or a label's time) its estimates can have come. */
    public long waitMs() {
        return readyAfterMs;
    }

    /** Takes a meter's next estimated minutes (in time order, never overlapping the ones before). */
    public void add(NilmEvidence e, ApplianceEstimates estimates) {
        int a = appliances.size();
        int n = estimates.minutes;
        if (estimates.watts == null || estimates.watts.length != a * n || n == 0) {
            return;
        }
        int first = minuteOf(estimates.firstMinuteMs);
        int T = NilmEvidence.TAIL;
        boolean hasTail = hasTail(e);
        int gap = hasTail ? first - (e.tailFirstMinute + T) : 0;
        if (hasTail && (gap < 0 || gap > T)) {
            // Far from the tail (or before it: a restart): its last minutes' rises see nothing after them.
            rises(e, series(e, true, 0, null, 0, a, 2), e.tailFirstMinute, a);
            hasTail = false;
            gap = 0;
        }
        // From four minutes before the block (the tail, else zeros: not estimated) to the block's end.
        float[][] s = series(e, hasTail, gap, estimates.watts, n, a, 0);
        rises(e, s, first - gap - T, a);
        int len = s[0].length;
        e.tail = new float[a * T];
        for (int i = 0; i < a; i++) {
            System.arraycopy(s[i], len - T, e.tail, i * T, T);
        }
        e.tailFirstMinute = first + n - T;
        e.markEstimated(first, first + n);
        e.modelVersion = estimates.modelVersion;
        e.dropBefore(first - (int) (keepMs / periodMs));
    }

    /**
     * Per appliance: {@value NilmEvidence#TAIL} minutes (the tail, or zeros), {@code gap} zeros, {@code n}
     * estimated minutes (NaN, a minute the meter did not send, as 0), {@code trailing} zeros.
     */
    private static float[][] series(NilmEvidence e, boolean withTail, int gap, @Nullable float[] watts, int n, int a, int trailing) {
        int T = NilmEvidence.TAIL;
        float[][] s = new float[a][T + gap + n + trailing];
        for (int i = 0; i < a; i++) {
            if (withTail) {
                System.arraycopy(e.tail, i * T, s[i], 0, T);
            }
            for (int t = 0; t < n; t++) {
                float w = watts[i * n + t];
                s[i][T + gap + t] = Float.isNaN(w) ? 0 : w;
            }
        }
        return s;
    }

    /** Records the rises of the series' minutes from its third to its third last ({@code s[.][0]} is minute {@code firstMinute}). */
    private static void rises(NilmEvidence e, float[][] s, int firstMinute, int a) {
        int len = s[0].length;
        for (int j = 2; j + 2 < len; j++) {
            for (int i = 0; i < a; i++) {
                float r = rise(s[i], j);
                if (r >= NilmEvidence.MIN_RISE_W) {
                    e.addRise(firstMinute + j, i, r);
                }
            }
        }
    }

    /** The highest of minutes j..j+2 minus the lower of j-1 and j-2. */
    static float rise(float[] w, int j) {
        return Math.max(w[j], Math.max(w[j + 1], w[j + 2])) - Math.min(w[j - 1], w[j - 2]);
    }

    /** Whether the run's ON minute was estimated: if not, the estimates cannot say what it is (another namer may). */
    public boolean covers(NilmEvidence e, ApplianceRun run) {
        return e.estimated(minuteOf(run.startMs));
    }

    /** The run's appliance from the estimates, or null when none rose by half its step (or it is not one to judge). */
    @Nullable
    public RunClassifier.Naming name(NilmEvidence e, ApplianceRun run) {
        if (!(run.onDeltaW > 0)) {
            return null;
        }
        int m = minuteOf(run.startMs);
        double needed = EXPLAINED * run.onDeltaW;
        int best = -1;
        double bestRise = 0;
        int T = NilmEvidence.TAIL;
        if (hasTail(e) && m >= e.tailFirstMinute + 2 && m < e.tailFirstMinute + T) {
            // Its rise waits for the next minutes, which have not come: they count 0, as never estimated.
            float[][] s = series(e, true, 0, null, 0, appliances.size(), 2);
            int j = m - e.tailFirstMinute;
            for (int i = 0; i < appliances.size(); i++) {
                float r = rise(s[i], j);
                if (r >= needed && r >= bestRise) {
                    bestRise = r;
                    best = i;
                }
            }
        } else {
            for (int k = 0; k < e.rises(); k++) {
                // Rises of a minute come in appliance order: the later of equal rises wins, as in the series above.
                if (e.riseMinute[k] == m && e.riseW[k] >= needed && e.riseW[k] >= bestRise) {
                    bestRise = e.riseW[k];
                    best = e.riseAppliance[k];
                }
            }
        }
        return best < 0 ? null : new RunClassifier.Naming(appliances.get(best), Math.min(1, bestRise / run.onDeltaW),
                model + (e.modelVersion == null ? "" : " " + e.modelVersion));
    }

    /** Whether the evidence holds the last estimated minutes of this model's appliances. */
    private boolean hasTail(NilmEvidence e) {
        return e.tailFirstMinute != Integer.MIN_VALUE && e.tail.length == appliances.size() * NilmEvidence.TAIL;
    }

    private int minuteOf(long ms) {
        return (int) Math.floorDiv(ms, periodMs);
    }
}
