package io.wattflow.operators.ingest;

import io.wattflow.ingest.ValidationConfig;
import io.wattflow.format.ReadingFormat;
import io.wattflow.record.DeadLetter;
import io.wattflow.record.DeadLetterReason;
import io.wattflow.record.RawRecord;
import io.wattflow.record.SourcedReading;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ParseReadingsTest {
    private static final String HEADER = "meter_id,timestamp,active_power_w,reactive_power_var";

    private static RawRecord line(String text, int n) {
        RawRecord r = new RawRecord(text.getBytes(StandardCharsets.UTF_8), "in.csv:" + n);
        r.csvHeader = HEADER;
        return r;
    }

    private static OneInputStreamOperatorTestHarness<RawRecord, SourcedReading> harness() throws Exception {
        return ProcessFunctionTestHarnesses.forProcessFunction(new ParseReadings(ReadingFormat.CSV,
                ValidationConfig.defaults().withMaxAbsActivePowerW(50_000)));
    }

    @Test
    void validReadingsGoOnWithTheirRawBytesAndOrigin() throws Exception {
        var h = harness();
        h.processElement(new StreamRecord<>(line("m-1,2024-01-01T00:00:00Z,-250.5,3", 2)));
        List<SourcedReading> out = h.extractOutputValues();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).reading.activePowerW).as("export is a valid reading").isEqualTo(-250.5);
        assertThat(out.get(0).origin).isEqualTo("in.csv:2");
        assertThat(new String(out.get(0).raw, StandardCharsets.UTF_8)).isEqualTo("m-1,2024-01-01T00:00:00Z,-250.5,3");
        assertThat(h.getSideOutput(DeadLetters.TAG)).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "m-1,2024-01-01T00:00:00Z,NaN,3          | INVALID_NUMBER",
        "m-1,2024-01-01T00:00:00Z,1,Infinity     | INVALID_NUMBER",
        "m-1,2024-01-01T00:00:00Z,50001,0        | POWER_OUT_OF_RANGE",
        "m-1,2024-01-01T00:00:00Z,-60000,0       | POWER_OUT_OF_RANGE",
        "m-1,2199-01-01T00:00:00Z,1,0            | TIMESTAMP_IN_FUTURE",
        "m-1,1999-12-31T23:59:59Z,1,0            | TIMESTAMP_TOO_OLD",
        "m-1,2024-01-01T00:00:00Z,1              | UNPARSABLE",
        ",2024-01-01T00:00:00Z,1,0               | MISSING_METER_ID",
    })
    void badRecordsBecomeDeadLettersWithRawBytesOriginReasonAndACount(String text, DeadLetterReason reason) throws Exception {
        var h = harness();
        h.processElement(new StreamRecord<>(line(text.trim(), 7)));
        assertThat(h.extractOutputValues()).isEmpty();
        List<DeadLetter> dead = h.getSideOutput(DeadLetters.TAG).stream().map(StreamRecord::getValue).collect(Collectors.toList());
        assertThat(dead).hasSize(1);
        DeadLetter d = dead.get(0);
        assertThat(d.reason).isEqualTo(reason.name());
        assertThat(d.origin).isEqualTo("in.csv:7");
        assertThat(d.rawAsText()).isEqualTo(text.trim());
        assertThat(d.detail).isNotBlank();
        assertThat(d.refusedAtMs).isPositive();
        ParseReadings function = (ParseReadings) ((org.apache.flink.streaming.api.operators.ProcessOperator<?, ?>) h.getOperator()).getUserFunction();
        assertThat(function.refused(reason)).as("metric of the reason").isEqualTo(1);
        assertThat(function.refused(DeadLetterReason.LATE)).isZero();
    }

    @Test
    void aMaxAgeRefusesOldReadingsOnlyWhenSet() throws Exception {
        var live = ProcessFunctionTestHarnesses.forProcessFunction(new ParseReadings(ReadingFormat.CSV,
                ValidationConfig.defaults().withMaxAge(java.time.Duration.ofDays(30))));
        live.processElement(new StreamRecord<>(line("m,2024-01-01T00:00:00Z,1,0", 2)));
        assertThat(live.getSideOutput(DeadLetters.TAG)).extracting(r -> r.getValue().reason)
                .containsExactly(DeadLetterReason.TIMESTAMP_TOO_OLD.name());
        var replay = harness();
        replay.processElement(new StreamRecord<>(line("m,2024-01-01T00:00:00Z,1,0", 2)));
        assertThat(replay.extractOutputValues()).hasSize(1);
    }
}
