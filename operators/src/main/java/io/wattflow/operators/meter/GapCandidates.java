package io.wattflow.operators.meter;

import java.util.Arrays;

/**
 * Candidate gaps of one meter as start, end pairs. A silence longer than the threshold is a candidate
 * until the watermark passes its end: a reading arriving out of order inside it splits or closes it,
 * so only real gaps are emitted, each once.
 */
final class GapCandidates {
    private GapCandidates() {}

    /** The candidates after a reading at {@code t} arrived out of order: the gap it falls in is shortened or split in two. */
    static long[] split(long[] gaps, long t, long thresholdMs) {
        long[] kept = new long[0];
        for (int i = 0; i < gaps.length; i += 2) {
            long s = gaps[i];
            long e = gaps[i + 1];
            if (t > s && t < e) {
                if (t - s > thresholdMs) {
                    kept = append(kept, s, t);
                }
                if (e - t > thresholdMs) {
                    kept = append(kept, t, e);
                }
            } else {
                kept = append(kept, s, e);
            }
        }
        return kept;
    }

    /** Whether a candidate ends at or before {@code time}. */
    static boolean anyEndingBy(long[] gaps, long time) {
        for (int i = 1; i < gaps.length; i += 2) {
            if (gaps[i] <= time) {
                return true;
            }
        }
        return false;
    }

    static long[] append(long[] gaps, long start, long end) {
        long[] grown = Arrays.copyOf(gaps, gaps.length + 2);
        grown[gaps.length] = start;
        grown[gaps.length + 1] = end;
        return grown;
    }
}
