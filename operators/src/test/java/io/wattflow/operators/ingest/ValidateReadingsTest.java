package io.wattflow.operators.ingest;

import io.wattflow.ingest.ValidationConfig;
import io.wattflow.operators.testing.Harnesses;
import io.wattflow.record.DeadLetter;
import io.wattflow.record.MeterReading;
import io.wattflow.record.SourcedReading;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ValidateReadingsTest {
    private static final ValidationConfig CONFIG = ValidationConfig.defaults().withOutOfOrderness(Duration.ofSeconds(10));

    private static KeyedOneInputStreamOperatorTestHarness<String, SourcedReading, MeterReading> harness(OperatorSubtaskState restore)
            throws Exception {
        return Harnesses.keyed(new ValidateReadings(CONFIG, Duration.ofDays(7)), r -> r.reading.meterId, restore);
    }

    private static StreamRecord<SourcedReading> reading(String meter, long seconds, double watts) {
        MeterReading r = new MeterReading(meter, seconds * 1000, watts);
        String raw = meter + "," + seconds + "," + watts;
        return new StreamRecord<>(new SourcedReading(r, raw.getBytes(StandardCharsets.UTF_8), "f:" + seconds), seconds * 1000);
    }

    private static List<String> deadLetters(KeyedOneInputStreamOperatorTestHarness<String, SourcedReading, MeterReading> h) {
        var side = h.getSideOutput(DeadLetters.TAG);
        if (side == null) {
            return List.of();
        }
        return side.stream().map(StreamRecord::getValue).map(d -> d.reason + "@" + d.origin).collect(Collectors.toList());
    }

    @Test
    void acceptsOutOfOrderReadingsWithinTheBoundAndRefusesDuplicatesAndLateOnes() throws Exception {
        var h = harness(null);
        h.processElement(reading("m", 100, 1));
        h.processElement(reading("m", 102, 2));
        h.processElement(reading("m", 101, 3));   // out of order by 1 s: fine
        h.processElement(reading("m", 102, 9));   // same second again: duplicate
        h.processElement(reading("m", 91, 4));    // 11 s behind the newest: late
        h.processElement(reading("m", 92, 5));    // exactly 10 s behind: still fine
        h.processElement(reading("other", 50, 6)); // other meters have their own clock
        assertThat(Harnesses.<MeterReading>records(h)).extracting(r -> r.meterId + ":" + r.timestampMs / 1000)
                .containsExactly("m:100", "m:102", "m:101", "m:92", "other:50");
        assertThat(deadLetters(h)).containsExactly("DUPLICATE_TIMESTAMP@f:102", "LATE@f:91");
        DeadLetter duplicate = h.getSideOutput(DeadLetters.TAG).peek().getValue();
        assertThat(duplicate.rawAsText()).as("the original bytes").isEqualTo("m,102,9.0");
        assertThat(duplicate.meterId).isEqualTo("m");
        assertThat(h.numKeyedStateEntries()).as("one entry per meter").isEqualTo(2);
        assertThat(h.numEventTimeTimers()).isZero();
    }

    @Test
    void readingsBehindTheWatermarkAreLate() throws Exception {
        var h = harness(null);
        h.processElement(reading("m", 100, 1));
        h.processWatermark(new Watermark(200_000));
        h.processElement(reading("n", 150, 1)); // a new meter, but event time has passed it
        h.processElement(reading("m", 201, 1));
        assertThat(deadLetters(h)).containsExactly("LATE@f:150");
        assertThat(Harnesses.<MeterReading>records(h)).extracting(r -> r.timestampMs / 1000).containsExactly(100L, 201L);
    }

    @Test
    void statePerMeterStaysBoundedWhateverTheStreamLength() throws Exception {
        var h = harness(null);
        for (long s = 0; s < 10_000; s++) {
            h.processElement(reading("m", s, s));
        }
        assertThat(h.numKeyedStateEntries()).isEqualTo(1);
        RecentTimestamps state = new RecentTimestamps();
        for (long s = 0; s < 10_000; s++) {
            state.add(s);
        }
        assertThat(state.ring).hasSize(RecentTimestamps.CAPACITY);
        assertThat(state.max).isEqualTo(9_999);
    }

    @Test
    void aRestoredOperatorStillKnowsWhatItSaw() throws Exception {
        var first = harness(null);
        first.processElement(reading("m", 100, 1));
        first.processElement(reading("m", 101, 1));
        OperatorSubtaskState snapshot = first.snapshot(1L, 1L);
        first.close();

        var restored = harness(snapshot);
        restored.processElement(reading("m", 101, 2)); // duplicate of a reading before the snapshot
        restored.processElement(reading("m", 80, 2));  // late against the restored newest timestamp
        restored.processElement(reading("m", 102, 2));
        assertThat(deadLetters(restored)).containsExactly("DUPLICATE_TIMESTAMP@f:101", "LATE@f:80");
        assertThat(Harnesses.<MeterReading>records(restored)).extracting(r -> r.timestampMs / 1000).containsExactly(102L);
    }

    @Test
    void aSilentMetersStateExpires() throws Exception {
        var h = harness(null);
        h.setStateTtlProcessingTime(0);
        h.processElement(reading("m", 100, 1));
        h.setStateTtlProcessingTime(Duration.ofDays(8).toMillis());
        h.processElement(reading("m", 100, 1)); // the meter's history has expired: not a duplicate any more
        assertThat(deadLetters(h)).isEmpty();
        assertThat(Harnesses.<MeterReading>records(h)).hasSize(2);
    }
}
