package io.wattflow.jobs.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** A {@code [from, to)} range of epoch milliseconds from request parameters (epoch ms or ISO-8601 instants). */
record TimeRange(long fromMs, long toMs) {
    static final Duration LONGEST = Duration.ofDays(400);

    static TimeRange parse(String from, String to, TimeRange whole) {
        long f = from == null || from.isBlank() ? whole.fromMs : millis("from", from);
        long t = to == null || to.isBlank() ? whole.toMs : millis("to", to);
        if (t <= f) {
            throw new BadRequest(400, "The time range is empty: 'to' (" + Instant.ofEpochMilli(t)
                    + ") must be after 'from' (" + Instant.ofEpochMilli(f) + ").");
        }
        if (t - f > LONGEST.toMillis()) {
            throw new BadRequest(400, "The time range is longer than " + LONGEST.toDays() + " days; ask for a shorter one.");
        }
        return new TimeRange(f, t);
    }

    private static long millis(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException notANumber) {
            try {
                return Instant.parse(value).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new BadRequest(400, "'" + name + "' must be epoch milliseconds or an instant like 2024-01-15T00:00:00Z, not '"
                        + value + "'.");
            }
        }
    }

    long spanMs() {
        return toMs - fromMs;
    }
}
