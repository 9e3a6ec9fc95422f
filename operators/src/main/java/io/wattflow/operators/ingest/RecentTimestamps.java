package io.wattflow.operators.ingest;

import java.util.Arrays;

/**
 * The newest timestamp of a meter and a ring of its last {@link #CAPACITY} timestamps, enough to
 * find duplicates inside the out-of-orderness window at 1 Hz (10 s of readings) with room to spare.
 * Serialized within {@code MeterStreamState}: 8 (max) + 2 + 4 x 32 (distances below the max) = 138 bytes.
 */
public class RecentTimestamps {
    public static final int CAPACITY = 32;

    public long max = Long.MIN_VALUE;
    public int next;
    public long[] ring = new long[CAPACITY];

    public RecentTimestamps() {
        Arrays.fill(ring, Long.MIN_VALUE);
    }

    public boolean contains(long ts) {
        if (ts > max) {
            return false; // the common case, a reading newer than all before it: no need to touch the ring
        }
        for (long t : ring) {
            if (t == ts) {
                return true;
            }
        }
        return false;
    }

    public void add(long ts) {
        ring[next] = ts;
        next = (next + 1) % CAPACITY;
        if (ts > max) {
            max = ts;
        }
    }
}
