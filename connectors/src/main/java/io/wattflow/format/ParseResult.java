package io.wattflow.format;

import io.wattflow.record.DeadLetterReason;
import io.wattflow.record.MeterReading;

/** What a parser made of one raw record: a reading, or a refusal with its reason. */
public final class ParseResult {
    private final MeterReading reading;
    private final DeadLetterReason reason;
    private final String detail;

    private ParseResult(MeterReading reading, DeadLetterReason reason, String detail) {
        this.reading = reading;
        this.reason = reason;
        this.detail = detail;
    }

    public static ParseResult ok(MeterReading reading) {
        return new ParseResult(reading, null, null);
    }

    public static ParseResult refused(DeadLetterReason reason, String detail) {
        return new ParseResult(null, reason, detail);
    }

    public boolean isOk() {
        return reading != null;
    }

    public MeterReading reading() {
        return reading;
    }

    public DeadLetterReason reason() {
        return reason;
    }

    public String detail() {
        return detail;
    }

    @Override
    public String toString() {
        return isOk() ? "ok(" + reading + ")" : "refused(" + reason + ": " + detail + ")";
    }
}
