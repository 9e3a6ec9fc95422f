package io.wattflow.record;

import java.time.Instant;

/**
 * A stretch of a meter's stream with no readings: the last reading before it was at {@code startMs}
 * and the first one after it at {@code endMs}. Downstream operators use it to tell "no data" from
 * "no consumption".
 */
public class GapRecord {
    public String meterId;
    public long startMs;
    public long endMs;

    public GapRecord() {}

    public GapRecord(String meterId, long startMs, long endMs) {
        this.meterId = meterId;
        this.startMs = startMs;
        this.endMs = endMs;
    }

    public long durationMs() {
        return endMs - startMs;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GapRecord)) {
            return false;
        }
        GapRecord g = (GapRecord) o;
        return startMs == g.startMs && endMs == g.endMs && java.util.Objects.equals(meterId, g.meterId);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(meterId, startMs, endMs);
    }

    @Override
    public String toString() {
        return "GapRecord{" + meterId + " (" + Instant.ofEpochMilli(startMs) + " .. " + Instant.ofEpochMilli(endMs) + ")}";
    }
}
