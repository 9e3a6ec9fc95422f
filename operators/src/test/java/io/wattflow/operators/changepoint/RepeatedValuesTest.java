package io.wattflow.operators.changepoint;

import io.wattflow.record.LoadEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A reading repeated is one observation (issue 23: a 3-4 s meter's readings put on a 1 s grid, as an
 * independent scoring does, made the edge detector count a fluctuating load's every reading as a steady
 * level), while a meter that really is flat still has its switchings found.
 */
class RepeatedValuesTest {
    private static final long T0 = 1_700_000_000_000L;

    /**
     * Every 4 s: 500 W for 40 s, then a load wandering between 545 and 590 W (no two readings in a row
     * within 20 W) for 80 s, then 1,500 W for 2 min.
     */
    private static double[] readings() {
        double[] w = new double[60];
        for (int i = 0; i < w.length; i++) {
            double level = i < 10 ? 500 : i < 30 ? (i % 2 == 0 ? 545 : 590) : 1500;
            w[i] = level + (i % 3) * 0.5;
        }
        return w;
    }

    private static List<LoadEvent> detect(long[] times, double[] watts) {
        return CadenceTest.detect("edge", times, watts);
    }

    private static List<LoadEvent> native4s() {
        double[] w = readings();
        long[] t = new long[w.length];
        for (int i = 0; i < w.length; i++) {
            t[i] = T0 + i * 4_000L;
        }
        return detect(t, w);
    }

    /** Each second the last reading, as a 1 Hz meter reading that house would be simulated. */
    private static List<LoadEvent> onOneSecondGrid() {
        double[] w = readings();
        long[] t = new long[w.length * 4];
        double[] g = new double[t.length];
        for (int s = 0; s < t.length; s++) {
            t[s] = T0 + s * 1_000L;
            g[s] = w[s / 4];
        }
        return detect(t, g);
    }

    @Test
    void aFluctuatingLoadOnA1sGridGivesTheEventsOfItsNativeReadings() {
        List<LoadEvent> nativeEvents = native4s();
        List<LoadEvent> gridEvents = onOneSecondGrid();
        // The wandering never holds two readings within 20 W: one step from 500 W to 1,500 W.
        assertThat(nativeEvents).hasSize(1);
        assertThat(gridEvents).as("each held reading was a steady level 45 W from the last before").hasSize(1);
        assertThat(gridEvents.get(0).timestampMs).isEqualTo(nativeEvents.get(0).timestampMs);
        assertThat(gridEvents.get(0).deltaActivePowerW).isCloseTo(1000, within(50.0));
    }

    @Test
    void aFlatMeterStillHasItsSwitchingsAfterTwiceTheSteadyTime() {
        long[] t = new long[120];
        double[] w = new double[t.length];
        for (int s = 0; s < t.length; s++) {
            t[s] = T0 + s * 1_000L;
            w[s] = s < 40 ? 200 : s < 80 ? 2200 : 200; // no noise at all: every value repeated
        }
        List<LoadEvent> events = detect(t, w);
        assertThat(events).extracting(e -> (e.timestampMs - T0) / 1000).containsExactly(40L, 80L);
        assertThat(events).extracting(e -> e.deltaActivePowerW).containsExactly(2000.0, -2000.0);
    }

    /**
     * CUSUM sums the median of the observations since session 22: one 4 s reading 70 W above a steady
     * 1 kW, put on a 1 s grid, was summed four times and alarmed; now it is one observation, which the
     * median removes. The detector as it was, without the filter, still alarms (the generic series use it).
     */
    @Test
    void cusumDoesNotSumAReadingRepeatedOnTheGridNorAOneReadingBlip() {
        List<Long> power = alarms(ChangeDetectors.create("cusum", 30));
        List<Long> unfiltered = alarms(new CusumDetector(15, 20, 0.02, 1));
        assertThat(unfiltered).as("without the filter: the blip's four repeats pass drift and threshold").isNotEmpty();
        assertThat(power).isEmpty();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<Long> alarms(ChangeDetector detector) {
        Object state = detector.newState();
        List<Long> at = new java.util.ArrayList<>();
        for (int s = 0; s < 120; s++) {
            double w = 1_000 + ((s / 4) % 2) * 0.5 + (s >= 60 && s < 64 ? 70 : 0); // 4 s readings on a 1 s grid
            Detection d = detector.update(state, T0 + s * 1_000L, w);
            if (d != null) {
                at.add(d.changeMs);
            }
        }
        return at;
    }

    @Test
    void aSegmentInASavedStateKeepsWhetherItVaried() throws Exception {
        EdgeState s = new EdgeState();
        s.segmentCount = 3;
        s.segmentMean = 512.5;
        s.segmentVaried = true;
        var out = new org.apache.flink.core.memory.DataOutputSerializer(64);
        EdgeStateSerializer.INSTANCE.serialize(s, out);
        EdgeState back = EdgeStateSerializer.INSTANCE.deserialize(new org.apache.flink.core.memory.DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back.segmentVaried).isTrue();
        assertThat(back.segmentMean).isEqualTo(512.5);
    }
}
