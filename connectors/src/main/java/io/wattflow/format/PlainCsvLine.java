package io.wattflow.format;

import io.wattflow.record.MeterReading;

import java.nio.charset.StandardCharsets;

/**
 * The common CSV reading, read straight from its bytes: a line of only the three required columns
 * (meter id, timestamp, active power, in the header's order), printable ASCII without spaces or
 * quotes, the timestamp whole epoch seconds or milliseconds and the power a plain decimal of at most
 * 15 digits. Every other line, and every line to refuse, is left to {@link CsvReadingParser}'s
 * general path, which gives the same reading for the lines read here (a test compares them).
 *
 * <p>Why: the general path makes a string of the line, a string per cell and parses the number
 * through {@link Double#parseDouble}; on the benchmark that was a third of the parse thread, which is
 * itself the largest task of the detection pipeline on the heap backend (README "Scale").
 */
final class PlainCsvLine {
    /** Powers of ten a plain decimal of at most 15 digits divides by; each exact as a double. */
    private static final double[] TENS = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    private static final int MAX_DIGITS = 15;

    private PlainCsvLine() {}

    /**
     * The reading of {@code line}, or null when it is not such a plain line; {@code meterColumn},
     * {@code timestampColumn} and {@code powerColumn} are the cells' places (0-2) in a three-column header.
     */
    static MeterReading read(byte[] line, int meterColumn, int timestampColumn, int powerColumn) {
        int n = line.length;
        int firstComma = -1;
        int secondComma = -1;
        for (int i = 0; i < n; i++) {
            byte b = line[i];
            if (b == ',') {
                if (secondComma >= 0) {
                    return null;
                }
                if (firstComma < 0) {
                    firstComma = i;
                } else {
                    secondComma = i;
                }
            } else if (b <= ' ' || b >= 0x7F || b == '"') {
                return null; // whitespace, control, non-ASCII or quotes: the general path trims and unquotes
            }
        }
        if (secondComma < 0 || firstComma == 0 || secondComma == firstComma + 1 || secondComma == n - 1) {
            return null; // fewer cells, or an empty one: a missing value the general path names
        }
        int[] ends = {firstComma, secondComma, n};
        long ts = epochMillis(line, start(timestampColumn, ends), ends[timestampColumn]);
        if (ts == Long.MIN_VALUE) {
            return null;
        }
        double power = plainDecimal(line, start(powerColumn, ends), ends[powerColumn]);
        if (Double.isNaN(power)) {
            return null;
        }
        int from = start(meterColumn, ends);
        String meterId = new String(line, from, ends[meterColumn] - from, StandardCharsets.ISO_8859_1);
        return new MeterReading(meterId, ts, power);
    }

    /** Where cell {@code column} begins: after the comma that ends the cell before it. */
    private static int start(int column, int[] ends) {
        return column == 0 ? 0 : ends[column - 1] + 1;
    }

    /** Whole epoch seconds or milliseconds of at most 15 digits, as {@link Timestamps#parseMillis} reads them; MIN_VALUE otherwise. */
    private static long epochMillis(byte[] b, int from, int to) {
        if (to - from > MAX_DIGITS) {
            return Long.MIN_VALUE;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return Long.MIN_VALUE;
            }
            v = v * 10 + d;
        }
        return Timestamps.fromEpochNumber((double) v);
    }

    /**
     * {@code -?digits[.digits]} with at most 15 digits, as {@link Double#parseDouble} reads it: the digits
     * as a whole number (exact below 2^53) divided by a power of ten (exact), one correctly rounded
     * division, the same double. NaN for anything else.
     */
    private static double plainDecimal(byte[] b, int from, int to) {
        int i = from;
        boolean negative = b[i] == '-';
        if (negative) {
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int fraction = -1;
        for (; i < to; i++) {
            int c = b[i];
            if (c == '.') {
                if (fraction >= 0) {
                    return Double.NaN;
                }
                fraction = 0;
                continue;
            }
            int d = c - '0';
            if (d < 0 || d > 9 || ++digits > MAX_DIGITS) {
                return Double.NaN;
            }
            mantissa = mantissa * 10 + d;
            if (fraction >= 0) {
                fraction++;
            }
        }
        if (digits == 0 || fraction == 0) {
            return Double.NaN; // "-", "." or "5.": left to the general path
        }
        double v = fraction > 0 ? mantissa / TENS[fraction] : mantissa;
        return negative ? -v : v;
    }
}
