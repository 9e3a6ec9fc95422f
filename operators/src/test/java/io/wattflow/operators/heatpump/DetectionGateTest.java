package io.wattflow.operators.heatpump;

import io.wattflow.operators.inference.ModelResult;
import io.wattflow.record.HeatPumpEnergy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class DetectionGateTest {
    static final long QUARTER = 15 * 60_000L;
    static final long DAY = 96 * QUARTER;

    static KeyedTwoInputStreamOperatorTestHarness<String, ModelResult, ModelResult, HeatPumpEnergy> harness(OperatorSubtaskState restore)
            throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new DetectionGate(0.5, QUARTER, HeatPumpGate.THRESHOLD)),
                (ModelResult r) -> r.meterId, (ModelResult r) -> r.meterId, Types.STRING);
        h.setup();
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }

    static ModelResult detection(String meter, long end, float p) {
        return new ModelResult(meter, "heatpump-detection", "1.0.0", end - 7 * DAY, end, new float[] {p});
    }

    static ModelResult estimate(String meter, long end) {
        float[] kwh = new float[96];
        java.util.Arrays.fill(kwh, 0.25f);
        return new ModelResult(meter, "heatpump-disaggregation", "1.1.0", end - 7 * DAY, end, kwh);
    }

    static List<HeatPumpEnergy> out(KeyedTwoInputStreamOperatorTestHarness<String, ModelResult, ModelResult, HeatPumpEnergy> h) {
        return h.getOutput().stream().filter(o -> o instanceof StreamRecord).map(o -> (HeatPumpEnergy) ((StreamRecord<?>) o).getValue())
                .collect(Collectors.toList());
    }

    @Test
    void aWindowsEnergyIsGatedByItsDetectionWhicheverComesFirstAndAnUnmatchedOneIsDropped() throws Exception {
        var h = harness(null);
        long end = 30 * DAY;
        h.processElement1(new StreamRecord<>(detection("hp", end, 0.9f), end));
        h.processElement2(new StreamRecord<>(estimate("hp", end), end));
        h.processElement2(new StreamRecord<>(estimate("plain", end), end));
        assertThat(h.numKeyedStateEntries()).as("hp's recent probabilities, and plain's estimate waiting").isEqualTo(2);
        h.processElement1(new StreamRecord<>(detection("plain", end, 0.2f), end));
        h.processElement2(new StreamRecord<>(estimate("young", end), end)); // its detection never comes
        assertThat(h.numEventTimeTimers()).as("young's only: a matched window's timer is deleted").isEqualTo(1);
        h.processWatermark1(new Watermark(end));
        h.processWatermark2(new Watermark(end));

        List<HeatPumpEnergy> energy = out(h);
        assertThat(energy).hasSize(2 * 96);
        List<HeatPumpEnergy> hp = energy.stream().filter(e -> e.meterId.equals("hp")).toList();
        assertThat(hp).allSatisfy(e -> {
            assertThat(e.heatPumpKwh).isEqualTo(0.25, org.assertj.core.api.Assertions.within(1e-6));
            assertThat(e.heatPumpProbability).isEqualTo(0.9, org.assertj.core.api.Assertions.within(1e-6));
        });
        assertThat(hp.get(0).startMs).as("the window's last day").isEqualTo(end - DAY);
        assertThat(hp.get(95).endMs).isEqualTo(end);
        assertThat(energy.stream().filter(e -> e.meterId.equals("plain"))).allSatisfy(e -> {
            assertThat(e.heatPumpKwh).isZero();
            assertThat(e.estimatedKwh).isEqualTo(0.25, org.assertj.core.api.Assertions.within(1e-6));
        });
        assertThat(h.numKeyedStateEntries()).as("only each meter's recent probabilities once the watermark passed").isEqualTo(2);
    }

    @Test
    void aWindowCutAfterTheWatermarkPassedItsEndWaitsForThePartnerTheWatermarkThatCutItBrings() throws Exception {
        // A meter-by-meter export: another meter took the watermark to day 40 before this one's day-30
        // window was cut, by the next watermark (day 40 + 1 ms).
        var h = harness(null);
        long end = 30 * DAY;
        long cut = 40 * DAY + 1;
        h.processWatermark1(new Watermark(40 * DAY));
        h.processWatermark2(new Watermark(20 * DAY));  // the estimates' path lags
        ModelResult estimate = estimate("late", end);
        estimate.cutMs = cut;
        h.processElement2(new StreamRecord<>(estimate, end));
        h.processWatermark2(new Watermark(40 * DAY));  // sent before the cut: its detection is still on the way
        assertThat(out(h)).as("not dropped at the window's end").isEmpty();
        ModelResult detection = detection("late", end, 0.9f);
        detection.cutMs = cut;
        h.processElement1(new StreamRecord<>(detection, end));
        assertThat(out(h)).hasSize(96);
        assertThat(h.numEventTimeTimers()).isZero();

        // One whose partner never comes is dropped once the watermark passes the one that cut it.
        ModelResult alone = estimate("alone", end);
        alone.cutMs = cut;
        h.processElement2(new StreamRecord<>(alone, end));
        h.processWatermark1(new Watermark(cut));
        h.processWatermark2(new Watermark(cut));
        assertThat(h.numEventTimeTimers()).isZero();
        assertThat(h.numKeyedStateEntries()).as("late's recent probabilities only").isEqualTo(1);
        assertThat(out(h)).hasSize(96);
    }

    @Test
    void aMeterIsJudgedByTheMedianOfItsLastSevenWindowsNotByOneMildDay() throws Exception {
        var h = harness(null);
        float[] p = {0.9f, 0.8f, 0.1f, 0.2f, 0.1f, 0.1f, 0.1f, 0.9f};
        for (int day = 0; day < p.length; day++) {
            long end = (30 + day) * DAY;
            h.processElement1(new StreamRecord<>(detection("hp", end, p[day]), end));
            h.processElement2(new StreamRecord<>(estimate("hp", end), end));
        }
        List<Double> medians = out(h).stream().filter(e -> e.startMs % DAY == 0).map(e -> Math.round(e.heatPumpProbability * 100) / 100.0).toList();
        // 0.9 | 0.85 | 0.8 | 0.5 | 0.2 | 0.15 | 0.1 | 0.1 (the oldest 0.9 gone, the newest 0.9 in)
        assertThat(medians).containsExactly(0.9, 0.85, 0.8, 0.5, 0.2, 0.15, 0.1, 0.1);
        assertThat(out(h).stream().filter(e -> e.startMs % DAY == 0).map(e -> e.heatPumpKwh > 0).toList())
                .as("the mild third day is still a heat-pump day").containsExactly(true, true, true, true, false, false, false, false);
    }

    @Test
    void aWaitingResultSurvivesARestore() throws Exception {
        var first = harness(null);
        long end = 30 * DAY;
        first.processElement2(new StreamRecord<>(estimate("hp", end), end));
        OperatorSubtaskState snapshot = first.snapshot(1, end - 1);
        var restored = harness(snapshot);
        assertThat(restored.numEventTimeTimers()).isEqualTo(1);
        restored.processElement1(new StreamRecord<>(detection("hp", end, 0.7f), end));
        assertThat(out(restored)).hasSize(96).allSatisfy(e -> assertThat(e.heatPumpKwh).isGreaterThan(0));
    }

    @Test
    void theGatesWeighAnEstimateByTheMedianProbability() {
        assertThat(HeatPumpGate.THRESHOLD.apply(1.0, 0.49, 0.5)).isZero();
        assertThat(HeatPumpGate.THRESHOLD.apply(1.0, 0.5, 0.5)).isEqualTo(1.0);
        assertThat(HeatPumpGate.WEIGHTED.apply(1.0, 0.4, 0.5)).isEqualTo(0.4);
        assertThat(HeatPumpGate.SCALED.apply(1.0, 0.4, 0.5)).isEqualTo(0.8, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(HeatPumpGate.SCALED.apply(1.0, 0.9, 0.5)).isEqualTo(1.0);
        assertThat(HeatPumpGate.NONE.apply(1.0, 0.0, 0.5)).isEqualTo(1.0);
    }
}
