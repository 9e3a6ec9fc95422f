package io.wattflow.operators.meter;

import java.util.Arrays;

/**
 * Timestamps of a meter's readings that were accepted behind its newest one (out of order), kept while
 * a reading at that time could still arrive without being late. The signature ring holds the readings
 * that came in time order; these are the rest a duplicate can match. Empty for a meter that sends in
 * order, so it costs one byte of state.
 */
final class OutOfOrderTimes {
    /** More than 10 s of out-of-orderness holds at 1 Hz; beyond it the oldest is forgotten (a duplicate of it would pass). */
    static final int CAPACITY = 32;

    private OutOfOrderTimes() {}

    static boolean contains(long[] times, long t) {
        for (long held : times) {
            if (held == t) {
                return true;
            }
        }
        return false;
    }

    /** The times after a reading at {@code t}, behind the newest one, was accepted. */
    static long[] add(long[] times, long t, long newest, long outOfOrdernessMs) {
        long[] kept = prune(times, newest, outOfOrdernessMs);
        int from = kept.length < CAPACITY ? 0 : 1;
        long[] grown = Arrays.copyOfRange(kept, from, kept.length + 1);
        grown[grown.length - 1] = t;
        return grown;
    }

    /** Drops the times a reading can no longer repeat: anything that far behind {@code newest} is late. */
    static long[] prune(long[] times, long newest, long outOfOrdernessMs) {
        int keep = 0;
        for (long held : times) {
            if (held >= newest - outOfOrdernessMs) {
                keep++;
            }
        }
        if (keep == times.length) {
            return times;
        }
        long[] kept = new long[keep];
        int i = 0;
        for (long held : times) {
            if (held >= newest - outOfOrdernessMs) {
                kept[i++] = held;
            }
        }
        return kept;
    }
}
