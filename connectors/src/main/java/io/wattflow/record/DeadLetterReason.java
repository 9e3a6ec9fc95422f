package io.wattflow.record;

/** Why a record was refused. The names are the reason codes written with every dead letter. */
public enum DeadLetterReason {
    /** Not valid in its format at all: broken JSON, wrong column count, a number that is not one. */
    UNPARSABLE,
    /** A wattflow JSON document with a schema version this build does not read. */
    UNSUPPORTED_VERSION,
    /** The bytes are not valid UTF-8 (overlong forms, surrogates, truncated sequences included). */
    INVALID_ENCODING,
    /** A meter id with characters other than letters, digits and {@code - _ . : @ / # + =}, or longer than 128. */
    INVALID_METER_ID,
    MISSING_METER_ID,
    MISSING_TIMESTAMP,
    MISSING_POWER,
    /** NaN or infinite value in any measured field. */
    INVALID_NUMBER,
    /** Active power beyond the configured physical limit of a meter. */
    POWER_OUT_OF_RANGE,
    /** Voltage, current, frequency, power factor, reactive or apparent power beyond what a meter can measure. */
    VALUE_OUT_OF_RANGE,
    TIMESTAMP_IN_FUTURE,
    TIMESTAMP_TOO_OLD,
    /** A second reading for a timestamp the meter already has. */
    DUPLICATE_TIMESTAMP,
    /** Older than the allowed out-of-orderness: event-time operators have already moved past it. */
    LATE,
    /** A label naming a run or device the meter does not hold (too old, or never seen), or a meter with too many names already. */
    UNKNOWN_REFERENCE
}
