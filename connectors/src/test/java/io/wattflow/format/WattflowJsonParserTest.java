package io.wattflow.format;

import io.wattflow.record.DeadLetterReason;
import io.wattflow.record.MeterReading;
import io.wattflow.record.RawRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class WattflowJsonParserTest {
    private final WattflowJsonParser parser = new WattflowJsonParser(ZoneOffset.UTC);

    private ParseResult parse(String json) {
        return parser.parse(new RawRecord(json.getBytes(StandardCharsets.UTF_8), "test:1"));
    }

    @Test
    void readsAFullReadingWithPhases() {
        ParseResult r = parse("{\"v\":1,\"meter_id\":\"m-1\",\"ts\":\"2024-03-01T12:00:00Z\",\"active_power_w\":950.5,"
                + "\"reactive_power_var\":-12,\"voltage_v\":231.2,\"frequency_hz\":49.98,"
                + "\"phases\":{\"a\":{\"active_power_w\":400.1,\"voltage_v\":230.9,\"power_factor\":0.97},\"c\":null}}");
        assertThat(r.isOk()).as(r.toString()).isTrue();
        MeterReading m = r.reading();
        assertThat(m.meterId).isEqualTo("m-1");
        assertThat(m.timestampMs).isEqualTo(Instant.parse("2024-03-01T12:00:00Z").toEpochMilli());
        assertThat(m.activePowerW).isEqualTo(950.5);
        assertThat(m.reactivePowerVar).isEqualTo(-12.0);
        assertThat(m.voltageV).isEqualTo(231.2);
        assertThat(m.frequencyHz).isEqualTo(49.98);
        assertThat(m.apparentPowerVa).as("absent stays null, never 0").isNull();
        assertThat(m.phaseA.activePowerW).isEqualTo(400.1);
        assertThat(m.phaseA.powerFactor).isEqualTo(0.97);
        assertThat(m.phaseA.currentA).isNull();
        assertThat(m.phaseB).isNull();
        assertThat(m.phaseC).isNull();
    }

    @Test
    void takesTheMeterIdFromTheKeyAndEpochMillis() {
        RawRecord raw = new RawRecord("{\"v\":1,\"ts\":1709294400000,\"active_power_w\":1}".getBytes(StandardCharsets.UTF_8), "t/0/5");
        raw.key = "from-key";
        ParseResult r = parser.parse(raw);
        assertThat(r.reading().meterId).isEqualTo("from-key");
        assertThat(r.reading().timestampMs).isEqualTo(1709294400000L);
    }

    @Test
    void readsNaNSoTheChecksCanCallItAnInvalidNumber() {
        ParseResult r = parse("{\"v\":1,\"meter_id\":\"m\",\"ts\":1709294400,\"active_power_w\":NaN}");
        assertThat(r.isOk()).isTrue();
        assertThat(r.reading().activePowerW).isNaN();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"v\":1,\"meter_id\":\"m\",\"ts\":1709294400,\"active_power_w\":1   | UNPARSABLE",
        "not json at all                                                        | UNPARSABLE",
        "[1,2,3]                                                                | UNPARSABLE",
        "{\"v\":1,\"meter_id\":\"m\",\"ts\":1709294400,\"active_power_w\":\"high\"} | UNPARSABLE",
        "{\"v\":1,\"meter_id\":\"m\",\"ts\":\"noon\",\"active_power_w\":1}       | UNPARSABLE",
        "{\"v\":1,\"meter_id\":\"m\",\"ts\":1709294400,\"active_power_w\":1,\"phases\":[]} | UNPARSABLE",
        "{\"v\":2,\"meter_id\":\"m\",\"ts\":1709294400,\"active_power_w\":1}      | UNSUPPORTED_VERSION",
        "{\"meter_id\":\"m\",\"ts\":1709294400,\"active_power_w\":1}             | UNSUPPORTED_VERSION",
        "{\"v\":1,\"ts\":1709294400,\"active_power_w\":1}                        | MISSING_METER_ID",
        "{\"v\":1,\"meter_id\":\" \",\"ts\":1709294400,\"active_power_w\":1}      | MISSING_METER_ID",
        "{\"v\":1,\"meter_id\":\"m\",\"active_power_w\":1}                       | MISSING_TIMESTAMP",
        "{\"v\":1,\"meter_id\":\"m\",\"ts\":1709294400}                          | MISSING_POWER",
        "{\"v\":1,\"meter_id\":\"m\",\"ts\":1709294400,\"active_power_w\":null}   | MISSING_POWER",
    })
    void refusesBadDocumentsWithTheirReason(String json, DeadLetterReason reason) {
        ParseResult r = parse(json);
        assertThat(r.isOk()).isFalse();
        assertThat(r.reason()).isEqualTo(reason);
        assertThat(r.detail()).isNotBlank();
    }

    @Test
    void refusesBinaryGarbage() {
        ParseResult r = parser.parse(new RawRecord(new byte[] {(byte) 0xff, 0x00, (byte) 0xfe, 0x7b}, "x:1"));
        assertThat(r.reason()).isEqualTo(DeadLetterReason.UNPARSABLE);
    }
}
