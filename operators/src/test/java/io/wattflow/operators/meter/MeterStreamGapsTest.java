package io.wattflow.operators.meter;

import io.wattflow.record.GapRecord;
import io.wattflow.record.IntervalReading;
import io.wattflow.record.SourcedReading;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/** The gaps {@link MeterStreamFunction} finds: silences over the threshold (30 s), once the watermark passes them. */
class MeterStreamGapsTest {
    private static KeyedOneInputStreamOperatorTestHarness<String, SourcedReading, IntervalReading> harness(OperatorSubtaskState restore)
            throws Exception {
        return MeterStreams.harness(restore);
    }

    private static StreamRecord<SourcedReading> at(String meter, long seconds) {
        return MeterStreams.reading(meter, seconds * 1000, 1);
    }

    private static List<GapRecord> gaps(KeyedOneInputStreamOperatorTestHarness<String, SourcedReading, IntervalReading> h) {
        return MeterStreams.side(h, MeterStreamFunction.GAPS);
    }

    @Test
    void aSilenceLongerThanTheThresholdIsOneGapOnceTheWatermarkPassesIt() throws Exception {
        var h = harness(null);
        for (long s = 0; s <= 10; s++) {
            h.processElement(at("m", s));
        }
        h.processElement(at("m", 35));  // 25 s: below the threshold
        h.processElement(at("m", 100)); // 65 s: a gap
        assertThat(gaps(h)).as("not before the watermark").isEmpty();
        h.processWatermark(new Watermark(99_999));
        assertThat(gaps(h)).isEmpty();
        h.processWatermark(new Watermark(100_000));
        assertThat(gaps(h)).containsExactly(new GapRecord("m", 35_000, 100_000));
        h.processWatermark(new Watermark(200_000));
        assertThat(gaps(h)).hasSize(1);
        assertThat(h.numKeyedStateEntries()).as("one value per meter").isEqualTo(1);
        assertThat(h.numEventTimeTimers()).as("no gap or minute left open").isZero();
    }

    @Test
    void anOutOfOrderReadingShortensOrClosesACandidate() throws Exception {
        var h = harness(null);
        h.processElement(at("m", 0));
        h.processElement(at("m", 100));
        h.processElement(at("m", 95)); // 5 s out of order: 0..95 stays a gap, 95..100 is too short
        h.processElement(at("n", 0));
        h.processElement(at("n", 35));
        h.processElement(at("n", 28)); // closes 0..35: 28 s and 7 s either side
        h.processElement(at("p", 0));
        h.processElement(at("p", 100));
        h.processElement(at("p", 50)); // 50 s behind the newest: late, not a split
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(gaps(h)).containsExactlyInAnyOrder(new GapRecord("m", 0, 95_000), new GapRecord("p", 0, 100_000));
        assertThat(MeterStreams.deadLetters(h)).containsExactly("LATE@f:50");
    }

    @Test
    void aPendingGapSurvivesARestore() throws Exception {
        var first = harness(null);
        first.processElement(at("m", 0));
        first.processElement(at("m", 90));
        OperatorSubtaskState snapshot = first.snapshot(1, 1);
        var restored = harness(snapshot);
        restored.processElement(at("m", 84));
        restored.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(gaps(restored)).containsExactly(new GapRecord("m", 0, 84_000));
    }
}
