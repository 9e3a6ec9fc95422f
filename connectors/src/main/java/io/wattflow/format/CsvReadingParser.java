package io.wattflow.format;

import io.wattflow.record.DeadLetterReason;
import io.wattflow.record.MeterReading;
import io.wattflow.record.PhaseValues;
import io.wattflow.record.RawRecord;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

import static io.wattflow.format.FieldNames.*;

/**
 * Header-driven CSV: {@code meter_id,timestamp,active_power_w[,reactive_power_var,...]} with the
 * optional columns of {@link FieldNames} and per-phase columns such as {@code a_voltage_v}. Columns
 * it does not know are ignored; an empty cell is a missing value. The header comes with each line
 * (see {@link RawRecord#csvHeader}) or, for sources without one, from the constructor.
 */
public final class CsvReadingParser implements ReadingParser {
    private static final String[] PHASE_FIELDS = {
        ACTIVE_POWER, REACTIVE_POWER, APPARENT_POWER, VOLTAGE, CURRENT, POWER_FACTOR
    };

    private final ZoneId naiveZone;
    private final String defaultHeader;
    private String cachedHeader;
    private Columns cachedColumns;

    public CsvReadingParser(ZoneId naiveZone, String defaultHeader) {
        this.naiveZone = naiveZone;
        this.defaultHeader = defaultHeader;
    }

    @Override
    public ParseResult parse(RawRecord raw) {
        return parse(raw, true);
    }

    /**
     * The general path alone: what {@link #parse} does for every line {@link PlainCsvLine} does not read
     * and every line to refuse. Public for the tests and the benchmark that compare the two paths.
     */
    public ParseResult parseGeneral(RawRecord raw) {
        return parse(raw, false);
    }

    private ParseResult parse(RawRecord raw, boolean plainLines) {
        String header = raw.csvHeader != null ? raw.csvHeader : defaultHeader;
        if (header == null) {
            return ParseResult.refused(DeadLetterReason.UNPARSABLE, "CSV line without a header");
        }
        Columns columns = columns(header);
        if (columns.problem != null) {
            return ParseResult.refused(DeadLetterReason.UNPARSABLE, columns.problem);
        }
        if (plainLines && columns.count == 3) {
            MeterReading plain = PlainCsvLine.read(raw.payload, columns.meterId, columns.timestamp, columns.activePower);
            if (plain != null) {
                return ParseResult.ok(plain);
            }
        }
        String[] cells = split(new String(raw.payload, StandardCharsets.UTF_8));
        if (cells.length != columns.count) {
            return ParseResult.refused(DeadLetterReason.UNPARSABLE,
                    "expected " + columns.count + " columns, found " + cells.length);
        }
        try {
            return read(cells, columns, raw.key);
        } catch (MalformedFieldException e) {
            return ParseResult.refused(e.reason, e.getMessage());
        }
    }

    private ParseResult read(String[] cells, Columns c, String key) {
        String meterId = cells[c.meterId].isEmpty() ? key : cells[c.meterId];
        if (meterId == null || meterId.isBlank()) {
            return ParseResult.refused(DeadLetterReason.MISSING_METER_ID, "empty meter_id");
        }
        if (cells[c.timestamp].isEmpty()) {
            return ParseResult.refused(DeadLetterReason.MISSING_TIMESTAMP, "empty timestamp");
        }
        long ts;
        try {
            ts = Timestamps.parseMillis(cells[c.timestamp], naiveZone);
        } catch (DateTimeException e) {
            return ParseResult.refused(DeadLetterReason.UNPARSABLE, "not a timestamp: " + cells[c.timestamp]);
        }
        Double power = number(cells, c.activePower, ACTIVE_POWER);
        if (power == null) {
            return ParseResult.refused(DeadLetterReason.MISSING_POWER, "empty active_power_w");
        }
        MeterReading r = new MeterReading(meterId, ts, power);
        r.reactivePowerVar = number(cells, c.reactivePower, REACTIVE_POWER);
        r.apparentPowerVa = number(cells, c.apparentPower, APPARENT_POWER);
        r.voltageV = number(cells, c.voltage, VOLTAGE);
        r.currentA = number(cells, c.current, CURRENT);
        r.powerFactor = number(cells, c.powerFactor, POWER_FACTOR);
        r.frequencyHz = number(cells, c.frequency, FREQUENCY);
        r.phaseA = phase(cells, c, 0);
        r.phaseB = phase(cells, c, 1);
        r.phaseC = phase(cells, c, 2);
        return ParseResult.ok(r);
    }

    private static PhaseValues phase(String[] cells, Columns c, int phase) {
        if (!c.phases[phase]) {
            return null;
        }
        int[] at = c.phaseColumns[phase];
        String[] names = c.phaseNames[phase];
        PhaseValues p = new PhaseValues();
        p.activePowerW = number(cells, at[0], names[0]);
        p.reactivePowerVar = number(cells, at[1], names[1]);
        p.apparentPowerVa = number(cells, at[2], names[2]);
        p.voltageV = number(cells, at[3], names[3]);
        p.currentA = number(cells, at[4], names[4]);
        p.powerFactor = number(cells, at[5], names[5]);
        return p.isEmpty() ? null : p;
    }

    /** The number in column {@code index}, or null where the header has no such column (-1) or the cell is empty. */
    private static Double number(String[] cells, int index, String name) {
        if (index < 0 || cells[index].isEmpty()) {
            return null;
        }
        String cell = cells[index];
        // Double.parseDouble also takes "0x1p3", "950d" and "1.5f": not numbers in a CSV file.
        if (!plainDecimal(cell) && !cell.equals("NaN") && !cell.endsWith("Infinity")) {
            throw new MalformedFieldException(DeadLetterReason.UNPARSABLE, name + " is not a number: " + cell);
        }
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new MalformedFieldException(DeadLetterReason.UNPARSABLE, name + " is not a number: " + cells[index]);
        }
    }

    private static boolean plainDecimal(String cell) {
        for (int i = 0; i < cell.length(); i++) {
            char c = cell.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                return false;
            }
        }
        return true;
    }

    private Columns columns(String header) {
        if (!header.equals(cachedHeader)) {
            cachedColumns = new Columns(split(header));
            cachedHeader = header;
        }
        return cachedColumns;
    }

    /** Splits on commas, trimming cells and one pair of surrounding double quotes. */
    static String[] split(String line) {
        // By hand rather than String.split: this runs for every CSV reading, and the regex-free split still
        // builds a list and a substring per cell before the trim makes another (a tenth of the parse thread).
        String s = line.strip();
        int count = 1;
        for (int i = s.indexOf(','); i >= 0; i = s.indexOf(',', i + 1)) {
            count++;
        }
        String[] cells = new String[count];
        int from = 0;
        for (int k = 0; k < count; k++) {
            int to = k + 1 < count ? s.indexOf(',', from) : s.length();
            cells[k] = cell(s, from, to);
            from = to + 1;
        }
        return cells;
    }

    /** {@code s[from, to)} trimmed, without one pair of surrounding double quotes (trimmed again inside). */
    private static String cell(String s, int from, int to) {
        while (from < to && s.charAt(from) <= ' ') {
            from++;
        }
        while (to > from && s.charAt(to - 1) <= ' ') {
            to--;
        }
        if (to - from >= 2 && s.charAt(from) == '"' && s.charAt(to - 1) == '"') {
            return s.substring(from + 1, to - 1).trim();
        }
        return s.substring(from, to);
    }

    /** Where each field is in a header's lines (-1: not there), looked up once per header, not per line. */
    private static final class Columns {
        final int count;
        final int meterId;
        final int timestamp;
        final int activePower, reactivePower, apparentPower, voltage, current, powerFactor, frequency;
        final boolean[] phases = new boolean[3];
        /** Per phase, the columns and names of {@link #PHASE_FIELDS}, in that order. */
        final int[][] phaseColumns = new int[3][PHASE_FIELDS.length];
        final String[][] phaseNames = new String[3][PHASE_FIELDS.length];
        final String problem;

        Columns(String[] names) {
            count = names.length;
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < names.length; i++) {
                index.putIfAbsent(names[i].toLowerCase(), i);
            }
            meterId = index.getOrDefault(METER_ID, -1);
            timestamp = index.getOrDefault(TIMESTAMP, -1);
            activePower = index.getOrDefault(ACTIVE_POWER, -1);
            reactivePower = index.getOrDefault(REACTIVE_POWER, -1);
            apparentPower = index.getOrDefault(APPARENT_POWER, -1);
            voltage = index.getOrDefault(VOLTAGE, -1);
            current = index.getOrDefault(CURRENT, -1);
            powerFactor = index.getOrDefault(POWER_FACTOR, -1);
            frequency = index.getOrDefault(FREQUENCY, -1);
            if (meterId < 0 || timestamp < 0 || activePower < 0) {
                problem = "CSV header must name meter_id, timestamp and active_power_w: " + String.join(",", names);
            } else {
                problem = null;
            }
            for (int p = 0; p < 3; p++) {
                for (int k = 0; k < PHASE_FIELDS.length; k++) {
                    phaseNames[p][k] = PHASE_LETTERS[p] + "_" + PHASE_FIELDS[k];
                    phaseColumns[p][k] = index.getOrDefault(phaseNames[p][k], -1);
                    phases[p] |= phaseColumns[p][k] >= 0;
                }
            }
        }
    }
}
