package io.wattflow.format;

import io.wattflow.record.DeadLetterReason;
import io.wattflow.record.MeterReading;
import io.wattflow.record.PhaseValues;
import io.wattflow.record.RawRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class CsvReadingParserTest {
    private final CsvReadingParser parser = new CsvReadingParser(ZoneOffset.UTC, null);

    private ParseResult parse(String header, String line) {
        RawRecord raw = new RawRecord(line.getBytes(StandardCharsets.UTF_8), "f.csv:2");
        raw.csvHeader = header;
        return parser.parse(raw);
    }

    @Test
    void readsColumnsByHeaderInAnyOrderAndIgnoresUnknownOnes() {
        ParseResult r = parse("timestamp,notes,active_power_w,meter_id,b_voltage_v,power_factor",
                "2024-03-01T12:00:00Z,hello,120.5,m-7,229.5,");
        assertThat(r.isOk()).as(r.toString()).isTrue();
        assertThat(r.reading().meterId).isEqualTo("m-7");
        assertThat(r.reading().activePowerW).isEqualTo(120.5);
        assertThat(r.reading().powerFactor).as("empty cell is missing, not 0").isNull();
        assertThat(r.reading().phaseA).isNull();
        assertThat(r.reading().phaseB.voltageV).isEqualTo(229.5);
    }

    @Test
    void roundTripsWhatTheWriterWrites() {
        MeterReading m = new MeterReading("m-1", 1709294400000L, 1234.5);
        m.reactivePowerVar = -20.5;
        m.frequencyHz = 50.01;
        m.phaseC = new PhaseValues();
        m.phaseC.activePowerW = 1000.0;
        m.phaseC.currentA = 4.5;
        ParseResult r = parse(CsvReadingWriter.HEADER, CsvReadingWriter.line(m));
        assertThat(r.reading()).isEqualTo(m);
    }

    @ParameterizedTest(name = "{1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "meter_id,timestamp,active_power_w | m,2024-03-01T12:00:00Z             | UNPARSABLE",
        "meter_id,timestamp,active_power_w | m,2024-03-01T12:00:00Z,1,2         | UNPARSABLE",
        "meter_id,timestamp,active_power_w | m,2024-03-01T12:00:00Z,lots        | UNPARSABLE",
        "meter_id,timestamp,active_power_w | m,tuesday,1                        | UNPARSABLE",
        "meter_id,timestamp,power          | m,2024-03-01T12:00:00Z,1           | UNPARSABLE",
        "meter_id,timestamp,active_power_w | ,2024-03-01T12:00:00Z,1             | MISSING_METER_ID",
        "meter_id,timestamp,active_power_w | m,,1                               | MISSING_TIMESTAMP",
        "meter_id,timestamp,active_power_w | m,2024-03-01T12:00:00Z,            | MISSING_POWER",
    })
    void refusesBadLinesWithTheirReason(String header, String line, DeadLetterReason reason) {
        ParseResult r = parse(header.trim(), line.trim());
        assertThat(r.reason()).as(r.toString()).isEqualTo(reason);
    }

    @Test
    void aLineWithoutAHeaderIsRefused() {
        ParseResult r = parser.parse(new RawRecord("m,1,2".getBytes(StandardCharsets.UTF_8), "kafka/0/1"));
        assertThat(r.reason()).isEqualTo(DeadLetterReason.UNPARSABLE);
    }

    @Test
    void formatsAreFoundByNameAndFileName() {
        assertThat(ReadingFormat.fromName("Shelly-JSON")).isEqualTo(ReadingFormat.SHELLY_JSON);
        assertThat(ReadingFormat.fromFileName("x/readings.csv.gz")).isEqualTo(ReadingFormat.CSV);
        assertThat(ReadingFormat.fromFileName("r.ndjson")).isEqualTo(ReadingFormat.WATTFLOW_JSON);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReadingFormat.fromName("xml"))
                .hasMessageContaining("use one of").hasMessageContaining("csv");
    }

    @Test
    void theHandWrittenSplitCutsAsStringSplitThenTrimAndUnquoteDid() {
        java.util.Random random = new java.util.Random(3);
        char[] alphabet = {'a', '7', ',', ' ', '\t', '"', '.'};
        for (int n = 0; n < 20_000; n++) {
            StringBuilder line = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                line.append(alphabet[random.nextInt(alphabet.length)]);
            }
            assertThat(CsvReadingParser.split(line.toString())).as("'%s'", line).containsExactly(splitAsBefore(line.toString()));
        }
    }

    /** The split before it was written by hand. */
    private static String[] splitAsBefore(String line) {
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
}
