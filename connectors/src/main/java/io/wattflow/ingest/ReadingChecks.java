package io.wattflow.ingest;

import io.wattflow.record.DeadLetterReason;
import io.wattflow.record.MeterReading;
import io.wattflow.record.PhaseValues;

/**
 * The checks one reading passes on its own, without the meter's history. Negative power is allowed
 * here (meters with PV export it); a consumption meter going negative is an anomaly, not bad input.
 * Every measured value has a range, not only active power: a reading with 1e300 V would otherwise be
 * accepted, create a meter and poison its baseline.
 */
public final class ReadingChecks {
    /** Mains is 100-480 V; 1 kV leaves room for any low-voltage meter, 0 for a meter without voltage. */
    public static final double MAX_VOLTAGE_V = 1_000;
    /** Above the largest low-voltage service fuse (a few hundred A) with margin; signed, as some meters report it. */
    public static final double MAX_ABS_CURRENT_A = 1_000;
    /** 50/60 Hz grids; 0 is what some meters send without voltage. */
    public static final double MAX_FREQUENCY_HZ = 100;
    /** |cos phi| is at most 1; meters round and drift a little above it. */
    public static final double MAX_ABS_POWER_FACTOR = 1.05;
    public static final int MAX_METER_ID_LENGTH = 128;

    private ReadingChecks() {}

    /** The reason {@code r} is invalid, or null when it is valid. */
    public static DeadLetterReason check(MeterReading r, ValidationConfig config, long nowMs) {
        if (!r.measuredValuesFinite()) {
            return DeadLetterReason.INVALID_NUMBER;
        }
        if (!validMeterId(r.meterId)) {
            return DeadLetterReason.INVALID_METER_ID;
        }
        if (Math.abs(r.activePowerW) > config.maxAbsActivePowerW()) {
            return DeadLetterReason.POWER_OUT_OF_RANGE;
        }
        if (valueOutOfRange(r, config) != null) {
            return DeadLetterReason.VALUE_OUT_OF_RANGE;
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

    /**
     * Meter ids become Parquet values, Kafka keys and file names in people's tools: letters, digits and
     * {@code - _ . : @ / # + =} only (a Shelly's {@code shellypro3em-c8f09e8a1b2c}, a URN, an email-like
     * id), 1 to 128 of them. Anything else (spaces, quotes, control or non-ASCII characters) is refused.
     */
    public static boolean validMeterId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_METER_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == ':' || c == '@' || c == '/' || c == '#' || c == '+' || c == '=';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The first measured value beyond its range, as "field value", or null when all are in range. */
    static String valueOutOfRange(MeterReading r, ValidationConfig config) {
        double maxPower = config.maxAbsActivePowerW();
        String bad = outside("reactive_power_var", r.reactivePowerVar, -maxPower, maxPower);
        bad = bad != null ? bad : outside("apparent_power_va", r.apparentPowerVa, 0, maxPower);
        bad = bad != null ? bad : outside("voltage_v", r.voltageV, 0, MAX_VOLTAGE_V);
        bad = bad != null ? bad : outside("current_a", r.currentA, -MAX_ABS_CURRENT_A, MAX_ABS_CURRENT_A);
        bad = bad != null ? bad : outside("power_factor", r.powerFactor, -MAX_ABS_POWER_FACTOR, MAX_ABS_POWER_FACTOR);
        bad = bad != null ? bad : outside("frequency_hz", r.frequencyHz, 0, MAX_FREQUENCY_HZ);
        bad = bad != null ? bad : phaseOutOfRange("a", r.phaseA, maxPower);
        bad = bad != null ? bad : phaseOutOfRange("b", r.phaseB, maxPower);
        return bad != null ? bad : phaseOutOfRange("c", r.phaseC, maxPower);
    }

    private static String phaseOutOfRange(String letter, PhaseValues p, double maxPower) {
        if (p == null) {
            return null;
        }
        String bad = outside(letter + "_active_power_w", p.activePowerW, -maxPower, maxPower);
        bad = bad != null ? bad : outside(letter + "_reactive_power_var", p.reactivePowerVar, -maxPower, maxPower);
        bad = bad != null ? bad : outside(letter + "_apparent_power_va", p.apparentPowerVa, 0, maxPower);
        bad = bad != null ? bad : outside(letter + "_voltage_v", p.voltageV, 0, MAX_VOLTAGE_V);
        bad = bad != null ? bad : outside(letter + "_current_a", p.currentA, -MAX_ABS_CURRENT_A, MAX_ABS_CURRENT_A);
        return bad != null ? bad : outside(letter + "_power_factor", p.powerFactor, -MAX_ABS_POWER_FACTOR, MAX_ABS_POWER_FACTOR);
    }

    private static String outside(String field, Double value, double min, double max) {
        return value != null && (value < min || value > max) ? field + " " + value + " outside [" + min + ", " + max + "]" : null;
    }

    public static String explain(DeadLetterReason reason, MeterReading r, ValidationConfig config) {
        switch (reason) {
            case INVALID_NUMBER:
                return "a measured value is NaN or infinite";
            case INVALID_METER_ID:
                return "meter id must be 1-" + MAX_METER_ID_LENGTH + " letters, digits or - _ . : @ / # + =";
            case POWER_OUT_OF_RANGE:
                return "active power " + r.activePowerW + " W beyond +-" + config.maxAbsActivePowerW() + " W";
            case VALUE_OUT_OF_RANGE:
                return valueOutOfRange(r, config);
            case TIMESTAMP_IN_FUTURE:
                return "timestamp " + java.time.Instant.ofEpochMilli(r.timestampMs) + " is in the future";
            case TIMESTAMP_TOO_OLD:
                return "timestamp " + java.time.Instant.ofEpochMilli(r.timestampMs) + " is too old";
            default:
                return reason.name();
        }
    }
}
