package io.wattflow.operators.anomaly;

import io.wattflow.operators.testing.Harnesses;
import io.wattflow.record.Anomaly;
import io.wattflow.record.DailyBaseline;
import io.wattflow.record.IntervalReading;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static io.wattflow.operators.anomaly.MinuteHouse.DAY;
import static io.wattflow.operators.anomaly.MinuteHouse.HOUR;
import static io.wattflow.operators.anomaly.MinuteHouse.MINUTE;
import static io.wattflow.operators.anomaly.MinuteHouse.START;
import static io.wattflow.operators.anomaly.MinuteHouse.between;
import static io.wattflow.operators.anomaly.MinuteHouse.minutes;
import static org.assertj.core.api.Assertions.assertThat;

class AnomalyFunctionTest {
    private static KeyedOneInputStreamOperatorTestHarness<String, IntervalReading, Anomaly> harness(OperatorSubtaskState restore)
            throws Exception {
        return Harnesses.keyed(new AnomalyFunction(AnomalySettings.defaults()), r -> r.meterId, restore);
    }

    /** Feeds the records with the watermark following them, as the pipeline's would. */
    private static void feed(KeyedOneInputStreamOperatorTestHarness<String, IntervalReading, Anomaly> h, List<IntervalReading> records)
            throws Exception {
        for (IntervalReading r : records) {
            h.processElement(new StreamRecord<>(r, r.endMs));
            if (r.endMs % (10 * MINUTE) == 0) {
                h.processWatermark(new Watermark(r.endMs - 1));
            }
        }
    }

    private static List<Anomaly> anomalies(KeyedOneInputStreamOperatorTestHarness<String, IntervalReading, Anomaly> h) {
        return Harnesses.records(h);
    }

    private static List<Anomaly> ofKind(List<Anomaly> all, String kind) {
        return all.stream().filter(a -> a.kind.equals(kind)).collect(Collectors.toList());
    }

    /** A healthy fortnight, then the fault in the third week. */
    private static List<Anomaly> withFault(MinuteHouse.Fault fault, long days) throws Exception {
        return withFault(fault, days, AnomalySettings.defaults());
    }

    private static AnomalySettings withinADay() {
        AnomalySettings s = AnomalySettings.defaults();
        s.baseloadStep = BaseloadStepRule.WITHIN_A_DAY;
        return s;
    }

    private static List<Anomaly> withFault(MinuteHouse.Fault fault, long days, AnomalySettings settings) throws Exception {
        var h = Harnesses.keyed(new AnomalyFunction(settings), (IntervalReading r) -> r.meterId, null);
        feed(h, minutes("m", START, START + days * DAY, fault));
        return anomalies(h);
    }

    @Test
    void aHealthyHouseRaisesNothingFromItsFirstDayOnAndLearnsItsBaseload() throws Exception {
        var h = harness(null);
        feed(h, minutes("m", START, START + 21 * DAY));
        assertThat(anomalies(h)).as("no false storm while the baseline is young, none once it is grown").isEmpty();
        List<DailyBaseline> days = h.getSideOutput(AnomalyFunction.DAILY_BASELINES).stream()
                .map(StreamRecord::getValue).collect(Collectors.toList());
        assertThat(days).hasSize(20);
        DailyBaseline last = days.get(days.size() - 1);
        assertThat(last.baseloadW).as("the standby, the fridge's off phases").isBetween(90.0, 110.0);
        assertThat(last.alwaysOnW).isBetween(90.0, 110.0);
        assertThat(last.alwaysOnCostPerYear).isCloseTo(last.alwaysOnW * 8.766 * 0.30, org.assertj.core.data.Offset.offset(0.01));
        assertThat(last.periodMin).as("the fridge's cycle").isEqualTo(45.0);
        assertThat(h.numKeyedStateEntries()).as("one baseline value per meter").isEqualTo(1);
        assertThat(h.numEventTimeTimers()).as("one missing-data timer per meter").isEqualTo(1);
    }

    @Test
    void aZeroRunIsReportedOnceWhenItReachesAnHour() throws Exception {
        long from = START + 15 * DAY + 3 * HOUR;
        List<Anomaly> zero = ofKind(withFault(between(from, from + 150 * MINUTE, w -> 0), 17), Anomaly.ZERO_RUN);
        assertThat(zero).hasSize(1);
        assertThat(zero.get(0).startMs).isEqualTo(from);
        assertThat(zero.get(0).detectedMs).isEqualTo(from + HOUR);
        assertThat(zero.get(0).explanation).contains("reads 0 W for 60 min since 03:00").contains("baseload is 93 W");
        assertThat(zero.get(0).baselineDays).isCloseTo(15.1, org.assertj.core.data.Offset.offset(0.1));
    }

    @Test
    void negativePowerOnAConsumptionMeterIsReportedOncePerRun() throws Exception {
        long from = START + 15 * DAY + 10 * HOUR;
        List<Anomaly> all = withFault(between(from, from + 20 * MINUTE, w -> -w), 17);
        List<Anomaly> negative = ofKind(all, Anomaly.NEGATIVE);
        assertThat(negative).hasSize(1);
        assertThat(negative.get(0).startMs).isEqualTo(from);
        assertThat(negative.get(0).observed).isNegative();
    }

    @Test
    void negativePowerOfAnExportingMeterIsNormal() throws Exception {
        AnomalySettings pv = AnomalySettings.defaults();
        pv.bidirectionalMeters.add("m");
        var h = Harnesses.keyed(new AnomalyFunction(pv), (IntervalReading r) -> r.meterId, null);
        long from = START + 2 * DAY + 10 * HOUR;
        feed(h, minutes("m", START, START + 3 * DAY, between(from, from + 20 * MINUTE, w -> -w)));
        assertThat(ofKind(anomalies(h), Anomaly.NEGATIVE)).isEmpty();
    }

    @Test
    void identicalReadingsForAnHourAreAStuckMeter() throws Exception {
        long from = START + 15 * DAY + 12 * HOUR;
        List<Anomaly> stuck = ofKind(withFault(between(from, from + 3 * HOUR, w -> 231.5), 17), Anomaly.STUCK);
        assertThat(stuck).hasSize(1);
        assertThat(stuck.get(0).startMs).isEqualTo(from);
        assertThat(stuck.get(0).detectedMs).isEqualTo(from + HOUR);
        assertThat(stuck.get(0).explanation).contains("exactly 231.5 W");
    }

    @Test
    void valuesInExplanationsCarryNoFloatNoise() {
        // The mean of sixty identical 60.1 W readings is 60.09999999999994 in floating point.
        double mean = 0;
        for (int i = 0; i < 60; i++) {
            mean += 60.1;
        }
        mean /= 60;
        assertThat(mean).isNotEqualTo(60.1);
        assertThat(AnomalyDetector.trim(mean)).isEqualTo("60.1");
        assertThat(AnomalyDetector.trim(231.5)).isEqualTo("231.5");
        assertThat(AnomalyDetector.trim(2000.0)).isEqualTo("2000");
        assertThat(AnomalyDetector.trim(-0.25)).isEqualTo("-0.25");
    }

    @Test
    void anIsolatedMinuteFarAboveTheUsualPeakIsASpikeButAKettleIsNot() throws Exception {
        long spike = START + 15 * DAY + 14 * HOUR;
        long kettle = START + 15 * DAY + 16 * HOUR;
        List<Anomaly> all = withFault((t, w) -> t == spike ? 30_000 : t == kettle ? w + 2_800 : w, 17);
        List<Anomaly> spikes = ofKind(all, Anomaly.SPIKE);
        assertThat(spikes).hasSize(1);
        assertThat(spikes.get(0).startMs).isEqualTo(spike);
        assertThat(spikes.get(0).detectedMs).as("judged when the next minute shows it fell back").isEqualTo(spike + 2 * MINUTE);
    }

    @Test
    void twoOrThreeMinutesFarAboveTheUsualPeakAreOneSpikeButAnHourOfHeavyLoadIsNot() throws Exception {
        long two = START + 15 * DAY + 10 * HOUR;
        long three = START + 16 * DAY + 14 * HOUR;
        long oven = START + 16 * DAY + 18 * HOUR;
        List<Anomaly> spikes = ofKind(withFault((t, w) -> t >= two && t < two + 2 * MINUTE ? 25_000
                : t >= three && t < three + 3 * MINUTE ? 28_000
                : t >= oven && t < oven + HOUR ? w + 3_000 : w, 17), Anomaly.SPIKE);
        assertThat(spikes).extracting(a -> a.startMs, a -> a.endMs).containsExactly(
                org.assertj.core.groups.Tuple.tuple(two, two + 2 * MINUTE), org.assertj.core.groups.Tuple.tuple(three, three + 3 * MINUTE));
        assertThat(spikes.get(1).detectedMs).as("judged when the next minute shows it fell back").isEqualTo(three + 4 * MINUTE);
        assertThat(spikes.get(1).explanation).startsWith("3 minutes at up to 28.0 kW");
    }

    @Test
    void silenceIsReportedByTheTimerWhileItLastsAndOnlyOnce() throws Exception {
        var h = harness(null);
        long from = START + 15 * DAY;
        feed(h, minutes("m", START, from));
        assertThat(h.numEventTimeTimers()).isEqualTo(1);
        h.processWatermark(new Watermark(from + 59 * MINUTE));
        assertThat(ofKind(anomalies(h), Anomaly.MISSING)).isEmpty();
        h.processWatermark(new Watermark(from + 60 * MINUTE));
        List<Anomaly> missing = ofKind(anomalies(h), Anomaly.MISSING);
        assertThat(missing).hasSize(1);
        assertThat(missing.get(0).startMs).isEqualTo(from);
        feed(h, minutes("m", from + 3 * HOUR, from + 4 * HOUR));
        assertThat(ofKind(anomalies(h), Anomaly.MISSING)).as("not again when data resumes").hasSize(1);
        assertThat(h.numEventTimeTimers()).isEqualTo(1);
    }

    @Test
    void theEndOfABoundedInputIsNotASilentMeter() throws Exception {
        var h = harness(null);
        feed(h, minutes("m", START, START + DAY));
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(anomalies(h)).isEmpty();
    }

    @Test
    void aHeaterLeftOnAtNightMakesAnomalousHours() throws Exception {
        long from = START + 22 * DAY + 1 * HOUR; // a Tuesday: three Tuesdays seen before
        List<Anomaly> high = ofKind(withFault(between(from, from + 4 * HOUR, w -> w + 2_000), 24), Anomaly.CONSUMPTION_HIGH);
        assertThat(high).hasSizeGreaterThanOrEqualTo(3);
        assertThat(high.get(0).startMs).isEqualTo(from);
        assertThat(high.get(0).baselineLevel).isEqualTo("hour-of-week");
        assertThat(high.get(0).explanation).contains("more than the usual").contains("this hour on Tuesdays");
    }

    /** Every hour a 3 kW load of 0-19 minutes (a kettle, an oven's burst): hours whose energy varies threefold, whose median minute does not. */
    private static double busy(long t, double w) {
        long hour = t / HOUR;
        long burstMinutes = Math.floorMod(hour * 2_654_435_761L >>> 7, 20);
        long minute = Math.floorMod(t, HOUR) / MINUTE;
        return minute >= 10 && minute < 10 + burstMinutes ? w + 3_000 : w;
    }

    @Test
    void aHeaterHiddenInABusyHousesHoursShowsInTheLevelTheyHoldAndIsNewsOnceAMonth() throws Exception {
        long first = START + 15 * DAY + 1 * HOUR;
        long second = START + 25 * DAY + 1 * HOUR;
        MinuteHouse.Fault heaters = (t, w) -> busy(t, w) + ((t >= first && t < first + 4 * HOUR) || (t >= second && t < second + 4 * HOUR) ? 2_000 : 0);
        List<Anomaly> high = ofKind(withFault(heaters, 27), Anomaly.CONSUMPTION_HIGH);
        List<Anomaly> energy = high.stream().filter(a -> a.unit.equals("kWh")).collect(Collectors.toList());
        assertThat(energy).as("the bursts widen the energy's band past the heater").isEmpty();
        List<Anomaly> held = high.stream().filter(a -> a.unit.equals("kW")).collect(Collectors.toList());
        assertThat(held).as("the first heater's four hours, each held at 2.2 kW").hasSize(4);
        assertThat(held).allSatisfy(a -> assertThat(a.startMs).isBetween(first, first + 3 * HOUR));
        assertThat(held.get(0).observed).isBetween(2.1, 2.4);
        assertThat(held.get(0).explanation).startsWith("2.").contains("for most of 01:00-02:00").contains("this hour of the day usually holds");
        assertThat(held.get(0).baselineLevel).isEqualTo("hour-of-day");
        // None of the second heater's, ten days later: this meter does that, so its held level alone is no news.
    }

    @Test
    void aHeldExcursionIsNewsAgainAfterAQuietMonth() throws Exception {
        long first = START + 15 * DAY + 1 * HOUR;
        long second = START + 44 * DAY + 1 * HOUR;
        MinuteHouse.Fault heaters = (t, w) -> busy(t, w) + ((t >= first && t < first + 4 * HOUR) || (t >= second && t < second + 4 * HOUR) ? 2_000 : 0);
        List<Anomaly> held = ofKind(withFault(heaters, 46), Anomaly.CONSUMPTION_HIGH).stream()
                .filter(a -> a.unit.equals("kW")).collect(Collectors.toList());
        assertThat(held).extracting(a -> a.startMs >= second).containsExactly(false, false, false, false, true, true, true, true);
    }

    @Test
    void aYoungBaselineJudgesByHourOfDayAndWithAWiderBand() throws Exception {
        long from = START + 5 * DAY + 1 * HOUR; // the first Saturday: no weekend seen yet, five nights seen
        List<Anomaly> high = ofKind(withFault(between(from, from + 4 * HOUR, w -> w + 2_000), 7), Anomaly.CONSUMPTION_HIGH);
        assertThat(high).isNotEmpty();
        assertThat(high.get(0).baselineLevel).isEqualTo("hour-of-day");
        assertThat(high.get(0).baselineDays).isLessThan(6);
    }

    @Test
    void aStandbyStepHeldForTwoDaysIsReportedOnce() throws Exception {
        long from = START + 15 * DAY + 8 * HOUR;
        List<Anomaly> steps = ofKind(withFault(between(from, START + 25 * DAY, w -> w + 200), 25), Anomaly.BASELOAD_STEP);
        assertThat(steps).hasSize(1);
        assertThat(steps.get(0).startMs).as("the second whole day of the step").isEqualTo(START + 17 * DAY);
        assertThat(steps.get(0).observed).isBetween(290.0, 310.0);
        assertThat(steps.get(0).explanation).contains("standby 293 W for two days, 3.2x its 15-day level of 93 W");
    }

    @Test
    void aStandbyStepIsReportedOnceWithinADayWhenAskedTo() throws Exception {
        long from = START + 15 * DAY + 8 * HOUR;
        List<Anomaly> steps = ofKind(withFault(between(from, START + 25 * DAY, w -> w + 200), 25, withinADay()), Anomaly.BASELOAD_STEP);
        assertThat(steps).as("once, though the step lasts ten days").hasSize(1);
        Anomaly step = steps.get(0);
        assertThat(step.detectedMs - from).as("when the last 24 hours but one show it").isBetween(22 * HOUR, 24 * HOUR);
        assertThat(step.endMs - step.startMs).isEqualTo(24 * HOUR);
        assertThat(step.observed).isBetween(280.0, 310.0);
        assertThat(step.explanation).containsPattern("standby 2[89]\\d W for the last 24 hours, 3\\.\\dx its 15-day level of 9\\d W");
    }

    @Test
    void aQuietMetersStepIsReportedWithinADayAndOneWhoseStandbyJumpedBeforeWaitsForTwoDays() throws Exception {
        AnomalySettings quiet = AnomalySettings.defaults();
        quiet.baseloadStep = BaseloadStepRule.WITHIN_A_DAY_WHEN_QUIET;
        long from = START + 15 * DAY + 8 * HOUR;
        MinuteHouse.Fault step = between(from, START + 25 * DAY, w -> w + 200);
        List<Anomaly> fast = ofKind(withFault(step, 25, quiet), Anomaly.BASELOAD_STEP);
        assertThat(fast).as("a meter whose standby never jumped: as within-a-day").hasSize(1);
        assertThat(fast.get(0).detectedMs - from).isBetween(22 * HOUR, 24 * HOUR);

        // The same meter with one whole day of +200 W standby a week before the step.
        long once = START + 8 * DAY;
        MinuteHouse.Fault jumpy = (t, w) -> step.apply(t, t >= once && t < once + DAY ? w + 200 : w);
        List<Anomaly> slow = ofKind(withFault(jumpy, 25, quiet), Anomaly.BASELOAD_STEP);
        List<Anomaly> afterTheJump = slow.stream().filter(a -> a.startMs >= from - DAY).toList();
        assertThat(afterTheJump).as("judged by two days: reported once, on the second whole day").hasSize(1);
        assertThat(afterTheJump.get(0).startMs).isEqualTo(START + 17 * DAY);
        assertThat(afterTheJump.get(0).explanation).contains("for two days");
        assertThat(BaseloadStepRule.of("within-a-day-when-quiet")).isEqualTo(BaseloadStepRule.WITHIN_A_DAY_WHEN_QUIET);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BaseloadStepRule.of("fast"))
                .hasMessage("--baseload-step is two-days, within-a-day or within-a-day-when-quiet, not 'fast'.");
    }

    @Test
    void aHeaterForANightIsNoStandbyStepAndADropIsJudgedByTheDay() throws Exception {
        long night = START + 15 * DAY + 22 * HOUR;
        AnomalySettings fast = withinADay();
        List<Anomaly> heaterNight = ofKind(withFault(between(night, night + 8 * HOUR, w -> w + 1_500), 18, fast), Anomaly.BASELOAD_STEP);
        assertThat(heaterNight).as("8 hours are not a day's standby").isEmpty();
        List<Anomaly> unplugged = ofKind(withFault(between(night, START + 19 * DAY, w -> Math.max(5, w - 80)), 19, fast),
                Anomaly.BASELOAD_STEP);
        assertThat(unplugged).as("a standby that drops for good: judged by the day, two days in a row").hasSize(1);
        assertThat(unplugged.get(0).observed).isLessThan(unplugged.get(0).expected);
        assertThat(unplugged.get(0).explanation).contains("for two days");
    }

    /**
     * The house's 45-min fridge cycles every {@code periodMin} minutes from day 15 on: the one change
     * reported, on the second day of it, against the 45 min that held.
     */
    private static Anomaly onlyChangeWhenTheFridgeCyclesEvery(double periodMin) throws Exception {
        long from = START + 15 * DAY;
        MinuteHouse.Fault changed = (t, w) -> t >= from ? w - MinuteHouse.normal(t, 45) + MinuteHouse.normal(t, periodMin) : w;
        List<Anomaly> change = ofKind(withFault(changed, 19), Anomaly.PERIODICITY_CHANGE);
        assertThat(change).as("once: the next days have no settled cycle to differ from").hasSize(1);
        assertThat(change.get(0).startMs).as("the second day of the new cycle").isEqualTo(from + DAY);
        assertThat(change.get(0).expected).isEqualTo(45.0);
        return change.get(0);
    }

    @Test
    void aFridgeThatStopsCyclingIsAPeriodicityChangeThoughNoNewCycleShows() throws Exception {
        // A period of 1e9 minutes: the compressor stays on, nothing else cycles, so no day after has a clear cycle of its own.
        Anomaly change = onlyChangeWhenTheFridgeCyclesEvery(1e9);
        assertThat(change.observed).as("no new cycle to name").isNull();
        assertThat(change.explanation).startsWith("the 45-min cycle of the week before has not shown for two days");
        assertThat(change.score).as("scored by the fading alone: 1 at a third of the usual strength, 1.5 when flat").isBetween(1.0, 1.5);
    }

    @Test
    void aFridgeCycleThatHalvesItsPeriodIsAPeriodicityChangeThoughItStillPeaksAtTheOldOne() throws Exception {
        Anomaly change = onlyChangeWhenTheFridgeCyclesEvery(22.5);
        assertThat(change.observed).isBetween(21.0, 24.0);
        assertThat(change.explanation).startsWith("the main cycle is");
        // The old period still peaks (the new one's second harmonic): scored by how far the period moved, not by the fading.
        assertThat(change.score).as("half the period: 0.5 / 0.3").isBetween(1.5, 1.9);
        assertThat(change.severity).isEqualTo("low");
    }

    @Test
    void aFridgeCycleThatDoublesItsPeriodIsAPeriodicityChange() throws Exception {
        Anomaly change = onlyChangeWhenTheFridgeCyclesEvery(95);
        assertThat(change.observed).isBetween(90.0, 100.0);
        assertThat(change.score).as("95 against 45 min: 1.11 / 0.3").isBetween(3.4, 3.95);
        assertThat(change.severity).isEqualTo("medium");
    }

    @Test
    void aRestoredBaselineContinuesExactlyAsAnUninterruptedOne() throws Exception {
        long from = START + 15 * DAY + 1 * HOUR;
        MinuteHouse.Fault heaterAndStuck = (t, w) -> t >= from && t < from + 4 * HOUR ? w + 2_000
                : t >= from + 10 * HOUR && t < from + 12 * HOUR ? 250.0 : w;
        List<IntervalReading> all = minutes("m", START, START + 17 * DAY, heaterAndStuck);
        int cut = all.size() * 15 / 17 + 30;

        var uninterrupted = harness(null);
        feed(uninterrupted, all);

        var first = harness(null);
        feed(first, all.subList(0, cut));
        OperatorSubtaskState snapshot = first.snapshot(1, all.get(cut).startMs);
        List<Anomaly> before = anomalies(first);
        first.close();
        var restored = harness(snapshot);
        feed(restored, all.subList(cut, all.size()));
        List<Anomaly> after = anomalies(restored);

        List<String> expected = anomalies(uninterrupted).stream().map(Anomaly::toString).collect(Collectors.toList());
        List<String> actual = new ArrayList<>();
        before.forEach(a -> actual.add(a.toString()));
        after.forEach(a -> actual.add(a.toString()));
        assertThat(expected).isNotEmpty();
        assertThat(actual).isEqualTo(expected);
        assertThat(restored.numEventTimeTimers()).isEqualTo(1);
    }

    @Test
    void theStateOfAMeterIsWrittenByItsOwnSerializerInBoundedSize() throws Exception {
        TypeSerializer<MeterBaseline> serializer = TypeInformation.of(MeterBaseline.class)
                .createSerializer(new ExecutionConfig().getSerializerConfig());
        assertThat(serializer).as("not the POJO serializer, every minute of every meter").isInstanceOf(MeterBaselineSerializer.class);
        MeterBaseline b = new MeterBaseline();
        AnomalyDetector detector = new AnomalyDetector(AnomalySettings.defaults());
        int largest = 0;
        int firstMinute = 0;
        for (IntervalReading r : minutes("m", START, START + 40 * DAY)) {
            detector.onInterval("m", b, r, IGNORE);
            if (r.startMs == START) {
                firstMinute = written(serializer, b).length;
            }
            if (r.startMs % DAY == 23 * HOUR) {
                largest = Math.max(largest, written(serializer, b).length);
            }
        }
        assertThat(firstMinute).as("a new meter's baseline: only what it holds").isLessThan(300);
        assertThat(largest).as("bytes per meter, the same on day 40 as on day 2").isBetween(5_000, 6_300);
    }

    @Test
    void aBaselineWrittenAndReadAfterEveryMinuteRaisesTheSameAnomalies() throws Exception {
        long from = START + 15 * DAY + HOUR;
        MinuteHouse.Fault faults = (t, w) -> t >= from && t < from + 4 * HOUR ? w + 2_000
                : t >= from + 10 * HOUR && t < from + 12 * HOUR ? 250.0
                : t >= from + DAY && t < from + DAY + 2 * HOUR ? 0.0 : w;
        List<IntervalReading> all = minutes("m", START, START + 18 * DAY, faults);
        TypeSerializer<MeterBaseline> serializer = MeterBaselineSerializer.INSTANCE;
        AnomalyDetector detector = new AnomalyDetector(AnomalySettings.defaults());
        List<String> inMemory = new ArrayList<>();
        List<String> written = new ArrayList<>();
        MeterBaseline kept = new MeterBaseline();
        MeterBaseline passed = new MeterBaseline();
        int i = 0;
        for (IntervalReading r : all) {
            detector.onInterval("m", kept, r, collectInto(inMemory));
            detector.onInterval("m", passed, r, collectInto(written));
            passed = i++ % 2 == 0 ? serializer.deserialize(new DataInputDeserializer(written(serializer, passed)))
                    : serializer.copy(passed);
        }
        assertThat(inMemory).as("the faults are found").hasSizeGreaterThanOrEqualTo(3);
        assertThat(written).isEqualTo(inMemory);
        assertThat(passed).usingRecursiveComparison().withComparatorForType(Float::compare, Float.class)
                .withComparatorForType(Double::compare, Double.class).isEqualTo(kept);
    }

    @Test
    void aBaselineSavedWithThePojoSerializerIsMigrated() throws Exception {
        TypeSerializer<MeterBaseline> pojo = io.wattflow.operators.testing.StateSerializers.of(MeterBaseline.class);
        TypeSerializerSnapshot<MeterBaseline> old = io.wattflow.operators.testing.StateSerializers.savedSnapshot(pojo);
        assertThat(MeterBaselineSerializer.INSTANCE.snapshotConfiguration().resolveSchemaCompatibility(old)
                .isCompatibleAfterMigration()).isTrue();

        MeterBaseline b = new MeterBaseline();
        AnomalyDetector detector = new AnomalyDetector(AnomalySettings.defaults());
        for (IntervalReading r : minutes("m", START, START + 9 * DAY + 5 * HOUR)) {
            detector.onInterval("m", b, r, IGNORE);
        }
        MeterBaseline restored = old.restoreSerializer().deserialize(new DataInputDeserializer(written(pojo, b)));
        MeterBaseline migrated = MeterBaselineSerializer.INSTANCE.deserialize(
                new DataInputDeserializer(written(MeterBaselineSerializer.INSTANCE, restored)));
        assertThat(migrated).usingRecursiveComparison().withComparatorForType(Float::compare, Float.class)
                .withComparatorForType(Double::compare, Double.class).isEqualTo(b);
    }

    private static final AnomalyDetector.Output IGNORE = collectInto(new ArrayList<>());

    private static AnomalyDetector.Output collectInto(List<String> anomalies) {
        return new AnomalyDetector.Output() {
            @Override
            public void anomaly(Anomaly a) {
                anomalies.add(a.toString());
            }

            @Override
            public void dailyBaseline(DailyBaseline d) {
                anomalies.add(d.toString());
            }
        };
    }

    private static byte[] written(TypeSerializer<MeterBaseline> serializer, MeterBaseline b) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(8192);
        serializer.serialize(b, out);
        return out.getCopyOfBuffer();
    }
}
