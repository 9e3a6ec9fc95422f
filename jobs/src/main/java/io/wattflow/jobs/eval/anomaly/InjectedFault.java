package io.wattflow.jobs.eval.anomaly;

import io.wattflow.record.Anomaly;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * A labelled fault: what was done to the recording (or found in it, for faults the recording has
 * itself), when, which anomaly kind must report it, and which other kinds it may fairly set off
 * (a zero run also makes a low-consumption hour): those are neither hits nor false alarms.
 */
final class InjectedFault {
    enum Type {
        BASELOAD_STEP(Anomaly.BASELOAD_STEP, Duration.ofHours(36), Set.of(Anomaly.CONSUMPTION_HIGH)),
        STUCK(Anomaly.STUCK, Duration.ofMinutes(10), Set.of(Anomaly.CONSUMPTION_HIGH, Anomaly.CONSUMPTION_LOW, Anomaly.BASELOAD_STEP)),
        ZERO_RUN(Anomaly.ZERO_RUN, Duration.ofMinutes(10), Set.of(Anomaly.CONSUMPTION_LOW, Anomaly.BASELOAD_STEP)),
        NEGATIVE(Anomaly.NEGATIVE, Duration.ofMinutes(5), Set.of(Anomaly.CONSUMPTION_LOW, Anomaly.BASELOAD_STEP)),
        SPIKE(Anomaly.SPIKE, Duration.ofMinutes(2), Set.of(Anomaly.CONSUMPTION_HIGH)),
        NIGHT_HEATER(Anomaly.CONSUMPTION_HIGH, Duration.ofHours(1), Set.of(Anomaly.BASELOAD_STEP)),
        MISSING(Anomaly.MISSING, Duration.ofMinutes(10), Set.of(Anomaly.CONSUMPTION_LOW)),
        PERIODICITY(Anomaly.PERIODICITY_CHANGE, Duration.ofHours(36), Set.of());

        final String expectedKind;
        final Duration grace;
        final Set<String> collateral;

        Type(String expectedKind, Duration grace, Set<String> collateral) {
            this.expectedKind = expectedKind;
            this.grace = grace;
            this.collateral = collateral;
        }
    }

    final Type type;
    final long startMs;
    final long endMs;
    /** True for a fault found in the recording itself (a logger outage), not injected. */
    final boolean natural;
    final String detail;

    InjectedFault(Type type, long startMs, long endMs, boolean natural, String detail) {
        this.type = type;
        this.startMs = startMs;
        this.endMs = endMs;
        this.natural = natural;
        this.detail = detail;
    }

    long windowEndMs() {
        return endMs + type.grace.toMillis();
    }

    /** Whether something reported over [fromMs, toMs] falls in this fault's window. */
    boolean overlaps(long fromMs, long toMs) {
        return toMs >= startMs && fromMs <= windowEndMs();
    }

    @Override
    public String toString() {
        return (natural ? "natural " : "") + type + " " + Instant.ofEpochMilli(startMs) + " .. " + Instant.ofEpochMilli(endMs) + " " + detail;
    }
}
