package io.wattflow.operators.meter;

import io.wattflow.operators.testing.Harnesses;
import io.wattflow.record.IntervalReading;
import io.wattflow.operators.interval.IntervalRollup;
import io.wattflow.record.SourcedReading;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The 1-min intervals of {@link MeterStreamFunction}: each emitted once no reading can reach it, or the watermark passes its end. */
class MeterStreamIntervalsTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration SECOND = Duration.ofSeconds(1);

    private static KeyedOneInputStreamOperatorTestHarness<String, SourcedReading, IntervalReading> minutes(OperatorSubtaskState restore)
            throws Exception {
        return MeterStreams.harness(restore);
    }

    private static StreamRecord<SourcedReading> reading(String meter, long ms, double watts) {
        return MeterStreams.reading(meter, ms, watts);
    }

    @Test
    void aggregatesEachMinuteWhenTheWatermarkPassesItAndForgetsIt() throws Exception {
        var h = minutes(null);
        for (int s = 0; s < 60; s++) {
            h.processElement(reading("m", s * 1000L, s < 30 ? 100 : 300));
        }
        h.processElement(reading("m", 60_000, 5000));
        assertThat(Harnesses.<IntervalReading>records(h)).as("nothing before the watermark").isEmpty();
        assertThat(h.numEventTimeTimers()).isEqualTo(2);
        h.processWatermark(new Watermark(59_999));
        List<IntervalReading> out = Harnesses.records(h);
        assertThat(out).hasSize(1);
        IntervalReading first = out.get(0);
        assertThat(first.startMs).isZero();
        assertThat(first.endMs).isEqualTo(60_000);
        assertThat(first.meanPowerW).isEqualTo(200.0);
        assertThat(first.minPowerW).isEqualTo(100.0);
        assertThat(first.maxPowerW).isEqualTo(300.0);
        assertThat(first.energyKwh).isCloseTo(200.0 / 60 / 1000, within(1e-12));
        assertThat(first.coverage).isEqualTo(1.0);
        assertThat(first.sampleCount).isEqualTo(60);
        assertThat(first.source).isEqualTo(IntervalReading.SOURCE_AGGREGATED);
        assertThat(h.numEventTimeTimers()).as("the open minute's").isEqualTo(1);
        assertThat(h.numKeyedStateEntries()).as("one value per meter").isEqualTo(1);
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(h.numEventTimeTimers()).isZero();
    }

    @Test
    void aMinuteClosesWithTheMetersFirstReadingPastItsEndByTheOutOfOrderness() throws Exception {
        var h = minutes(null);
        for (int s = 0; s < 70; s++) {
            h.processElement(reading("m", s * 1000L, s < 30 ? 100 : s < 60 ? 300 : 500));
        }
        assertThat(Harnesses.<IntervalReading>records(h)).as("a reading at 69 s may still be followed by one at 59 s").isEmpty();
        h.processElement(reading("m", 59_000, 7)); // a duplicate, the minute still open
        h.processElement(reading("m", 70_000, 500)); // 10 s (the out-of-orderness) past the minute: no reading can reach it
        List<IntervalReading> out = Harnesses.records(h);
        assertThat(out).as("closed without a watermark").hasSize(1);
        assertThat(out.get(0).startMs).isZero();
        assertThat(out.get(0).meanPowerW).isEqualTo(200.0);
        assertThat(out.get(0).sampleCount).isEqualTo(60);
        assertThat(h.numEventTimeTimers()).as("its timer deleted, the next minute's left").isEqualTo(1);
        h.processElement(reading("m", 59_500, 9));
        assertThat(MeterStreams.deadLetters(h)).containsExactly("DUPLICATE_TIMESTAMP@f:59", "LATE@f:59");
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(Harnesses.<IntervalReading>records(h)).as("each minute once, in time order")
                .extracting(r -> r.startMs + "=" + r.meanPowerW).containsExactly("0=200.0", "60000=500.0");
    }

    @Test
    void aMinuteClosedByAReadingKeepsItsTimerForAGapEndingThere() throws Exception {
        var h = minutes(null);
        for (int s = 0; s <= 10; s++) {
            h.processElement(reading("m", s * 1000L, 100));
        }
        h.processElement(reading("m", 59_999, 100)); // a silence of 50 s: a gap candidate ending at 59,999 ms
        for (int s = 60; s <= 70; s++) {
            h.processElement(reading("m", s * 1000L, 100));
        }
        assertThat(Harnesses.<IntervalReading>records(h)).extracting(r -> r.startMs).containsExactly(0L);
        h.processWatermark(new Watermark(59_999));
        assertThat(MeterStreams.side(h, MeterStreamFunction.GAPS)).extracting(g -> g.startMs + "-" + g.endMs)
                .as("emitted when the watermark passes the gap's end, as before").containsExactly("10000-59999");
    }

    @Test
    void coverageCountsMissingSecondsAndEnergyFillsThemWithTheMean() throws Exception {
        var h = minutes(null);
        for (int s = 0; s < 45; s += 1) {
            h.processElement(reading("m", s * 1000L, 600));
        }
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        IntervalReading r = Harnesses.<IntervalReading>records(h).get(0);
        assertThat(r.coverage).isEqualTo(0.75);
        assertThat(r.energyKwh).isCloseTo(0.01, within(1e-12));
    }

    @Test
    void outOfOrderReadingsLandInTheirOwnMinute() throws Exception {
        var h = minutes(null);
        h.processElement(reading("m", 61_000, 10));
        h.processElement(reading("m", 59_000, 20));
        h.processElement(reading("n", 59_500, 30));
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(Harnesses.<IntervalReading>records(h)).extracting(r -> r.meterId + "@" + r.startMs + "=" + r.meanPowerW)
                .containsExactlyInAnyOrder("m@0=20.0", "m@60000=10.0", "n@0=30.0");
    }

    @Test
    void aRestoreMidIntervalGivesWhatAnUninterruptedRunGives() throws Exception {
        List<StreamRecord<SourcedReading>> input = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(7);
        for (int s = 0; s < 300; s++) {
            input.add(reading(s % 3 == 0 ? "a" : "b", s * 1000L, rng.nextDouble(0, 3000)));
        }
        var whole = minutes(null);
        for (var r : input) {
            whole.processElement(r);
        }
        whole.processWatermark(new Watermark(Long.MAX_VALUE));

        var first = minutes(null);
        for (var r : input.subList(0, 150)) {
            first.processElement(r);
        }
        first.processWatermark(new Watermark(100_000));
        OperatorSubtaskState snapshot = first.snapshot(1, 1);
        List<IntervalReading> beforeRestore = Harnesses.records(first);
        var second = minutes(snapshot);
        for (var r : input.subList(150, 300)) {
            second.processElement(r);
        }
        second.processWatermark(new Watermark(Long.MAX_VALUE));
        List<IntervalReading> resumed = new ArrayList<>(beforeRestore);
        resumed.addAll(Harnesses.records(second));
        assertThat(resumed).containsExactlyInAnyOrderElementsOf(Harnesses.records(whole));
        assertThat(resumed).hasSize(10);
    }

    @Test
    void quarterHoursRolledUpFromMinutesEqualThoseFromTheReadings() throws Exception {
        var direct = MeterStreams.harness("edge", Duration.ofMinutes(15), null);
        var byMinute = minutes(null);
        SplittableRandom rng = new SplittableRandom(3);
        for (int s = 0; s < 1800; s++) {
            if (s % 7 == 3) {
                continue; // some missing seconds
            }
            var r = reading("m", s * 1000L, rng.nextDouble(50, 4000));
            direct.processElement(r);
            byMinute.processElement(r);
        }
        direct.processWatermark(new Watermark(Long.MAX_VALUE));
        byMinute.processWatermark(new Watermark(Long.MAX_VALUE));
        var rollup = Harnesses.keyed(new IntervalRollup(Duration.ofMinutes(15), SECOND), (IntervalReading r) -> r.meterId, null);
        for (IntervalReading m : Harnesses.<IntervalReading>records(byMinute)) {
            rollup.processElement(new StreamRecord<>(m, m.startMs));
        }
        rollup.processWatermark(new Watermark(Long.MAX_VALUE));
        List<IntervalReading> expected = Harnesses.records(direct);
        List<IntervalReading> actual = Harnesses.records(rollup);
        assertThat(actual).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(actual.get(i).startMs).isEqualTo(expected.get(i).startMs);
            assertThat(actual.get(i).sampleCount).isEqualTo(expected.get(i).sampleCount);
            assertThat(actual.get(i).energyKwh).isCloseTo(expected.get(i).energyKwh, within(1e-9));
            assertThat(actual.get(i).minPowerW).isEqualTo(expected.get(i).minPowerW);
            assertThat(actual.get(i).maxPowerW).isEqualTo(expected.get(i).maxPowerW);
            assertThat(actual.get(i).coverage).isCloseTo(expected.get(i).coverage, within(1e-12));
        }
    }

    @Test
    void refusesANonsenseLength() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MeterStreams.harness("edge", Duration.ZERO, null))
                .hasMessageContaining("must be positive");
    }
}
