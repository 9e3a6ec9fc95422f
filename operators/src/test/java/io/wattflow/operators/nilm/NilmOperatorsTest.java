package io.wattflow.operators.nilm;

import io.wattflow.operators.inference.ModelResult;
import io.wattflow.operators.inference.ModelWindow;
import io.wattflow.operators.testing.Harnesses;
import io.wattflow.record.ApplianceActivation;
import io.wattflow.record.ApplianceEnergyDaily;
import io.wattflow.record.ApplianceMinute;
import io.wattflow.record.IntervalReading;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static io.wattflow.operators.nilm.TestModels.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The NILM window operator and the books operator: output, timers, state and restore. */
class NilmOperatorsTest {
    static final long START = Instant.parse("2024-05-06T00:00:00Z").toEpochMilli();
    final NilmModelSpec spec = TestModels.spec();

    static IntervalReading minute(String meter, long startMs, double watts) {
        IntervalReading r = new IntervalReading();
        r.meterId = meter;
        r.startMs = startMs;
        r.endMs = startMs + MINUTE;
        r.energyKwh = watts / 60_000.0;
        r.coverage = 1.0;
        r.sampleCount = 60;
        r.source = IntervalReading.SOURCE_AGGREGATED;
        return r;
    }

    KeyedOneInputStreamOperatorTestHarness<String, IntervalReading, ModelWindow> windows(OperatorSubtaskState restore) throws Exception {
        return Harnesses.keyed(new NilmWindowFunction(spec, Duration.ofDays(7)), r -> r.meterId, restore);
    }

    @Test
    void windowsEndEveryStrideMinutesOnceTheMeterHasAWholeWindowAndHolesAreFilledOrSkipped() throws Exception {
        var h = windows(null);
        for (int i = 0; i < 64; i++) {
            if (i == 45 || (i >= 50 && i < 53)) {
                continue; // one missing minute, then three (the window of 40 tolerates two)
            }
            h.processElement(new StreamRecord<>(minute("m", START + i * MINUTE, 100 + i), START + i * MINUTE));
        }
        List<ModelWindow> out = Harnesses.records(h);
        // Ends at minutes 40 and 48 (multiples of 8 with 40 minutes before them); 56 holds 3 missing: skipped.
        assertThat(out).extracting(w -> (w.endMs - START) / MINUTE).containsExactly(40L, 48L);
        ModelWindow first = out.get(0);
        assertThat(first.startMs).isEqualTo(START);
        assertThat(first.values).hasSize(40);
        assertThat(first.values[0]).as("W / scale").isCloseTo(0.100f, within(1e-5f));
        assertThat(first.values[39]).isCloseTo(0.139f, within(1e-5f));
        assertThat(out.get(1).values[45 - 8]).as("the missing minute carries the one before").isCloseTo(out.get(1).values[44 - 8], within(0f));
        assertThat(out.get(1).context[45 - 8]).as("the books see it missing").isNaN();
        assertThat(out.get(1).context[44 - 8]).isEqualTo(out.get(1).values[44 - 8]);
    }

    @Test
    void aRestoredWindowOperatorCutsWhatAnUninterruptedOneCuts() throws Exception {
        var whole = windows(null);
        var first = windows(null);
        for (int i = 0; i < 90; i++) {
            var r = new StreamRecord<>(minute("m", START + i * MINUTE, 50 * (i % 7)), START + i * MINUTE);
            whole.processElement(r);
            if (i < 45) {
                first.processElement(r);
            }
        }
        OperatorSubtaskState snapshot = first.snapshot(1, START + 45 * MINUTE);
        var restored = windows(snapshot);
        for (int i = 45; i < 90; i++) {
            restored.processElement(new StreamRecord<>(minute("m", START + i * MINUTE, 50 * (i % 7)), START + i * MINUTE));
        }
        List<ModelWindow> split = new ArrayList<>(Harnesses.records(first));
        split.addAll(Harnesses.records(restored));
        assertThat(split).usingRecursiveFieldByFieldElementComparator().isEqualTo(Harnesses.records(whole));
    }

    KeyedOneInputStreamOperatorTestHarness<String, ModelResult, ApplianceActivation> books(boolean minutes,
            OperatorSubtaskState restore) throws Exception {
        return Harnesses.keyed(new NilmFunction(spec, ZoneOffset.UTC, minutes, Duration.ofDays(7)), r -> r.meterId, restore);
    }

    /** A result for the window ending at {@code endMinute}: 300 W measured, a 2 kW kettle in the estimated minutes given. */
    ModelResult result(String meter, int endMinute, int... kettleMinutes) {
        float[] input = new float[spec.window];
        java.util.Arrays.fill(input, spec.scaled(300));
        float[] values = new float[2 * 2 * spec.estimates];
        int firstEstimated = endMinute - spec.window + spec.offset;
        for (int k : kettleMinutes) {
            int t = k - firstEstimated;
            input[spec.offset + t] = spec.scaled(2300);
            values[t] = 2100; // the model overestimates: the split cuts it to 2,300 measured
            values[2 * spec.estimates + t] = 0.95f;
        }
        long end = START + endMinute * MINUTE;
        ModelResult r = new ModelResult(meter, spec.model, spec.version, end - spec.window * MINUTE, end, values);
        r.input = input;
        return r;
    }

    static void feed(KeyedOneInputStreamOperatorTestHarness<String, ModelResult, ApplianceActivation> h, ModelResult r) throws Exception {
        h.processElement(new StreamRecord<>(r, r.endMs));
        h.processWatermark(new Watermark(r.endMs - 1));
    }

    static List<ApplianceEnergyDaily> daily(KeyedOneInputStreamOperatorTestHarness<String, ModelResult, ApplianceActivation> h) {
        return h.getSideOutput(NilmFunction.DAILY) == null ? List.of()
                : h.getSideOutput(NilmFunction.DAILY).stream().map(StreamRecord::getValue).collect(Collectors.toList());
    }

    @Test
    void resultsBecomeActivationsAndDaysAndASilentMetersDayIsClosedByItsTimer() throws Exception {
        var h = books(true, null);
        // Windows ending at minutes 40, 48, 56 estimate minutes 16-23, 24-31, 32-39.
        feed(h, result("m", 40, 20, 21));
        feed(h, result("m", 48));
        ModelResult third = result("m", 56, 39);
        third.input[spec.offset] = Float.NaN; // minute 32 was not sent: not booked
        feed(h, third);
        assertThat(Harnesses.records(h)).as("the kettle at 20-21 ended at 22").hasSize(1);
        ApplianceActivation k = Harnesses.records(h).get(0);
        assertThat(k.appliance).isEqualTo("kettle");
        assertThat(k.startMs).isEqualTo(START + 20 * MINUTE);
        assertThat(k.endMs).isEqualTo(START + 22 * MINUTE);
        assertThat(k.energyWh).isCloseTo(2 * 2100 / 60.0, within(1e-3));
        assertThat(k.confidence).isCloseTo(0.95, within(1e-6));
        assertThat(daily(h)).isEmpty();
        assertThat(h.numEventTimeTimers()).as("the day's silence timer").isEqualTo(1);

        List<ApplianceMinute> minutes = h.getSideOutput(NilmFunction.MINUTES).stream().map(StreamRecord::getValue).toList();
        assertThat(minutes).as("23 minutes x (2 appliances + other)").hasSize(23 * 3);
        assertThat(minutes.stream().filter(m -> m.startMs == START + 20 * MINUTE).mapToDouble(m -> m.watts).sum())
                .as("a minute's rows add up to what was measured").isCloseTo(2300, within(1e-3));

        // The meter falls silent: when the watermark passes the day's end and its last window's lag, the books close.
        h.processWatermark(new Watermark(START + 86_400_000L + spec.estimateLagMs() + spec.stride * MINUTE));
        assertThat(Harnesses.records(h)).as("the kettle ON at minute 39 is closed too").hasSize(2);
        List<ApplianceEnergyDaily> days = daily(h);
        assertThat(days).extracting(d -> d.appliance).containsExactly("kettle", "dishwasher", ApplianceEnergyDaily.OTHER);
        assertThat(days.get(0).minutes).isEqualTo(23);
        double measured = (20 * 300 + 3 * 2300) / 60.0 / 1000;
        assertThat(days.get(0).measuredKwh).isCloseTo(measured, within(1e-6));
        assertThat(days.stream().mapToDouble(d -> d.kwh).sum()).isCloseTo(measured, within(1e-6));
    }

    @Test
    void aShorterStrideCutsMoreWindowsAndBooksEachMinuteOnce() throws Exception {
        NilmModelSpec every4 = NilmModelSpec.of(TestModels.manifest(), 4);
        assertThatThrownBy(() -> NilmModelSpec.of(TestModels.manifest(), 9))
                .hasMessage("--nilm-stride must be between 1 and 8 minutes (the minutes nilm-test 0.1.0 estimates per window), was 9.");
        var w = Harnesses.keyed(new NilmWindowFunction(every4, Duration.ofDays(7)), (IntervalReading r) -> r.meterId, null);
        for (int i = 0; i < 52; i++) {
            w.processElement(new StreamRecord<>(minute("m", START + i * MINUTE, 100), START + i * MINUTE));
        }
        assertThat(Harnesses.records(w)).extracting(x -> (x.endMs - START) / MINUTE).containsExactly(40L, 44L, 48L, 52L);

        var h = Harnesses.keyed(new NilmFunction(every4, ZoneOffset.UTC, true, Duration.ofDays(7)), (ModelResult r) -> r.meterId, null);
        for (int end = 40; end <= 52; end += 4) {
            feed(h, result("m", end));
        }
        List<ApplianceMinute> minutes = h.getSideOutput(NilmFunction.MINUTES).stream().map(StreamRecord::getValue).toList();
        // Windows ending at 40..52 estimate 16-23, 20-27, 24-31, 28-35: minutes 16-35, each once.
        assertThat(minutes.stream().map(m -> m.startMs).distinct().count()).isEqualTo(20);
        assertThat(minutes).hasSize(20 * 3);
    }

    @Test
    void eachResultsNewMinutesGoToTheRecognitionInOneRecordAtAnyStride() throws Exception {
        NilmModelSpec every4 = NilmModelSpec.of(TestModels.manifest(), 4);
        var h = Harnesses.keyed(new NilmFunction(every4, ZoneOffset.UTC, false, true, Duration.ofDays(7)), (ModelResult r) -> r.meterId, null);
        feed(h, result("m", 40, 20, 21));
        ModelResult second = result("m", 44, 25);
        second.input[spec.offset + 7] = Float.NaN; // minute 27 was not sent
        feed(h, second);
        List<io.wattflow.record.ApplianceEstimates> sent = h.getSideOutput(NilmFunction.ESTIMATES).stream().map(StreamRecord::getValue).toList();
        assertThat(h.getSideOutput(NilmFunction.MINUTES)).as("minutes are written only when asked").isNull();
        assertThat(sent).hasSize(2);
        // The first books minutes 16-23; the second estimates 20-27 but only 24-26 are new (27 not sent).
        assertThat(sent).extracting(e -> (e.firstMinuteMs - START) / MINUTE, e -> e.minutes).containsExactly(
                org.assertj.core.groups.Tuple.tuple(16L, 8), org.assertj.core.groups.Tuple.tuple(24L, 3));
        io.wattflow.record.ApplianceEstimates first = sent.get(0);
        assertThat(first.watts).hasSize(2 * 8);
        assertThat(first.watts[4]).as("kettle, minute 20").isCloseTo(2100, within(1e-3f));
        assertThat(first.watts[3]).isZero();
        assertThat(sent.get(1).watts[1]).as("kettle, minute 25").isCloseTo(2100, within(1e-3f));
        assertThat(first.meterId).isEqualTo("m");
        assertThat(first.modelVersion).isEqualTo(spec.version);
    }

    @Test
    void aRestoredBooksOperatorWritesWhatAnUninterruptedOneWrites() throws Exception {
        List<ModelResult> results = new ArrayList<>();
        for (int end = 40; end <= 40 + 8 * 200; end += 8) {
            results.add(result("a", end, end - 21, end - 20));
            results.add(result("b", end, end - 24));
        }
        var whole = books(false, null);
        var first = books(false, null);
        int cut = results.size() / 2 + 1; // inside b's kettle run... and a's
        for (int i = 0; i < results.size(); i++) {
            feed(whole, results.get(i));
            if (i < cut) {
                feed(first, results.get(i));
            }
        }
        OperatorSubtaskState snapshot = first.snapshot(1, results.get(cut).endMs);
        var restored = books(false, snapshot);
        assertThat(restored.numEventTimeTimers()).isEqualTo(first.numEventTimeTimers());
        for (int i = cut; i < results.size(); i++) {
            feed(restored, results.get(i));
        }
        whole.processWatermark(new Watermark(Long.MAX_VALUE));
        restored.processWatermark(new Watermark(Long.MAX_VALUE));
        List<ApplianceActivation> split = new ArrayList<>(Harnesses.records(first));
        split.addAll(Harnesses.records(restored));
        assertThat(split).usingRecursiveFieldByFieldElementComparator().isEqualTo(Harnesses.records(whole));
        List<ApplianceEnergyDaily> splitDays = new ArrayList<>(daily(first));
        splitDays.addAll(daily(restored));
        assertThat(splitDays).usingRecursiveFieldByFieldElementComparator().isEqualTo(daily(whole));
        assertThat(daily(whole)).as("two meters, two days each, 3 rows a day").hasSize(12);
    }

    @Test
    void aMetersBooksStayAFewHundredBytes() throws Exception {
        NilmState s = new NilmState(4);
        s.lastModelVersion = "1.1.0";
        s.dayModelVersions = "1.0.0+1.1.0";
        TypeSerializer<NilmState> serializer = TypeInformation.of(NilmState.class).createSerializer(new ExecutionConfig().getSerializerConfig());
        DataOutputSerializer out = new DataOutputSerializer(512);
        serializer.serialize(s, out);
        System.out.println("NilmState, four appliances, a day a new version took over in: " + out.length() + " B");
        assertThat(out.length()).as("NilmState for four appliances (the class comment says about 290 B)").isLessThan(320);
    }
}
