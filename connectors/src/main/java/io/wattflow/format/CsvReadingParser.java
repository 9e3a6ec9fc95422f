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
        String header = raw.csvHeader != null ? raw.csvHeader : defaultHeader;
        if (header == null) {
            return ParseResult.refused(DeadLetterReason.UNPARSABLE, "CSV line without a header");
        }
        Columns columns = columns(header);
        if (columns.problem != null) {
            return ParseResult.refused(DeadLetterReason.UNPARSABLE, columns.problem);
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
        Double power = number(cells, c.index.get(ACTIVE_POWER), ACTIVE_POWER);
        if (power == null) {
            return ParseResult.refused(DeadLetterReason.MISSING_POWER, "empty active_power_w");
        }
        MeterReading r = new MeterReading(meterId, ts, power);
        r.reactivePowerVar = number(cells, c.index.get(REACTIVE_POWER), REACTIVE_POWER);
        r.apparentPowerVa = number(cells, c.index.get(APPARENT_POWER), APPARENT_POWER);
        r.voltageV = number(cells, c.index.get(VOLTAGE), VOLTAGE);
        r.currentA = number(cells, c.index.get(CURRENT), CURRENT);
        r.powerFactor = number(cells, c.index.get(POWER_FACTOR), POWER_FACTOR);
        r.frequencyHz = number(cells, c.index.get(FREQUENCY), FREQUENCY);
        r.phaseA = phase(cells, c, "a");
        r.phaseB = phase(cells, c, "b");
        r.phaseC = phase(cells, c, "c");
        return ParseResult.ok(r);
    }

    private static PhaseValues phase(String[] cells, Columns c, String letter) {
        if (!c.hasPhase(letter)) {
            return null;
        }
        PhaseValues p = new PhaseValues();
        p.activePowerW = number(cells, c.index.get(letter + "_" + ACTIVE_POWER), letter + "_" + ACTIVE_POWER);
        p.reactivePowerVar = number(cells, c.index.get(letter + "_" + REACTIVE_POWER), letter + "_" + REACTIVE_POWER);
        p.apparentPowerVa = number(cells, c.index.get(letter + "_" + APPARENT_POWER), letter + "_" + APPARENT_POWER);
        p.voltageV = number(cells, c.index.get(letter + "_" + VOLTAGE), letter + "_" + VOLTAGE);
        p.currentA = number(cells, c.index.get(letter + "_" + CURRENT), letter + "_" + CURRENT);
        p.powerFactor = number(cells, c.index.get(letter + "_" + POWER_FACTOR), letter + "_" + POWER_FACTOR);
        return p.isEmpty() ? null : p;
    }

    private static Double number(String[] cells, Integer index, String name) {
        if (index == null || cells[index].isEmpty()) {
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
        String[] cells = line.strip().split(",", -1);
        for (int i = 0; i < cells.length; i++) {
            String cell = cells[i].trim();
            if (cell.length() >= 2 && cell.charAt(0) == '"' && cell.charAt(cell.length() - 1) == '"') {
                cell = cell.substring(1, cell.length() - 1).trim();
            }
            cells[i] = cell;
        }
        return cells;
    }

    private static final class Columns {
        final Map<String, Integer> index = new HashMap<>();
        final int count;
        final int meterId;
        final int timestamp;
        final String problem;
        private final boolean[] phases = new boolean[3];

        Columns(String[] names) {
            count = names.length;
            for (int i = 0; i < names.length; i++) {
                index.putIfAbsent(names[i].toLowerCase(), i);
            }
            meterId = index.getOrDefault(METER_ID, -1);
            timestamp = index.getOrDefault(TIMESTAMP, -1);
            if (meterId < 0 || timestamp < 0 || !index.containsKey(ACTIVE_POWER)) {
                problem = "CSV header must name meter_id, timestamp and active_power_w: " + String.join(",", names);
            } else {
                problem = null;
            }
            for (int p = 0; p < 3; p++) {
                for (String f : PHASE_FIELDS) {
                    phases[p] |= index.containsKey(PHASE_LETTERS[p] + "_" + f);
                }
            }
        }

        boolean hasPhase(String letter) {
            return phases[letter.charAt(0) - 'a'];
        }
    }
}
