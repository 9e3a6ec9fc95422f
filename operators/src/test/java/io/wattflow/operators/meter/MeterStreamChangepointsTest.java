package io.wattflow.operators.meter;

import io.wattflow.operators.changepoint.BocpdDetector;
import io.wattflow.operators.changepoint.BocpdState;
import io.wattflow.operators.changepoint.ChangeDetectors;
import io.wattflow.record.IntervalReading;
import io.wattflow.record.SourcedReading;
import io.wattflow.record.LoadEvent;
import io.wattflow.record.MeterReading;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Every detector, in {@link MeterStreamFunction}, on the shapes a meter shows: clean and noisy steps, ramps, noise alone. */
class MeterStreamChangepointsTest {
    private static final long T0 = 1_700_000_000_000L;

    private static KeyedOneInputStreamOperatorTestHarness<String, SourcedReading, IntervalReading> harness(String detector,
            OperatorSubtaskState restore) throws Exception {
        return MeterStreams.harness(detector, Duration.ofMinutes(1), restore);
    }

    /** 1 Hz power: a base level with Gaussian noise, and steps of +delta at the given seconds (negative = off). */
    static List<MeterReading> series(String meter, int seconds, double base, double noiseW, long seed, double[][] steps) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<MeterReading> out = new ArrayList<>();
        for (int s = 0; s < seconds; s++) {
            double level = base;
            for (double[] step : steps) {
                if (s >= step[0]) {
                    level += step[1];
                }
            }
            double u = Math.max(rng.nextDouble(), 1e-12);
            double gauss = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
            MeterReading r = new MeterReading(meter, T0 + s * 1000L, level + noiseW * gauss);
            r.reactivePowerVar = 0.3 * level;
            out.add(r);
        }
        return out;
    }

    private static List<LoadEvent> run(KeyedOneInputStreamOperatorTestHarness<String, SourcedReading, IntervalReading> h,
                                       List<MeterReading> readings) throws Exception {
        for (MeterReading r : readings) {
            h.processElement(MeterStreams.sourced(r));
        }
        return MeterStreams.side(h, MeterStreamFunction.EVENTS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"edge", "cusum", "bocpd"})
    void cleanStepsAreFoundOnceEachWithTheirSignature(String detector) throws Exception {
        List<LoadEvent> events = run(harness(detector, null),
                series("m", 600, 100, 0.5, 1, new double[][] {{120, 2000}, {300, -2000}, {450, 150}}));
        assertThat(events).hasSize(3);
        long[] expected = {120, 300, 450};
        for (int i = 0; i < 3; i++) {
            assertThat((events.get(i).timestampMs - T0) / 1000).as("within one sample").isCloseTo(expected[i], within(1L));
        }
        LoadEvent on = events.get(0);
        assertThat(on.detector).isEqualTo(detector);
        assertThat(on.deltaActivePowerW).isCloseTo(2000, within(5.0));
        assertThat(on.levelBeforeW).isCloseTo(100, within(2.0));
        assertThat(on.levelAfterW).isCloseTo(2100, within(2.0));
        assertThat(on.deltaReactivePowerVar).isCloseTo(600, within(5.0));
        assertThat(on.powerFactorBefore).isCloseTo(1 / Math.hypot(1, 0.3), within(0.01));
        assertThat(events.get(1).deltaActivePowerW).isCloseTo(-2000, within(5.0));
        assertThat(events.get(2).deltaActivePowerW).isCloseTo(150, within(5.0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"edge", "cusum", "bocpd"})
    void aSwitchingInTheLastSecondsOfABoundedInputIsEmittedAtItsEnd(String detector) throws Exception {
        var h = harness(detector, null);
        List<LoadEvent> events = run(h, series("m", 130, 100, 0.5, 4, new double[][] {{120, -1500}, {0, 3000}}));
        assertThat(events).as("its settle window is still open").isEmpty();
        h.processWatermark(new org.apache.flink.streaming.api.watermark.Watermark(Long.MAX_VALUE));
        events = MeterStreams.side(h, MeterStreamFunction.EVENTS);
        assertThat(events).hasSize(1);
        assertThat((events.get(0).timestampMs - T0) / 1000).isCloseTo(120, within(1L));
        assertThat(events.get(0).deltaActivePowerW).isCloseTo(-1500, within(10.0));
        assertThat(h.numEventTimeTimers()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"edge", "cusum", "bocpd"})
    void noisyStepsAreFound(String detector) throws Exception {
        List<LoadEvent> events = run(harness(detector, null),
                series("m", 900, 300, 4, 2, new double[][] {{200, 120}, {500, -120}, {700, 800}}));
        assertThat(events).extracting(e -> Math.round((e.timestampMs - T0) / 1000.0 / 5) * 5)
                .as("within 5 s").containsExactly(200L, 500L, 700L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"edge", "cusum", "bocpd"})
    void aRampIsOneChangeNotMany(String detector) throws Exception {
        List<MeterReading> readings = series("m", 600, 200, 1, 3, new double[][] {});
        for (int s = 100; s < 600; s++) {
            readings.get(s).activePowerW += Math.min(1.0, (s - 100) / 30.0) * 3000; // a 30 s soft start
        }
        List<LoadEvent> events = run(harness(detector, null), readings);
        assertThat(events).hasSizeBetween(1, 3);
        double total = events.stream().mapToDouble(e -> e.deltaActivePowerW).sum();
        assertThat(total).as("the events add up to the ramp").isCloseTo(3000, within(300.0));
        assertThat(events).allSatisfy(e -> assertThat(e.timestampMs - T0).isBetween(95_000L, 140_000L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"edge", "cusum", "bocpd"})
    void steadyNoiseGivesAtMostOneFalseEventAnHour(String detector) throws Exception {
        // Two hours of a steady 400 W load with 5 W of measurement noise.
        List<LoadEvent> events = run(harness(detector, null), series("m", 7200, 400, 5, 4, new double[][] {}));
        assertThat(events).hasSizeLessThanOrEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"edge", "cusum", "bocpd"})
    void aRestoreMidStreamGivesTheSameEventsAsAnUninterruptedRun(String detector) throws Exception {
        List<MeterReading> readings = new ArrayList<>(series("a", 900, 150, 3, 5, new double[][] {{100, 1500}, {400, -1500}, {650, 90}}));
        readings.addAll(series("b", 900, 60, 2, 6, new double[][] {{250, 2200}, {260, -2200}, {600, 400}}));
        readings.sort((x, y) -> Long.compare(x.timestampMs, y.timestampMs));
        List<LoadEvent> whole = run(harness(detector, null), readings);

        var first = harness(detector, null);
        List<LoadEvent> resumed = new ArrayList<>(run(first, readings.subList(0, 820)));
        OperatorSubtaskState snapshot = first.snapshot(1, 1);
        resumed.addAll(run(harness(detector, snapshot), readings.subList(820, readings.size())));
        assertThat(resumed).extracting(LoadEvent::toString).containsExactlyElementsOf(whole.stream().map(LoadEvent::toString).toList());
        assertThat(whole).hasSizeGreaterThanOrEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"edge", "cusum", "bocpd"})
    void statePerMeterIsBoundedWhateverTheStreamLength(String detector) throws Exception {
        var h = harness(detector, null);
        run(h, series("m", 20_000, 500, 20, 7, new double[][] {{5000, 700}, {9000, -300}, {15000, 1200}}));
        assertThat(h.numKeyedStateEntries()).as("detector and signature state of one meter, in one entry").isEqualTo(1);
        if (detector.equals("bocpd")) {
            BocpdDetector bocpd = (BocpdDetector) ChangeDetectors.create("bocpd", 30);
            BocpdState state = bocpd.newState();
            SplittableRandom rng = new SplittableRandom(8);
            for (int s = 0; s < 50_000; s++) {
                bocpd.update(state, s * 1000L, 500 + 20 * rng.nextDouble());
                assertThat(state.size).isLessThanOrEqualTo(bocpd.maxRuns());
            }
            assertThat(state.start.length).isLessThanOrEqualTo(bocpd.maxRuns() + 1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"edge", "cusum", "bocpd"})
    void outOfOrderReadingsAreSkippedNotFatal(String detector) throws Exception {
        List<MeterReading> readings = series("m", 400, 100, 1, 9, new double[][] {{200, 1000}});
        MeterReading stale = readings.get(195);
        readings.add(201, new MeterReading("m", stale.timestampMs + 500, 5000)); // 5.5 s out of order: accepted, not detected on
        List<LoadEvent> events = run(harness(detector, null), readings);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).deltaActivePowerW).isCloseTo(1000, within(5.0));
    }
}
