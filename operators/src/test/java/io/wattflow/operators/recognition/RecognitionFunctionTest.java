package io.wattflow.operators.recognition;

import io.wattflow.operators.ingest.DeadLetters;
import io.wattflow.record.ApplianceLabel;
import io.wattflow.record.ApplianceRun;
import io.wattflow.record.DeadLetter;
import io.wattflow.record.DeadLetterReason;
import io.wattflow.record.NewDevice;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecognitionFunctionTest {
    static final long HOUR = 3_600_000L;
    static final long DAY = 24 * HOUR;
    static final long T0 = 20_000 * DAY;

    static ApplianceRun run(long startMs, double watts, long durationMs, double var) {
        ApplianceRun r = new ApplianceRun();
        r.meterId = "home";
        r.startMs = startMs;
        r.endMs = startMs + durationMs;
        r.durationMs = durationMs;
        r.meanPowerW = watts;
        r.onDeltaW = watts;
        r.offDeltaW = -watts;
        r.energyKwh = watts * durationMs / 3.6e9;
        r.onDeltaVar = var;
        r.inrushW = watts * 1.1;
        r.status = ApplianceRun.MATCHED;
        return r;
    }

    static ApplianceRun dryer(int day) {
        return run(T0 + day * DAY + 19 * HOUR, 2_200, 50 * 60_000L, 150);
    }

    static ApplianceRun kettle(int day) {
        return run(T0 + day * DAY + 7 * HOUR, 2_900, 3 * 60_000L, 0);
    }

    static KeyedTwoInputStreamOperatorTestHarness<String, ApplianceRun, RecognitionInput, ApplianceRun> harness(OperatorSubtaskState restore)
            throws Exception {
        return harness(restore, null);
    }

    static KeyedTwoInputStreamOperatorTestHarness<String, ApplianceRun, RecognitionInput, ApplianceRun> harness(OperatorSubtaskState restore,
            ClassifierSettings classifier) throws Exception {
        return harness(restore, classifier, null);
    }

    static KeyedTwoInputStreamOperatorTestHarness<String, ApplianceRun, RecognitionInput, ApplianceRun> harness(OperatorSubtaskState restore,
            ClassifierSettings classifier, NilmRunNaming nilm) throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(
                new RecognitionFunction(Duration.ofDays(30), classifier, java.time.ZoneOffset.UTC, nilm)),
                (ApplianceRun r) -> r.meterId, RecognitionInput::meterId, Types.STRING);
        h.setup();
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }

    static void send(KeyedTwoInputStreamOperatorTestHarness<String, ApplianceRun, RecognitionInput, ApplianceRun> h, ApplianceRun r)
            throws Exception {
        // As in the stream: the watermark reaches the run's end (its OFF) as the run is emitted.
        h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(r.endMs - 1));
        h.processElement1(new StreamRecord<>(r, r.endMs));
        h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(r.endMs));
    }

    static void label(KeyedTwoInputStreamOperatorTestHarness<String, ApplianceRun, RecognitionInput, ApplianceRun> h, ApplianceLabel l)
            throws Exception {
        h.processElement2(new StreamRecord<>(RecognitionInput.of(l), l.timestampMs));
    }

    static List<ApplianceRun> runs(KeyedTwoInputStreamOperatorTestHarness<String, ApplianceRun, RecognitionInput, ApplianceRun> h) {
        return h.extractOutputValues();
    }

    static List<NewDevice> newDevices(KeyedTwoInputStreamOperatorTestHarness<String, ApplianceRun, RecognitionInput, ApplianceRun> h) {
        var out = h.getSideOutput(RecognitionFunction.NEW_DEVICES);
        return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void unknownRunsThatRecurBecomeANewDeviceAndItsNameSticksOnceGiven() throws Exception {
        var h = harness(null);
        for (int day = 0; day < 5; day++) {
            send(h, kettle(day));
            send(h, dryer(day));
        }
        assertThat(runs(h)).extracting(r -> r.appliance).containsOnly(ApplianceRun.UNKNOWN);
        List<NewDevice> found = newDevices(h);
        assertThat(found).hasSize(2);
        NewDevice dryer = found.stream().filter(d -> d.typicalPowerW > 2_000 && d.typicalPowerW < 2_500).findFirst().orElseThrow();
        assertThat(dryer.runs).isEqualTo(5);
        assertThat(dryer.days).isEqualTo(5);
        assertThat(dryer.description).isEqualTo("a 2.2 kW load running about 50 min, mostly 19-22 h (5 runs on 5 days)");
        assertThat(runs(h).stream().filter(r -> r.meanPowerW == 2_200).map(r -> r.deviceCluster).distinct()).containsExactly(dryer.deviceCluster);

        // The household names the device; it waits for the watermark, then every later dryer run is a dryer.
        label(h, ApplianceLabel.ofDevice("home", T0 + 5 * DAY, dryer.deviceCluster, "dryer"));
        send(h, kettle(5));
        send(h, dryer(5));
        ApplianceRun last = runs(h).get(runs(h).size() - 1);
        assertThat(last.appliance).isEqualTo("dryer");
        assertThat(last.recognisedBy).isEqualTo(ApplianceRun.FROM_HOME);
        assertThat(last.confidence).isGreaterThan(0.9);
        assertThat(runs(h).get(runs(h).size() - 2).appliance).isEqualTo(ApplianceRun.UNKNOWN);
        assertThat(newDevices(h)).as("each device reported once").hasSize(2);
    }

    /** The household's coffee machine: 900 W for 3 minutes at 7:30 h, none of the global classifier's appliances (it says microwave). */
    static ApplianceRun coffee(int day) {
        return run(T0 + day * DAY + 7 * HOUR + 30 * 60_000L, 900, 3 * 60_000L, 0);
    }

    @Test
    void theGlobalModelNamesRunsBeforeAnyLabelAndThreeLabelsCorrectItForGoodAcrossARestore() throws Exception {
        ClassifierSettings shipped = ClassifierSettings.shipped();
        var h = harness(null, shipped);
        send(h, kettle(0));
        send(h, coffee(0));
        ApplianceRun kettle = runs(h).get(0);
        ApplianceRun coffee = runs(h).get(1);
        assertThat(kettle.appliance).isEqualTo("kettle");
        assertThat(kettle.recognisedBy).isEqualTo("appliance-classifier 1.0.0");
        assertThat(kettle.deviceCluster).as("a known appliance is no new device").isNull();
        // The premise: the model takes the coffee machine for one of its appliances.
        assertThat(coffee.recognisedBy).isEqualTo("appliance-classifier 1.0.0");
        assertThat(coffee.appliance).isNotIn("coffee machine", ApplianceRun.UNKNOWN);

        for (int day = 0; day < 3; day++) {
            if (day > 0) {
                send(h, coffee(day));
            }
            label(h, ApplianceLabel.ofRun("home", coffee(day).endMs + 60_000, coffee(day).startMs, "coffee machine"));
        }
        send(h, kettle(3));
        send(h, coffee(3));
        List<ApplianceRun> out = runs(h);
        assertThat(out.get(out.size() - 2).appliance).as("the model still names what the household did not").isEqualTo("kettle");
        assertThat(out.get(out.size() - 1).appliance).isEqualTo("coffee machine");
        assertThat(out.get(out.size() - 1).recognisedBy).isEqualTo(ApplianceRun.FROM_HOME);

        OperatorSubtaskState snapshot = h.snapshot(1, coffee(3).endMs);
        h.close();
        var restored = harness(snapshot, shipped);
        send(restored, kettle(4));
        send(restored, coffee(4));
        assertThat(runs(restored)).extracting(r -> r.appliance).containsExactly("kettle", "coffee machine");
        restored.close();
    }

    @Test
    void aWrongLabelIsCorrectedOnceAndTheCorrectionSurvivesARestore() throws Exception {
        var h = harness(null);
        send(h, kettle(0));
        label(h, ApplianceLabel.ofRun("home", kettle(0).endMs + 60_000, kettle(0).startMs, "toaster"));
        send(h, kettle(1));
        assertThat(runs(h).get(1).appliance).as("what the household said").isEqualTo("toaster");
        // It was the kettle: named once on a later run.
        label(h, ApplianceLabel.ofRun("home", kettle(1).endMs + 60_000, kettle(1).startMs, "kettle"));
        send(h, kettle(2));
        assertThat(runs(h).get(2).appliance).isEqualTo("kettle");

        OperatorSubtaskState snapshot = h.snapshot(1, kettle(2).endMs);
        h.close();
        var restored = harness(snapshot);
        send(restored, kettle(3));
        send(restored, dryer(3));
        assertThat(runs(restored)).extracting(r -> r.appliance).containsExactly("kettle", ApplianceRun.UNKNOWN);
    }

    @Test
    void aLabelWaitsForTheWatermarkAndOneNamingNothingIsADeadLetter() throws Exception {
        var h = harness(null);
        ApplianceRun first = kettle(0);
        // The label comes before its run (a replay reading the label file first): applied when the watermark passes it.
        label(h, ApplianceLabel.ofRun("home", first.endMs + 60_000, first.startMs, "kettle"));
        assertThat(h.numEventTimeTimers()).isEqualTo(1);
        send(h, first);
        h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(first.endMs + 60_000));
        send(h, kettle(1));
        assertThat(runs(h).get(1).appliance).isEqualTo("kettle");

        label(h, ApplianceLabel.ofDevice("home", kettle(1).endMs + 1, 99, "fridge"));
        h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(kettle(1).endMs + 1));
        List<DeadLetter> refused = h.getSideOutput(DeadLetters.TAG).stream().map(StreamRecord::getValue).toList();
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).reason).isEqualTo(DeadLetterReason.UNKNOWN_REFERENCE.name());
        assertThat(refused.get(0).meterId).isEqualTo("home");
    }

    @Test
    void aSmallLoadCyclingManyTimesADayIsDescribedAsAFridgeOrFreezer() {
        RecognitionState s = new RecognitionState();
        NewDevice found = null;
        for (int i = 0; i < 30 && found == null; i++) {
            found = RunRecognizer.recognise(s, run(T0 + i * 2 * HOUR, 90, 17 * 60_000L, 30));
        }
        assertThat(found).isNotNull();
        assertThat(found.description).isEqualTo("a 90 W load running about 17 min, at any time of day, cycling like a fridge or freezer (25 runs on 3 days)");
    }

    @Test
    void aRunThatBeganAfterAPendingLabelIsJudgedWithIt() throws Exception {
        var h = harness(null);
        send(h, kettle(0));
        label(h, ApplianceLabel.ofRun("home", kettle(0).endMs + 60_000, kettle(0).startMs, "kettle"));
        // One watermark step carries both the label's time and the next run.
        h.processElement1(new StreamRecord<>(kettle(1), kettle(1).endMs));
        assertThat(runs(h)).as("held until the watermark passes the run").hasSize(1);
        h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(kettle(1).endMs));
        assertThat(runs(h).get(1).appliance).isEqualTo("kettle");
    }

    @Test
    void runsAreTakenInEventTimeOrderWhateverOrderTheyArriveIn() throws Exception {
        List<List<Integer>> clusters = new ArrayList<>();
        for (boolean reversed : new boolean[] {false, true}) {
            var h = harness(null);
            List<ApplianceRun> day = new ArrayList<>(List.of(kettle(0), run(T0 + 9 * HOUR, 800, 20 * 60_000L, 50), dryer(0)));
            if (reversed) {
                java.util.Collections.reverse(day);
            }
            for (ApplianceRun r : day) {
                h.processElement1(new StreamRecord<>(r, r.endMs));
            }
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(T0 + DAY));
            assertThat(runs(h)).extracting(r -> r.startMs).isSorted();
            clusters.add(runs(h).stream().map(r -> r.deviceCluster).toList());
        }
        assertThat(clusters.get(1)).as("the same device numbers").isEqualTo(clusters.get(0)).containsExactly(0, 1, 2);
    }

    @Test
    void theStateOfAMeterIsBoundedWhateverItsAge() throws Exception {
        TypeSerializer<RecognitionState> serializer = TypeInformation.of(RecognitionState.class).createSerializer(new ExecutionConfig().getSerializerConfig());
        RecognitionState young = new RecognitionState();
        RecognitionState old = new RecognitionState();
        RunRecognizer.recognise(young, kettle(0));
        RunRecognizer.label(young, ApplianceLabel.ofRun("home", 0, kettle(0).startMs, "kettle"));
        List<ApplianceRun> many = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            many.add(run(T0 + i * HOUR, 100 + 37 * (i % 97), 60_000L * (1 + i % 13), i % 5));
        }
        for (ApplianceRun r : many) {
            RunRecognizer.recognise(old, r);
        }
        RunRecognizer.label(old, ApplianceLabel.ofRun("home", 0, many.get(4_999).startMs, "kettle"));
        DataOutputSerializer a = new DataOutputSerializer(8192);
        serializer.serialize(young, a);
        DataOutputSerializer b = new DataOutputSerializer(8192);
        serializer.serialize(old, b);
        System.out.println("RecognitionState: after 1 run " + a.length() + " B, after 5,000 " + b.length() + " B");
        // With NILM a meter's runs wait about 2.5 h for the estimates: what one costs while it waits.
        TypeSerializer<ApplianceRun> runs = TypeInformation.of(ApplianceRun.class).createSerializer(new ExecutionConfig().getSerializerConfig());
        DataOutputSerializer r = new DataOutputSerializer(512);
        runs.serialize(kettle(0), r);
        System.out.println("ApplianceRun waiting: " + r.length() + " B");
        assertThat(r.length()).isLessThan(200);
        // The old meter also tracks a cycling device (its health, about 600 bytes more), the young one not yet.
        assertThat(a.length()).isLessThan(3_300);
        assertThat(b.length()).isLessThan(3_900);
    }

    /** The shipped NILM model's timing: a run is named about 2.5 h after it began. */
    static NilmRunNaming shippedNilm() {
        var spec = io.wattflow.operators.nilm.NilmModelSpec.of(io.wattflow.models.ModelFiles.load(
                io.wattflow.models.ModelSource.classpath(), "nilm-appliances").manifest);
        return NilmRunNaming.of(spec, Duration.ofHours(6));
    }

    /** What the NILM model estimated for 32 minutes from {@code firstMs}: {@code appliance} at {@code watts} over [fromMs, toMs). */
    static RecognitionInput estimates(long firstMs, int appliance, long fromMs, long toMs, float watts) {
        io.wattflow.record.ApplianceEstimates e = new io.wattflow.record.ApplianceEstimates();
        e.meterId = "home";
        e.firstMinuteMs = firstMs;
        e.minutes = 32;
        e.watts = new float[4 * 32];
        for (int t = 0; t < 32; t++) {
            long minute = firstMs + t * 60_000L;
            if (minute >= fromMs && minute < toMs) {
                e.watts[appliance * 32 + t] = watts;
            }
        }
        e.model = "nilm-appliances";
        e.modelVersion = "1.0.0";
        return RecognitionInput.of(e);
    }

    @Test
    void withNilmARunIsNamedFromTheEstimatesOfItsMinutesOnceTheyHaveComeAcrossARestore() throws Exception {
        NilmRunNaming nilm = shippedNilm();
        var h = harness(null, ClassifierSettings.shipped(), nilm);
        // The coffee machine: the NILM model sees a kettle-like rise as it starts (the classifier would say microwave).
        ApplianceRun coffee0 = coffee(0);
        send(h, coffee0);
        assertThat(runs(h)).as("waits for the estimates").isEmpty();
        long block = Math.floorDiv(coffee0.startMs, 60_000L) * 60_000L - 10 * 60_000L;
        h.processElement2(new StreamRecord<>(estimates(block, 0, coffee0.startMs - 60_000L + 1, coffee0.endMs, 800), coffee0.endMs + HOUR));
        h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(nilm.readyAtMs(coffee0.startMs) - 1));
        assertThat(runs(h)).isEmpty();
        // A label given right after the run ended, before the run was named: it waits as long, and applies.
        label(h, ApplianceLabel.ofRun("home", coffee0.endMs + 60_000, coffee0.startMs, "coffee machine"));

        OperatorSubtaskState snapshot = h.snapshot(1, nilm.readyAtMs(coffee0.startMs) - 1);
        h.close();
        var restored = harness(snapshot, ClassifierSettings.shipped(), nilm);
        restored.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(nilm.readyAtMs(coffee0.startMs)));
        assertThat(runs(restored)).hasSize(1);
        ApplianceRun named = runs(restored).get(0);
        assertThat(named.appliance).as("the estimate rose by 800 W of its 900 W step").isEqualTo("kettle");
        assertThat(named.recognisedBy).isEqualTo("nilm-appliances 1.0.0");
        assertThat(named.confidence).isEqualTo(800 / 900.0, org.assertj.core.data.Offset.offset(1e-6));

        ApplianceRun coffee1 = coffee(1);
        send(restored, coffee1);
        long block1 = Math.floorDiv(coffee1.startMs, 60_000L) * 60_000L - 10 * 60_000L;
        restored.processElement2(new StreamRecord<>(estimates(block1, 0, coffee1.startMs, coffee1.endMs, 800), coffee1.endMs + HOUR));
        restored.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(nilm.readyAtMs(coffee1.startMs)));
        assertThat(runs(restored)).hasSize(2);
        assertThat(runs(restored).get(1).appliance).as("the label corrects the model's kettle").isEqualTo("coffee machine");
        assertThat(restored.getSideOutput(DeadLetters.TAG)).isNull();

        ApplianceRun kettle = kettle(2);
        send(restored, kettle);
        restored.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(nilm.readyAtMs(kettle.startMs)));
        assertThat(runs(restored).get(2).appliance).as("minutes never estimated: the classifier").isEqualTo("kettle");
        assertThat(runs(restored).get(2).recognisedBy).isEqualTo("appliance-classifier 1.0.0");
        restored.close();
    }

    @Test
    void aLabelNamesOnlyRunsTheModelTreatsAsItTreatedTheLabelledOne() {
        RecognitionState s = new RecognitionState();
        // A model that calls 900-1,100 W runs a microwave and knows nothing else.
        RunClassifier model = r -> r.onDeltaW >= 900 && r.onDeltaW <= 1_100 ? new RunClassifier.Naming("microwave", 0.8, "model") : null;
        ApplianceRun coffee = coffee(0);
        RunRecognizer.recognise(s, coffee, model);
        assertThat(coffee.appliance).isEqualTo("microwave");
        RunRecognizer.label(s, ApplianceLabel.ofRun("home", coffee.endMs, coffee.startMs, "coffee machine"));
        ApplianceRun kettle = kettle(1);
        RunRecognizer.recognise(s, kettle, model);
        assertThat(kettle.appliance).as("the model names nothing").isEqualTo(ApplianceRun.UNKNOWN);
        RunRecognizer.label(s, ApplianceLabel.ofRun("home", kettle.endMs, kettle.startMs, "kettle"));

        ApplianceRun coffeeAgain = coffee(2);
        RunRecognizer.recognise(s, coffeeAgain, model);
        assertThat(coffeeAgain.appliance).as("the model's microwave corrected").isEqualTo("coffee machine");
        ApplianceRun kettleAgain = kettle(2);
        RunRecognizer.recognise(s, kettleAgain, model);
        assertThat(kettleAgain.appliance).as("taught where the model names nothing").isEqualTo("kettle");
        // A 2.6 kW load near the labelled kettle: named by it where the model names nothing, not where the model says microwave.
        ApplianceRun nearKettle = run(kettle(3).startMs, 2_600, 3 * 60_000L, 0);
        RunClassifier sure = r -> new RunClassifier.Naming("microwave", 0.9, "model");
        RunRecognizer.recognise(s, nearKettle, sure);
        assertThat(nearKettle.appliance).as("the label does not overrule the model where it said something else").isEqualTo("microwave");
        ApplianceRun nearKettleUnnamed = run(kettle(3).startMs, 2_600, 3 * 60_000L, 0);
        RunRecognizer.recognise(s, nearKettleUnnamed, r -> null);
        assertThat(nearKettleUnnamed.appliance).isEqualTo("kettle");
    }

    @Test
    void estimatesFarAheadOfTheRunsNameThemAsEstimatesThatCameInStepWould() throws Exception {
        NilmRunNaming nilm = shippedNilm();
        List<String> named = new ArrayList<>();
        for (boolean ahead : new boolean[] {false, true}) {
            var h = harness(null, null, nilm);
            ApplianceRun kettle = kettle(0);
            long first = Math.floorDiv(kettle.startMs, 60_000L) * 60_000L - 10 * 60_000L;
            // 30 windows of estimates (16 h), a kettle rising in the first; each stamped when its window ends.
            List<StreamRecord<RecognitionInput>> estimates = new ArrayList<>();
            for (int w = 0; w < 30; w++) {
                long from = first + w * 32 * 60_000L;
                RecognitionInput in = w == 0 ? estimates(from, 0, kettle.startMs, kettle.endMs, 2_800) : estimates(from, 0, 0, 0, 0);
                estimates.add(new StreamRecord<>(in, from + 144 * 60_000L));
            }
            if (ahead) {
                // The NILM branch has run 16 h ahead before the runs' watermark moves (a replay).
                for (var e : estimates) {
                    h.processElement2(e);
                }
                send(h, kettle);
            } else {
                send(h, kettle);
                h.processElement2(estimates.get(0));
            }
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(nilm.readyAtMs(kettle.startMs)));
            assertThat(runs(h)).hasSize(1);
            named.add(runs(h).get(0).appliance);
            h.close();
        }
        assertThat(named).containsExactly("kettle", "kettle");
    }

    @Test
    void aHeatPumpHomesRunsAreNotNamedFromNilmOnceMostOfItsWeekSaysHeatPump() throws Exception {
        NilmRunNaming nilm = shippedNilm();
        var h = harness(null, ClassifierSettings.shipped(), nilm);
        java.util.function.IntFunction<String> named = day -> {
            try {
                ApplianceRun kettle = kettle(day);
                send(h, kettle);
                long first = Math.floorDiv(kettle.startMs, 60_000L) * 60_000L - 10 * 60_000L;
                // The NILM model calls it a dishwasher (as it calls a heat pump's cycles).
                h.processElement2(new StreamRecord<>(estimates(first, 2, kettle.startMs, kettle.endMs, 2_800), kettle.endMs + HOUR));
                h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(nilm.readyAtMs(kettle.startMs)));
                List<ApplianceRun> out = runs(h);
                return out.get(out.size() - 1).appliance;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        assertThat(named.apply(0)).as("no detection yet").isEqualTo("dishwasher");
        for (int day = 1; day <= 3; day++) {
            io.wattflow.record.HeatPumpDetection d = new io.wattflow.record.HeatPumpDetection();
            d.meterId = "home";
            d.windowEndMs = T0 + day * DAY;
            d.heatPump = day != 2;  // two of three say heat pump
            h.processElement2(new StreamRecord<>(RecognitionInput.of(d), d.windowEndMs));
        }
        assertThat(named.apply(4)).as("a heat-pump home: the classifier").isEqualTo("kettle");
        assertThat(runs(h).get(1).recognisedBy).isEqualTo("appliance-classifier 1.0.0");
        h.close();
    }
}
