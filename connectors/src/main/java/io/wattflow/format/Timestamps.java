package io.wattflow.format;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/**
 * Reads the timestamp spellings meters and data sets use: epoch seconds or milliseconds (told apart
 * by magnitude), ISO-8601 with an offset, and naive local date-times ("2013-10-01 00:00:00"), which
 * are taken in the zone the caller says the source uses.
 */
public final class Timestamps {
    /** Numbers above this are milliseconds: 1e11 s is the year 5138, 1e11 ms is 1973. */
    private static final double MILLIS_THRESHOLD = 1e11;

    private static final DateTimeFormatter NAIVE = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .toFormatter();

    private static final DateTimeFormatter WITH_OFFSET = new DateTimeFormatterBuilder()
            .append(NAIVE)
            .appendPattern("[XXX][XX][X]")
            .toFormatter();

    private Timestamps() {}

    /**
     * Epoch milliseconds of {@code text}.
     *
     * @throws DateTimeException if the text is no timestamp in any accepted spelling
     */
    public static long parseMillis(String text, ZoneId naiveZone) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new DateTimeException("empty timestamp");
        }
        char first = s.charAt(0);
        if (Character.isDigit(first) && s.indexOf('-') < 0 && s.indexOf(':') < 0) {
            return fromEpochNumber(s);
        }
        if (s.endsWith("Z") || s.endsWith("z")) {
            return Instant.parse(s.toUpperCase()).toEpochMilli();
        }
        if (hasOffset(s)) {
            return OffsetDateTime.parse(s, WITH_OFFSET).toInstant().toEpochMilli();
        }
        return LocalDateTime.parse(s, NAIVE).atZone(naiveZone).toInstant().toEpochMilli();
    }

    /** Epoch milliseconds of a JSON number that is epoch seconds or milliseconds. */
    public static long fromEpochNumber(double value) {
        if (!Double.isFinite(value)) {
            throw new DateTimeException("timestamp is not a finite number");
        }
        return value >= MILLIS_THRESHOLD ? Math.round(value) : Math.round(value * 1000.0);
    }

    private static long fromEpochNumber(String s) {
        if (s.length() <= 15 && allDigits(s)) {
            // The usual spelling (whole seconds or milliseconds): exact as a double, so the same value as below
            // without a BigDecimal per reading.
            return fromEpochNumber((double) Long.parseLong(s));
        }
        try {
            return fromEpochNumber(new BigDecimal(s).doubleValue());
        } catch (NumberFormatException e) {
            throw new DateTimeException("not a timestamp: " + s);
        }
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean hasOffset(String s) {
        int t = Math.max(s.indexOf('T'), s.indexOf(' '));
        if (t < 0) {
            return false;
        }
        String time = s.substring(t + 1);
        return time.indexOf('+') >= 0 || time.indexOf('-') >= 0;
    }

    /** Used by tests and writers: the ISO-8601 instant of epoch millis. */
    public static String iso(long epochMs) {
        return Instant.ofEpochMilli(epochMs).toString();
    }

    static {
        // Fail at class load, not in a job, if the formatter set-up is ever broken.
        NAIVE.parse("2000-01-01 00:00:00").get(ChronoField.YEAR);
    }
}
