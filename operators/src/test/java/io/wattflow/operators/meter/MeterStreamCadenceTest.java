package io.wattflow.operators.meter;

import io.wattflow.record.GapRecord;
import io.wattflow.record.IntervalReading;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A meter that sends a reading every minute, through an operator configured for 1 Hz meters (gap
 * threshold 30 s, sample period 1 s): its cadence is taken from its own readings, so its steps are
 * not gaps and its minutes are fully covered; a real outage is still one gap.
 */
class MeterStreamCadenceTest {
    @Test
    void aMeterSendingEveryMinuteHasNoGapRowsButItsOutageAndFullyCoveredMinutes() throws Exception {
        var h = MeterStreams.harness(null);
        for (long minute = 0; minute < 60; minute++) {
            if (minute >= 20 && minute < 30) {
                continue;  // a 10-minute outage
            }
            h.processElement(MeterStreams.reading("one-minute", minute * 60_000 + 30_000, 500));
            h.processElement(MeterStreams.reading("one-hertz", minute * 60_000 + 30_000, 500));
            h.processWatermark(new Watermark(minute * 60_000 + 20_000));
        }
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        List<GapRecord> gaps = MeterStreams.side(h, MeterStreamFunction.GAPS);
        assertThat(gaps.stream().filter(g -> g.meterId.equals("one-minute")).collect(Collectors.toList()))
                .as("only the outage: from the last reading before it to the first after it")
                .containsExactly(new GapRecord("one-minute", 19 * 60_000 + 30_000, 30 * 60_000 + 30_000));
        List<IntervalReading> minutes = h.extractOutputValues().stream().filter(i -> i.meterId.equals("one-minute"))
                .collect(Collectors.toList());
        assertThat(minutes).hasSize(50);
        assertThat(minutes.subList(5, minutes.size())).as("after its first steps: one reading a minute covers the minute")
                .allSatisfy(i -> assertThat(i.coverage).isEqualTo(1.0));
        assertThat(h.numEventTimeTimers()).isZero();
    }

    @Test
    void aOneHertzMeterStillHasItsShortGapsAndItsCoverage() throws Exception {
        var h = MeterStreams.harness(null);
        for (long s = 0; s < 120; s++) {
            if (s >= 40 && s < 80) {
                continue;  // 40 s silent: a gap for a 1 Hz meter
            }
            h.processElement(new StreamRecord<>(MeterStreams.reading("m", s * 1000, 100).getValue(), s * 1000));
        }
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(MeterStreams.side(h, MeterStreamFunction.GAPS)).containsExactly(new GapRecord("m", 39_000, 80_000));
        assertThat(h.extractOutputValues()).extracting(i -> i.coverage).containsExactly(40 / 60.0, 40 / 60.0);
    }
}
