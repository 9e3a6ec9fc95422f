package io.wattflow.ingest;

import io.wattflow.record.DeadLetterReason;
import io.wattflow.record.MeterReading;

/**
 * The checks one reading passes on its own, without the meter's history. Negative power is allowed
 * here (meters with PV export it); a consumption meter going negative is an anomaly, not bad input.
 */
public final class ReadingChecks {
    private ReadingChecks() {}

    /** The reason {@code r} is invalid, or null when it is valid. */
    public static DeadLetterReason check(MeterReading r, ValidationConfig config, long nowMs) {
        for (Double v : r.measuredValues()) {
            if (v != null && !Double.isFinite(v)) {
                return DeadLetterReason.INVALID_NUMBER;
            }
        }
        if (Math.abs(r.activePowerW) > config.maxAbsActivePowerW()) {
            return DeadLetterReason.POWER_OUT_OF_RANGE;
        }
        if (r.timestampMs > nowMs + config.maxFutureMs()) {
            return DeadLetterReason.TIMESTAMP_IN_FUTURE;
        }
        if (r.timestampMs < config.earliestTimestampMs()
                || (config.maxAgeMs() > 0 && r.timestampMs < nowMs - config.maxAgeMs())) {
            return DeadLetterReason.TIMESTAMP_TOO_OLD;
        }
        return null;
    }

    public static String explain(DeadLetterReason reason, MeterReading r, ValidationConfig config) {
        switch (reason) {
            case INVALID_NUMBER:
                return "a measured value is NaN or infinite";
            case POWER_OUT_OF_RANGE:
                return "active power " + r.activePowerW + " W beyond +-" + config.maxAbsActivePowerW() + " W";
            case TIMESTAMP_IN_FUTURE:
                return "timestamp " + java.time.Instant.ofEpochMilli(r.timestampMs) + " is in the future";
            case TIMESTAMP_TOO_OLD:
                return "timestamp " + java.time.Instant.ofEpochMilli(r.timestampMs) + " is too old";
            default:
                return reason.name();
        }
    }
}
