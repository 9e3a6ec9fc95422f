package io.wattflow.operators.recognition;

import java.util.Arrays;

/**
 * What a meter's NILM estimates say about the starts of its runs, bounded: each minute where an
 * appliance's estimate rose by at least {@value #MIN_RISE_W} W ({@link NilmRunNaming#rise}), at most
 * {@value #RISES} of them (the oldest dropped), the last {@value #TAIL} estimated minutes (a rise near
 * the end of one window's minutes needs the next window's first ones), and the last {@value #RANGES}
 * stretches of minutes that were estimated at all. A Flink POJO of primitive arrays: at most about 2.4 KB
 * ({@value #RISES} rises of 9 bytes), typically a few hundred bytes (about five rises per activation).
 */
public class NilmEvidence {
    public static final int RISES = 256;
    public static final int TAIL = 4;
    public static final int RANGES = 4;
    /** Half the smallest step a run can have (the detector's 30 W): a smaller rise never names a run. */
    public static final float MIN_RISE_W = 15;

    /** Minutes since the epoch of each rise, oldest first; the first {@link #riseCount} entries are used. */
    public int[] riseMinute = new int[0];
    public byte[] riseAppliance = new byte[0];
    public float[] riseW = new float[0];
    public int riseCount;

    /** Minutes since the epoch of the first of the last {@value #TAIL} estimated minutes; {@code Integer.MIN_VALUE}: none. */
    public int tailFirstMinute = Integer.MIN_VALUE;
    /** The tail's estimates, appliance after appliance (0 for a minute not estimated). */
    public float[] tail = new float[0];

    /** The last {@value #RANGES} stretches of estimated minutes, [from, to) in minutes since the epoch, oldest first. */
    public int[] estimatedFrom = new int[0];
    public int[] estimatedTo = new int[0];
    /** The model version of the newest estimates: what named the run. */
    public String modelVersion;

    public NilmEvidence() {}

    int rises() {
        return riseCount;
    }

    void addRise(int minute, int appliance, float w) {
        if (riseCount == RISES) {
            // Full: the oldest quarter goes at once, so a busy meter does not shift the arrays per rise.
            dropOldest(RISES / 4);
        }
        if (riseCount == riseMinute.length) {
            int capacity = Math.min(RISES, Math.max(8, 2 * riseMinute.length));
            riseMinute = Arrays.copyOf(riseMinute, capacity);
            riseAppliance = Arrays.copyOf(riseAppliance, capacity);
            riseW = Arrays.copyOf(riseW, capacity);
        }
        riseMinute[riseCount] = minute;
        riseAppliance[riseCount] = (byte) appliance;
        riseW[riseCount] = w;
        riseCount++;
    }

    /** Drops the rises before {@code minute}. */
    void dropBefore(int minute) {
        int k = 0;
        while (k < riseCount && riseMinute[k] < minute) {
            k++;
        }
        dropOldest(k);
        if (riseCount < riseMinute.length / 4 && riseMinute.length > 8) {
            // What is kept is what a savepoint writes: a busy morning does not keep a quiet day's state large.
            int capacity = Math.max(8, 2 * riseCount);
            riseMinute = Arrays.copyOf(riseMinute, capacity);
            riseAppliance = Arrays.copyOf(riseAppliance, capacity);
            riseW = Arrays.copyOf(riseW, capacity);
        }
    }

    private void dropOldest(int k) {
        if (k == 0) {
            return;
        }
        int left = riseCount - k;
        System.arraycopy(riseMinute, k, riseMinute, 0, left);
        System.arraycopy(riseAppliance, k, riseAppliance, 0, left);
        System.arraycopy(riseW, k, riseW, 0, left);
        riseCount = left;
    }

    boolean estimated(int minute) {
        for (int i = 0; i < estimatedFrom.length; i++) {
            if (minute >= estimatedFrom[i] && minute < estimatedTo[i]) {
                return true;
            }
        }
        return false;
    }

    /** Minutes [from, to) were estimated: extends the newest stretch when they follow it, else starts one. */
    void markEstimated(int from, int to) {
        int n = estimatedFrom.length;
        if (n > 0 && estimatedTo[n - 1] == from) {
            estimatedTo[n - 1] = to;
            return;
        }
        int keep = Math.min(n, RANGES - 1);
        int[] f = new int[keep + 1];
        int[] t = new int[keep + 1];
        System.arraycopy(estimatedFrom, n - keep, f, 0, keep);
        System.arraycopy(estimatedTo, n - keep, t, 0, keep);
        f[keep] = from;
        t[keep] = to;
        estimatedFrom = f;
        estimatedTo = t;
    }
}
