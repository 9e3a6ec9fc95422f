package io.wattflow.ingest;

import io.wattflow.format.ReadingFormat;
import io.wattflow.record.DeadLetter;
import io.wattflow.record.DeadLetterReason;
import io.wattflow.record.MeterReading;
import io.wattflow.record.RawRecord;
import io.wattflow.format.CsvReadingWriter;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * 108,000 hostile lines (36,000 per format, a fixed seed) through the decoder that files and Kafka
 * share. Per line: refused with the reason it was made for, or accepted as the reading it was made
 * from; randomly damaged lines either refused or accepted only as a reading that passes every check.
 * Each line gives exactly one result, and a refusal keeps the exact bytes and the line's origin.
 */
class HostileInputCorpusTest {
    private static final int PER_FORMAT = 36_000;

    @Test
    void everyHostileLineIsRefusedWithItsReasonOrAcceptedOnce() {
        List<HostileCorpus.Line> lines = new HostileCorpus(20261203L).lines(PER_FORMAT);
        assertThat(lines).hasSizeGreaterThanOrEqualTo(100_000);
        Map<ReadingFormat, ReadingDecoder> decoders = new EnumMap<>(ReadingFormat.class);
        for (ReadingFormat f : ReadingFormat.values()) {
            decoders.put(f, new ReadingDecoder(f, ValidationConfig.defaults(), f == ReadingFormat.CSV ? CsvReadingWriter.HEADER : null).open());
        }
        Map<String, Integer> byKind = new TreeMap<>();
        Map<DeadLetterReason, Integer> byReason = new EnumMap<>(DeadLetterReason.class);
        int accepted = 0;
        for (int i = 0; i < lines.size(); i++) {
            HostileCorpus.Line line = lines.get(i);
            String origin = "corpus:" + (i + 1);
            DecodedRecord d = decoders.get(line.format).decode(new RawRecord(line.bytes.clone(), origin));
            boolean isReading = d.reading != null;
            boolean isDeadLetter = d.deadLetter != null;
            assertThat(isReading ^ isDeadLetter).as("one result for line %d", i).isTrue();
            String what = line.format + " " + line.kind + " line " + i + ": " + new String(line.bytes, java.nio.charset.StandardCharsets.UTF_8);
            byKind.merge(line.format + " " + line.kind, 1, Integer::sum);
            if (isDeadLetter) {
                DeadLetter dl = d.deadLetter;
                assertThat(dl.raw).as("raw bytes of " + what).isEqualTo(line.bytes);
                assertThat(dl.origin).isEqualTo(origin);
                assertThat(dl.detail).as("detail of " + what).isNotBlank();
                byReason.merge(DeadLetterReason.valueOf(dl.reason), 1, Integer::sum);
                if (line.labelled) {
                    if (line.reason == null) {
                        fail("refused (" + dl.reason + ": " + dl.detail + ") but valid: " + what);
                    }
                    assertThat(dl.reason).as(what + " -> " + dl.detail).isEqualTo(line.reason.name());
                }
            } else {
                accepted++;
                MeterReading r = d.reading.reading;
                if (line.labelled) {
                    assertThat(line.reason).as("accepted but should be refused: " + what).isNull();
                    if (line.reading != null) {
                        assertThat(r).as(what).isEqualTo(line.reading);
                    }
                }
                assertThat(ReadingChecks.check(r, ValidationConfig.defaults(), System.currentTimeMillis())).as(what).isNull();
                assertThat(ReadingChecks.validMeterId(r.meterId)).as(what).isTrue();
            }
        }
        // The corpus exercises every reason it claims to, in every format.
        assertThat(byReason.keySet()).contains(DeadLetterReason.UNPARSABLE, DeadLetterReason.UNSUPPORTED_VERSION,
                DeadLetterReason.INVALID_ENCODING, DeadLetterReason.INVALID_METER_ID, DeadLetterReason.VALUE_OUT_OF_RANGE,
                DeadLetterReason.INVALID_NUMBER, DeadLetterReason.POWER_OUT_OF_RANGE, DeadLetterReason.MISSING_TIMESTAMP,
                DeadLetterReason.MISSING_POWER, DeadLetterReason.TIMESTAMP_IN_FUTURE, DeadLetterReason.TIMESTAMP_TOO_OLD);
        assertThat(accepted).isBetween(lines.size() / 20, lines.size() / 2);
        System.out.println("hostile corpus: " + lines.size() + " lines, " + accepted + " accepted, refused by reason " + byReason);
    }

    /** The lines the issue found accepted, each refused now with its reason. */
    @Test
    void theLinesFoundAcceptedBeforeAreRefused() {
        ReadingDecoder json = new ReadingDecoder(ReadingFormat.WATTFLOW_JSON, ValidationConfig.defaults()).open();
        String ok = "{\"v\":1,\"meter_id\":\"m-16\",\"ts\":\"2024-03-01T12:00:00Z\",\"active_power_w\":950.2}";
        assertThat(reason(json, ok.getBytes(java.nio.charset.StandardCharsets.UTF_8))).as("the valid line").isNull();
        assertThat(reason(json, (ok + ok).getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo("UNPARSABLE");
        assertThat(reason(json, (ok + " }x").getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo("UNPARSABLE");
        assertThat(reason(json, ok.replace("\"v\":1", "\"v\":1.9").getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo("UNSUPPORTED_VERSION");
        assertThat(reason(json, ok.replace("}", ",\"voltage_v\":1e300}").getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo("VALUE_OUT_OF_RANGE");
        // "\xc0\xaf" is an overlong "/": Jackson decoded it, and meter "/bad-16" was created.
        byte[] overlong = ok.replace("m-16", "@@bad-16").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int at = new String(overlong, java.nio.charset.StandardCharsets.UTF_8).indexOf("@@");
        overlong[at] = (byte) 0xc0;
        overlong[at + 1] = (byte) 0xaf;
        assertThat(reason(json, overlong)).isEqualTo("INVALID_ENCODING");

        ReadingDecoder csv = new ReadingDecoder(ReadingFormat.CSV, ValidationConfig.defaults(), "meter_id,timestamp,active_power_w").open();
        byte[] badId = "m-\u00ff\u00fe,2024-03-01T12:00:00Z,10".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(reason(csv, badId)).as("invalid UTF-8 in meter_id, once read as U+FFFD").isEqualTo("INVALID_ENCODING");
        assertThat(reason(csv, "m-1,2024-03-01T12:00:00Z,0x1p3".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo("UNPARSABLE");
    }

    private static String reason(ReadingDecoder decoder, byte[] line) {
        DecodedRecord d = decoder.decode(new RawRecord(line, "example:1"));
        return d.deadLetter == null ? null : d.deadLetter.reason;
    }
}
