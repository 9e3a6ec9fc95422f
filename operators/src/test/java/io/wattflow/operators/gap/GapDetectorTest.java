package io.wattflow.operators.gap;

import io.wattflow.operators.testing.Harnesses;
import io.wattflow.record.GapRecord;
import io.wattflow.record.MeterReading;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class GapDetectorTest {
    private static KeyedOneInputStreamOperatorTestHarness<String, MeterReading, GapRecord> harness(OperatorSubtaskState restore)
            throws Exception {
        return Harnesses.keyed(new GapDetector(Duration.ofSeconds(30), Duration.ofDays(7)), r -> r.meterId, restore);
    }

    private static StreamRecord<MeterReading> at(String meter, long seconds) {
        return new StreamRecord<>(new MeterReading(meter, seconds * 1000, 1), seconds * 1000);
    }

    @Test
    void aSilenceLongerThanTheThresholdIsOneGapOnceTheWatermarkPassesIt() throws Exception {
        var h = harness(null);
        for (long s = 0; s <= 10; s++) {
            h.processElement(at("m", s));
        }
        h.processElement(at("m", 35));  // 25 s: below the threshold
        h.processElement(at("m", 100)); // 65 s: a gap
        assertThat(Harnesses.<GapRecord>records(h)).as("not before the watermark").isEmpty();
        h.processWatermark(new Watermark(99_999));
        assertThat(Harnesses.<GapRecord>records(h)).isEmpty();
        h.processWatermark(new Watermark(100_000));
        assertThat(Harnesses.<GapRecord>records(h)).containsExactly(new GapRecord("m", 35_000, 100_000));
        h.processWatermark(new Watermark(200_000));
        assertThat(Harnesses.<GapRecord>records(h)).hasSize(1);
        assertThat(h.numKeyedStateEntries()).as("only the newest timestamp is left").isEqualTo(1);
        assertThat(h.numEventTimeTimers()).isZero();
    }

    @Test
    void anOutOfOrderReadingSplitsOrClosesACandidate() throws Exception {
        var h = harness(null);
        h.processElement(at("m", 0));
        h.processElement(at("m", 100));
        h.processElement(at("m", 50));  // splits 0..100 into 0..50 and 50..100
        h.processElement(at("n", 0));
        h.processElement(at("n", 40));
        h.processElement(at("n", 20));  // closes 0..40: 20 s either side
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(Harnesses.<GapRecord>records(h)).containsExactlyInAnyOrder(
                new GapRecord("m", 0, 50_000), new GapRecord("m", 50_000, 100_000));
    }

    @Test
    void aPendingGapSurvivesARestore() throws Exception {
        var first = harness(null);
        first.processElement(at("m", 0));
        first.processElement(at("m", 90));
        OperatorSubtaskState snapshot = first.snapshot(1, 1);
        var restored = harness(snapshot);
        restored.processElement(at("m", 45));
        restored.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(Harnesses.<GapRecord>records(restored)).containsExactly(
                new GapRecord("m", 0, 45_000), new GapRecord("m", 45_000, 90_000));
    }
}
