package io.wattflow.operators.interval;

import io.wattflow.operators.testing.Harnesses;
import io.wattflow.record.IntervalReading;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The 15-min rollup of 1-min records (the rollup equals intervals from the readings: MeterStreamIntervalsTest). */
class IntervalRollupTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    void aRollupRestoredMidQuarterHourGivesWhatAnUninterruptedOneGives() throws Exception {
        List<StreamRecord<IntervalReading>> minutes = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(11);
        for (int m = 0; m < 30; m++) {
            var acc = new IntervalAccumulator();
            for (int s = 0; s < 60; s++) {
                acc.add(rng.nextDouble(100, 2000));
            }
            IntervalReading r = acc.toRecord("m", m * 60_000L, 60_000, 1000);
            minutes.add(new StreamRecord<>(r, r.startMs));
        }
        var whole = Harnesses.keyed(new IntervalRollup(Duration.ofMinutes(15), SECOND), (IntervalReading r) -> r.meterId, null);
        for (var r : minutes) {
            whole.processElement(r);
        }
        whole.processWatermark(new Watermark(Long.MAX_VALUE));

        var first = Harnesses.keyed(new IntervalRollup(Duration.ofMinutes(15), SECOND), (IntervalReading r) -> r.meterId, null);
        for (var r : minutes.subList(0, 20)) {
            first.processElement(r);
        }
        first.processWatermark(new Watermark(15 * 60_000L - 1));
        List<IntervalReading> resumed = new ArrayList<>(Harnesses.records(first));
        var second = Harnesses.keyed(new IntervalRollup(Duration.ofMinutes(15), SECOND), (IntervalReading r) -> r.meterId,
                first.snapshot(1, 1));
        for (var r : minutes.subList(20, 30)) {
            second.processElement(r);
        }
        second.processWatermark(new Watermark(Long.MAX_VALUE));
        resumed.addAll(Harnesses.records(second));
        assertThat(resumed).hasSize(2).containsExactlyElementsOf(Harnesses.records(whole));
        assertThat(second.numKeyedStateEntries()).isZero();
    }

    @Test
    void aQuarterHourClosesWithItsMetersFirstMinuteOfTheNextOne() throws Exception {
        var h = Harnesses.keyed(new IntervalRollup(Duration.ofMinutes(15), SECOND), (IntervalReading r) -> r.meterId, null);
        for (int m = 0; m < 16; m++) {
            var acc = new IntervalAccumulator();
            acc.add(m < 15 ? 400 : 800);
            IntervalReading minute = acc.toRecord("m", m * 60_000L, 60_000, 60_000);
            h.processElement(new StreamRecord<>(minute, minute.startMs));
            if (m == 14) {
                assertThat(Harnesses.<IntervalReading>records(h)).isEmpty();
            }
        }
        assertThat(Harnesses.<IntervalReading>records(h)).as("without a watermark").extracting(r -> r.startMs + "=" + r.meanPowerW)
                .containsExactly("0=400.0");
        assertThat(h.numEventTimeTimers()).as("the next quarter hour's only").isEqualTo(1);
        assertThat(h.numKeyedStateEntries()).isEqualTo(1);
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(Harnesses.<IntervalReading>records(h)).extracting(r -> r.startMs + "=" + r.meanPowerW)
                .containsExactly("0=400.0", "900000=800.0");
    }

    @Test
    void aQuarterHourOfAOneMinuteMeterIsCoveredByItsMinutesNotByTheSamplePeriod() throws Exception {
        var h = Harnesses.keyed(new IntervalRollup(Duration.ofMinutes(15), SECOND), (IntervalReading r) -> r.meterId, null);
        for (int m = 0; m < 15; m++) {
            if (m == 7) {
                continue;  // one minute missing
            }
            var acc = new IntervalAccumulator();
            acc.add(600);
            IntervalReading minute = acc.toRecord("m", m * 60_000L, 60_000, 60_000);  // one reading a minute: covered
            assertThat(minute.coverage).isEqualTo(1.0);
            h.processElement(new StreamRecord<>(minute, minute.startMs));
        }
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        IntervalReading quarter = Harnesses.records(h).get(0);
        assertThat(quarter.sampleCount).isEqualTo(14);
        assertThat(quarter.coverage).as("14 of 15 minutes, not 14 of 900 seconds").isCloseTo(14.0 / 15, within(1e-12));
        assertThat(quarter.energyKwh).isCloseTo(0.15, within(1e-12));
    }

    @Test
    void refusesANonsenseLength() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new IntervalRollup(Duration.ZERO, SECOND))
                .hasMessageContaining("must be positive");
    }
}
