package io.wattflow.operators.changepoint;

import io.wattflow.record.LoadEvent;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The edge detector judges a level by three observations after a median of three (session 22, the
 * rule of the independent truth issue 23 scores against): what it no longer takes for a switching, and
 * what it still does.
 */
class EdgeObservationsTest {
    private static final long T0 = 1_700_000_000_000L;

    /** A 4 s meter at 400 W (noise 3 W) that holds 1,400 W for {@code held} readings from reading 20. */
    private static List<LoadEvent> heldFor(int held) {
        SplittableRandom rng = new SplittableRandom(7);
        double[] w = new double[60];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i >= 20 && i < 20 + held ? 1_400 : 400) + rng.nextGaussian() * 3;
        }
        return CadenceTest.detect("edge", CadenceTest.times(w.length, 4_000), w);
    }

    @Test
    void aLevelHeldForTwoReadingsIsNoSwitchingAndOneHeldForThreeIs() {
        assertThat(heldFor(1)).as("one reading: a blip the median removes").isEmpty();
        assertThat(heldFor(2)).as("two readings: not steady (the duration rule of before took it: 8 s, two values)").isEmpty();
        List<LoadEvent> three = heldFor(3);
        assertThat(three).extracting(e -> (e.timestampMs - CadenceTest.T0) / 4_000).containsExactly(20L, 23L);
        assertThat(three.get(0).deltaActivePowerW).isCloseTo(1_000, within(10.0));
        assertThat(three.get(1).deltaActivePowerW).isCloseTo(-1_000, within(10.0));
    }

    @Test
    void aStrayReadingInsideALevelNeitherBreaksItNorMakesAnEvent() {
        SplittableRandom rng = new SplittableRandom(3);
        double[] w = new double[120];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i >= 30 && i < 90 ? 2_000 : 300) + rng.nextGaussian() * 4 + (i % 9 == 4 ? 400 : 0); // every 9th reading strays 400 W
        }
        List<LoadEvent> events = CadenceTest.detect("edge", CadenceTest.times(w.length, 1_000), w);
        assertThat(events).extracting(e -> (e.timestampMs - T0) / 1_000).containsExactly(30L, 90L);
    }

    @Test
    void theFilterIsWrittenOnlyWhenItHoldsObservationsAndSurvivesTheRoundTrip() throws Exception {
        EdgeState durationRule = new EdgeState();
        new SteadyStateEdgeDetector(20, 0, 3_000, 30).update(durationRule, T0, 500);
        EdgeState observations = new EdgeState();
        SteadyStateEdgeDetector detector = SteadyStateEdgeDetector.defaults();
        detector.update(observations, T0, 500);
        detector.update(observations, T0 + 1_000, 510);
        int without = write(durationRule).length;
        byte[] with = write(observations);
        assertThat(without).as("framed; no transition under way: nothing written for it").isBetween(30, 35);
        assertThat(with.length - without).as("two readings by their digits, two times as distances").isBetween(8, 12);
        DataInputDeserializer in = new DataInputDeserializer(with);
        EdgeState read = EdgeStateSerializer.INSTANCE.deserialize(in);
        assertThat(read).usingRecursiveComparison().isEqualTo(observations);
        for (int i = 2; i < 44; i++) {
            detector.update(observations, T0 + i * 1_000L, (i < 40 ? 500 : 1_510.25) + i % 3);
        }
        assertThat(observations.transitionStartMs).as("a transition under way").isNotEqualTo(Long.MIN_VALUE);
        assertThat(EdgeStateSerializer.INSTANCE.deserialize(new DataInputDeserializer(write(observations))))
                .usingRecursiveComparison().isEqualTo(observations);
        assertThatThrownBy(() -> SteadyStateEdgeDetector.observations(20, 0, 3_000, 6_000, 30)).hasMessageContaining("at least one observation");
    }

    @Test
    void aValueWrittenBeforeTheCompactLayoutReadsAsItWasWritten() throws Exception {
        EdgeState s = new EdgeState();
        SteadyStateEdgeDetector detector = SteadyStateEdgeDetector.defaults();
        SplittableRandom rng = new SplittableRandom(2);
        for (int i = 0; i < 40; i++) {
            detector.update(s, T0 + i * 1_000L, Math.round(((i < 25 ? 300 : 1_300) + rng.nextGaussian() * 3) * 10) / 10.0); // tenths, as a Shelly sends
        }
        assertThat(s.observations).isNotNull();
        DataOutputSerializer old = new DataOutputSerializer(96);
        old.writeByte((s.haveSteady ? 1 : 0) | (s.segmentIsSteady ? 2 : 0) | (s.segmentVaried ? 4 : 0) | 8); // until December 2026
        old.writeDouble(s.segmentMean);
        old.writeByte(s.segmentCount);
        old.writeLong(s.segmentStartMs);
        old.writeDouble(s.steadyLevel);
        old.writeLong(s.transitionStartMs);
        old.writeByte(s.observations.seen); // the median filter as it was written until December 2026
        old.writeDouble(s.observations.older);
        old.writeDouble(s.observations.newest);
        old.writeLong(s.observations.newestMs);
        old.writeLong(s.observations.countedMs);
        DataOutputSerializer framed = new DataOutputSerializer(96);
        framed.writeInt(old.length());
        framed.write(old.getSharedBuffer(), 0, old.length());
        EdgeState back = EdgeStateSerializer.INSTANCE.deserialize(new DataInputDeserializer(framed.getCopyOfBuffer()));
        assertThat(back).usingRecursiveComparison().isEqualTo(s);
        assertThat(write(back).length).as("written again, smaller").isLessThan(framed.length() - 20);
    }

    private static byte[] write(EdgeState s) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        EdgeStateSerializer.INSTANCE.serialize(s, out);
        return out.getCopyOfBuffer();
    }
}
