package io.wattflow.operators.meter;

import io.wattflow.operators.bundle.BundlingKeyedProcessOperator;
import io.wattflow.operators.changepoint.ChangeDetectors;
import io.wattflow.record.IntervalReading;
import io.wattflow.record.SourcedReading;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-reading operator in bundles gives exactly what it gives reading by reading: the same
 * intervals, events, gaps and dead letters (late ones judged against the watermark at arrival), no
 * output behind a watermark it passed on, one state entry per meter, and a snapshot taken with a
 * bundle open holds every reading.
 */
class MeterStreamBundlesTest {
    private static final int METERS = 12;

    /** Twelve meters at 1 Hz for 8 minutes, switching loads, with duplicates, a silence, late and out-of-order readings, and periodic watermarks. */
    private static List<Object> stream() {
        Random random = new Random(7);
        List<Object> in = new ArrayList<>();
        long t0 = 1_704_067_200_000L;
        for (int s = 0; s < 480; s++) {
            for (int m = 0; m < METERS; m++) {
                if (m == 3 && s > 100 && s < 200) {
                    continue; // a gap
                }
                double watts = 100 + m * 10 + ((s + m * 17) % 90 < 30 ? 1500 + m * 50 : 0) + random.nextGaussian() * 3;
                in.add(MeterStreams.reading("m" + m, t0 + s * 1000L, watts));
                if (random.nextInt(50) == 0) {
                    in.add(MeterStreams.reading("m" + m, t0 + s * 1000L, watts)); // duplicate
                }
                if (random.nextInt(80) == 0 && s > 20) {
                    in.add(MeterStreams.reading("m" + m, t0 + (s - 5) * 1000L + 500, watts)); // out of order, inside 10 s
                }
                if (random.nextInt(120) == 0 && s > 40) {
                    in.add(MeterStreams.reading("m" + m, t0 + (s - 30) * 1000L + 250, watts)); // late
                }
            }
            if (s % 3 == 2) {
                in.add(new Watermark(t0 + (s - 4) * 1000L)); // periodic, 4 s behind
            }
        }
        return in;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, SourcedReading, IntervalReading> harness(
            boolean bundled, OperatorSubtaskState restore) throws Exception {
        return harness(bundled ? 50 : 0, restore);
    }

    /** {@code bundle} readings per bundle, 0 for the plain operator. */
    private static KeyedOneInputStreamOperatorTestHarness<String, SourcedReading, IntervalReading> harness(
            int bundle, OperatorSubtaskState restore) throws Exception {
        boolean bundled = bundle > 0;
        MeterStreamFunction<?> f = new MeterStreamFunction<>(MeterStreams.VALIDATION, Duration.ofSeconds(30), Duration.ofMinutes(1),
                Duration.ofSeconds(1), ChangeDetectors.pipeline("edge", 30), Duration.ofDays(7));
        OneInputStreamOperator<SourcedReading, IntervalReading> op = bundled
                ? new BundlingKeyedProcessOperator<>(f, bundle, Duration.ofSeconds(5))
                : new org.apache.flink.streaming.api.operators.KeyedProcessOperator<>(f);
        KeyedOneInputStreamOperatorTestHarness<String, SourcedReading, IntervalReading> h =
                new KeyedOneInputStreamOperatorTestHarness<>(op, r -> r.reading.meterId, Types.STRING);
        h.setup();
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }

    @SuppressWarnings("unchecked")
    private static void feed(KeyedOneInputStreamOperatorTestHarness<String, SourcedReading, IntervalReading> h, List<Object> in)
            throws Exception {
        for (Object o : in) {
            if (o instanceof Watermark w) {
                h.processWatermark(w);
            } else {
                h.processElement((StreamRecord<SourcedReading>) o);
            }
        }
    }

    /** Everything the operator wrote, sorted, so that bundles (which take meters in turn) compare with readings one by one. */
    private static List<String> outputs(KeyedOneInputStreamOperatorTestHarness<String, SourcedReading, IntervalReading> h) {
        List<String> all = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r) {
                IntervalReading i = (IntervalReading) r.getValue();
                all.add("minute " + i.meterId + " " + i.startMs + " " + i.energyKwh + " " + i.sampleCount + " " + i.coverage + " @" + r.getTimestamp());
            }
        }
        MeterStreams.side(h, MeterStreamFunction.EVENTS).forEach(e -> all.add("event " + e.meterId + " " + e.timestampMs + " " + e.deltaActivePowerW + " " + e.levelBeforeW));
        MeterStreams.side(h, MeterStreamFunction.GAPS).forEach(g -> all.add("gap " + g.meterId + " " + g.startMs + "-" + g.endMs));
        MeterStreams.deadLetters(h).forEach(d -> all.add("dead " + d));
        return all.stream().sorted().collect(Collectors.toList());
    }

    /** Equal lists, or a message with only what differs (the lists are long). */
    private static void assertSame(List<String> expected, List<String> actual) {
        List<String> missing = new ArrayList<>(expected);
        actual.forEach(missing::remove);
        List<String> extra = new ArrayList<>(actual);
        expected.forEach(extra::remove);
        assertTrue(missing.isEmpty() && extra.isEmpty(), "missing " + missing + ", extra " + extra);
        assertEquals(expected.size(), actual.size());
    }

    @Test
    void bundlesGiveWhatReadingsOneByOneGive() throws Exception {
        List<Object> in = stream();
        var one = harness(false, null);
        feed(one, in);
        one.processWatermark(new Watermark(Long.MAX_VALUE));
        var bundled = harness(true, null);
        feed(bundled, in);
        bundled.processWatermark(new Watermark(Long.MAX_VALUE));

        List<String> expected = outputs(one);
        assertTrue(expected.stream().anyMatch(s -> s.startsWith("event")), "the stream has load events");
        assertTrue(expected.stream().anyMatch(s -> s.startsWith("gap")), "and a gap");
        assertTrue(expected.stream().anyMatch(s -> s.startsWith("dead LATE")), "and late readings");
        assertTrue(expected.stream().anyMatch(s -> s.startsWith("dead DUPLICATE")), "and duplicates");
        assertSame(expected, outputs(bundled));
        assertEquals(METERS, bundled.numKeyedStateEntries());
    }

    @Test
    void bundlesTooSmallForTheMetersRunReadingsOneAtATimeWithTheSameOutputs() throws Exception {
        List<Object> in = stream();
        var one = harness(0, null);
        feed(one, in);
        one.processWatermark(new Watermark(Long.MAX_VALUE));
        var small = harness(10, null); // 12 meters in turn: under 1.5 readings per meter in a bundle of 10
        feed(small, in);
        small.processWatermark(new Watermark(Long.MAX_VALUE));
        assertSame(outputs(one), outputs(small));

        var fresh = harness(10, null);
        long t0 = 1_704_067_200_000L;
        for (int m = 0; m < 10; m++) {
            fresh.processElement(MeterStreams.reading("m" + m, t0, 100));
        }
        fresh.processElement(MeterStreams.reading("m0", t0, 100));
        assertEquals(List.of("DUPLICATE_TIMESTAMP@f:" + t0 / 1000), MeterStreams.deadLetters(fresh),
                "after a bundle of ten meters once each, the next reading runs at once");
        var paying = harness(10, null);
        for (int i = 0; i < 10; i++) {
            paying.processElement(MeterStreams.reading("m" + i % 2, t0 + i / 2 * 1000L, 100));
        }
        paying.processElement(MeterStreams.reading("m0", t0, 100));
        assertEquals(List.of(), MeterStreams.deadLetters(paying), "five readings per meter paid: the next waits in a bundle");

        var large = harness(5_000, null); // not full when a checkpoint comes: judged from 1,000 readings
        for (int m = 0; m < 1_200; m++) {
            large.processElement(MeterStreams.reading("m" + m, t0, 100));
        }
        large.prepareSnapshotPreBarrier(1);
        large.processElement(MeterStreams.reading("m7", t0, 100));
        assertEquals(List.of("DUPLICATE_TIMESTAMP@f:" + t0 / 1000), MeterStreams.deadLetters(large),
                "1,200 meters once each before a barrier: the next reading runs at once");
    }

    @Test
    void aShortBundleThatDidNotPayStopsBundlingForTenTimesItsOwnSizeOnly() throws Exception {
        long t0 = 1_704_067_200_000L;
        var h = harness(5_000, null);
        for (int m = 0; m < 1_200; m++) { // a bundle cut short by the first checkpoint, as after a start
            h.processElement(MeterStreams.reading("m" + m, t0, 100));
        }
        h.prepareSnapshotPreBarrier(1);
        for (int i = 1; i < 12_000; i++) { // one at a time: 10 x 1,200 readings, 12 meters' seconds 1..1000
            h.processElement(MeterStreams.reading("m" + i % 12, t0 + (i / 12 + 1) * 1000L, 100));
        }
        long newest = t0 + 1_000_000L; // m0's and m1's last reading above
        h.processElement(MeterStreams.reading("m0", newest, 100));
        assertEquals(List.of("DUPLICATE_TIMESTAMP@f:" + newest / 1000), MeterStreams.deadLetters(h),
                "the 12,000th reading after the short bundle still runs at once");
        h.processElement(MeterStreams.reading("m1", newest, 100));
        assertEquals(1, MeterStreams.deadLetters(h).size(), "the next one waits in a bundle again: its duplicate is not yet refused");
        h.prepareSnapshotPreBarrier(2);
        assertEquals(2, MeterStreams.deadLetters(h).size(), "and is refused when the bundle runs");

        // A second short bundle that does not pay, with none that paid between: twice as long one at a time.
        long later = newest + 1000L;
        for (int m = 0; m < 1_200; m++) {
            h.processElement(MeterStreams.reading("n" + m, later, 100));
        }
        h.prepareSnapshotPreBarrier(3);
        for (int i = 0; i < 12_000; i++) {
            h.processElement(MeterStreams.reading("n" + i % 12, later + (i / 12 + 1) * 1000L, 100));
        }
        h.processElement(MeterStreams.reading("n0", later + 1_000_000L, 100));
        assertEquals(3, MeterStreams.deadLetters(h).size(), "the 12,001st reading after the second short bundle still runs at once");
    }

    @Test
    void noOutputIsBehindAWatermarkPassedOn() throws Exception {
        var bundled = harness(true, null);
        feed(bundled, stream());
        long watermark = Long.MIN_VALUE;
        int watermarks = 0;
        for (Object o : bundled.getOutput()) {
            if (o instanceof Watermark w) {
                watermark = w.getTimestamp();
                watermarks++;
            } else if (o instanceof StreamRecord<?> r) {
                assertTrue(r.getTimestamp() > watermark, "an interval at " + r.getTimestamp() + " after watermark " + watermark);
            }
        }
        assertTrue(watermarks > 10, "watermarks are passed on after each bundle, " + watermarks);
    }

    @Test
    void theEndOfTheInputComesAfterTheLastWatermarkHeldForTheBundle() throws Exception {
        var bundled = harness(true, null);
        long t0 = 1_704_067_200_000L;
        for (int s = 0; s < 20; s++) {
            bundled.processElement(MeterStreams.reading("m0", t0 + s * 1000L, 100));
        }
        bundled.processWatermark(new Watermark(t0 + 15_000));
        bundled.processWatermark(new Watermark(Long.MAX_VALUE));
        List<Long> watermarks = bundled.getOutput().stream().filter(o -> o instanceof Watermark)
                .map(o -> ((Watermark) o).getTimestamp()).collect(Collectors.toList());
        assertEquals(List.of(t0 + 15_000, Long.MAX_VALUE), watermarks,
                "downstream sees event time pass 15 s before the end, as it would without the bundle");
    }

    @Test
    void aBundleWaitsAtMostItsWait() throws Exception {
        var bundled = harness(true, null);
        bundled.setProcessingTime(0);
        long t0 = 1_704_067_200_000L;
        for (int s = 0; s < 70; s++) {
            bundled.processElement(MeterStreams.reading("m0", t0 + s * 1000L, 100));
        }
        bundled.processWatermark(new Watermark(t0 + 65_000));
        assertEquals(0, bundled.extractOutputValues().size(), "20 readings short of a bundle: held, with the watermark");
        bundled.setProcessingTime(5_000);
        assertEquals(1, bundled.extractOutputValues().size(), "after the wait: the first minute, closed by the watermark");
    }

    @Test
    void aSnapshotWithABundleOpenHoldsEveryReading() throws Exception {
        List<Object> in = stream();
        var one = harness(false, null);
        feed(one, in);
        one.processWatermark(new Watermark(Long.MAX_VALUE));

        int cut = in.size() / 2 + 7; // not at a bundle's end
        var first = harness(true, null);
        feed(first, in.subList(0, cut));
        // As a task does before every barrier (the harness's snapshot alone does not).
        first.prepareSnapshotPreBarrier(1);
        OperatorSubtaskState snapshot = first.snapshot(1, 1);
        List<String> before = outputs(first);
        first.close();
        var restored = harness(true, snapshot);
        feed(restored, in.subList(cut, in.size()));
        restored.processWatermark(new Watermark(Long.MAX_VALUE));
        List<String> all = new ArrayList<>(before);
        all.addAll(outputs(restored));
        assertSame(outputs(one), all.stream().sorted().collect(Collectors.toList()));
    }
}
