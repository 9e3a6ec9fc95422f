package io.wattflow.record;

import org.apache.avro.reflect.Nullable;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A record wattflow refused, kept with everything needed to find and replay it: the raw bytes as
 * received, where they came from (file:line or topic/partition/offset), why, and when.
 */
public class DeadLetter {
    public String reason;
    @Nullable public String detail;
    public String origin;
    public byte[] raw;
    /** Meter id when it could be read, for routing dead letters back to their owner. */
    @Nullable public String meterId;
    /** Processing time at which the record was refused, epoch ms. */
    public long refusedAtMs;

    public DeadLetter() {}

    public DeadLetter(DeadLetterReason reason, String detail, String origin, byte[] raw, String meterId, long refusedAtMs) {
        this.reason = reason.name();
        this.detail = detail;
        this.origin = origin;
        this.raw = raw;
        this.meterId = meterId;
        this.refusedAtMs = refusedAtMs;
    }

    public String rawAsText() {
        return raw == null ? "" : new String(raw, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "DeadLetter{" + reason + " at " + origin + (detail != null ? " (" + detail + ")" : "")
                + ", refused " + Instant.ofEpochMilli(refusedAtMs) + ": " + rawAsText() + '}';
    }
}
