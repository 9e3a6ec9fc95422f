package io.wattflow.ingest;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * What counts as a valid reading. Immutable; the {@code with*} methods return changed copies.
 * Defaults suit a household or small-business meter sending 1 Hz readings.
 */
public final class ValidationConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** 100 kW: above any household connection (3 x 63 A x 230 V is 43 kW), so it only catches nonsense. */
    public static final double DEFAULT_MAX_ABS_POWER_W = 100_000;

    private final double maxAbsActivePowerW;
    private final long earliestTimestampMs;
    private final long maxFutureMs;
    private final long maxAgeMs;
    private final long outOfOrdernessMs;
    private final ZoneId naiveTimestampZone;

    private ValidationConfig(double maxAbsActivePowerW, long earliestTimestampMs, long maxFutureMs, long maxAgeMs,
                             long outOfOrdernessMs, ZoneId naiveTimestampZone) {
        this.maxAbsActivePowerW = maxAbsActivePowerW;
        this.earliestTimestampMs = earliestTimestampMs;
        this.maxFutureMs = maxFutureMs;
        this.maxAgeMs = maxAgeMs;
        this.outOfOrdernessMs = outOfOrdernessMs;
        this.naiveTimestampZone = naiveTimestampZone;
    }

    public static ValidationConfig defaults() {
        return new ValidationConfig(DEFAULT_MAX_ABS_POWER_W, Instant.parse("2000-01-01T00:00:00Z").toEpochMilli(),
                Duration.ofHours(1).toMillis(), 0, Duration.ofSeconds(10).toMillis(), ZoneOffset.UTC);
    }

    public ValidationConfig withMaxAbsActivePowerW(double watts) {
        if (!(watts > 0) || Double.isInfinite(watts)) {
            throw new IllegalArgumentException("The power limit must be a positive number of watts, was " + watts + ".");
        }
        return new ValidationConfig(watts, earliestTimestampMs, maxFutureMs, maxAgeMs, outOfOrdernessMs, naiveTimestampZone);
    }

    public ValidationConfig withEarliestTimestamp(Instant earliest) {
        return new ValidationConfig(maxAbsActivePowerW, earliest.toEpochMilli(), maxFutureMs, maxAgeMs, outOfOrdernessMs, naiveTimestampZone);
    }

    public ValidationConfig withMaxFuture(Duration future) {
        requireNotNegative(future, "max-future");
        return new ValidationConfig(maxAbsActivePowerW, earliestTimestampMs, future.toMillis(), maxAgeMs, outOfOrdernessMs, naiveTimestampZone);
    }

    /** Readings older than this (against the wall clock) are refused; zero turns the check off, as replays need. */
    public ValidationConfig withMaxAge(Duration age) {
        requireNotNegative(age, "max-age");
        return new ValidationConfig(maxAbsActivePowerW, earliestTimestampMs, maxFutureMs, age.toMillis(), outOfOrdernessMs, naiveTimestampZone);
    }

    public ValidationConfig withOutOfOrderness(Duration outOfOrderness) {
        requireNotNegative(outOfOrderness, "out-of-orderness");
        return new ValidationConfig(maxAbsActivePowerW, earliestTimestampMs, maxFutureMs, maxAgeMs, outOfOrderness.toMillis(), naiveTimestampZone);
    }

    /** The zone of timestamps written without an offset ("2013-10-01 00:00:00"). */
    public ValidationConfig withNaiveTimestampZone(ZoneId zone) {
        return new ValidationConfig(maxAbsActivePowerW, earliestTimestampMs, maxFutureMs, maxAgeMs, outOfOrdernessMs, zone);
    }

    private static void requireNotNegative(Duration d, String name) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("The " + name + " duration must not be negative, was " + d + ".");
        }
    }

    public double maxAbsActivePowerW() {
        return maxAbsActivePowerW;
    }

    public long earliestTimestampMs() {
        return earliestTimestampMs;
    }

    public long maxFutureMs() {
        return maxFutureMs;
    }

    public long maxAgeMs() {
        return maxAgeMs;
    }

    public long outOfOrdernessMs() {
        return outOfOrdernessMs;
    }

    public ZoneId naiveTimestampZone() {
        return naiveTimestampZone;
    }
}
