package io.wattflow.operators.changepoint;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** BOCPD's power settings weigh a new level's samples by the time they cover, not by their count. */
class BocpdCadenceTest {
    /**
     * A 66 W drop on a level that wanders by 25 W over tens of samples (a house's other loads): the old
     * run's spread holds much of the step, so a new level needs evidence of its own (REDD house 5 at
     * 3-4 s: the per-sample prior reported such steps 20-40 s late).
     */
    private static final double[] DROP = drop();

    private static double[] drop() {
        SplittableRandom rng = new SplittableRandom(3);
        double[] w = new double[200];
        for (int s = 0; s < w.length; s++) {
            w[s] = (s < 100 ? 586 : 520) + 25 * Math.sin(s / 7.0) + rng.nextGaussian() * 3;
        }
        return w;
    }

    /** Samples after the step's first sample at which the step is reported, -1 when it is not. */
    private static int reportedAfter(BocpdDetector bocpd, long stepMs) {
        BocpdState s = bocpd.newState();
        long[] t = CadenceTest.times(DROP.length, stepMs);
        for (int i = 0; i < DROP.length; i++) {
            Detection d = bocpd.update(s, t[i], DROP[i]);
            if (d != null && d.changeMs == t[100]) {
                return i - 100;
            }
        }
        return -1;
    }

    @Test
    void aStepAtAFewSecondsCadenceIsReportedAsSoonInTimeAsAt1Hz() {
        BocpdDetector power = (BocpdDetector) ChangeDetectors.create("bocpd", 30);
        BocpdDetector perSample = new BocpdDetector(100, 40, 0.01, 1e-5, 32, 10_000);
        assertThat(reportedAfter(power, 1_000)).as("at 1 Hz the prior is the per-sample one")
                .isEqualTo(reportedAfter(perSample, 1_000)).isEqualTo(5);
        assertThat(reportedAfter(perSample, 3_600)).as("per sample, 3.6 s apart: as many samples, 18 s").isEqualTo(5);
        // Per second, 3.6 s apart: the new level wins at its first sample, and the 3 s of confirmation are one sample.
        assertThat(reportedAfter(power, 3_600)).as("per second, 3.6 s apart").isEqualTo(1);
    }

    @Test
    void aStateWrittenBeforeThePeriodWasKeptReadsWithNone() throws IOException {
        BocpdDetector bocpd = (BocpdDetector) ChangeDetectors.create("bocpd", 30);
        BocpdState s = bocpd.newState();
        long[] t = CadenceTest.times(20, 3_600);
        for (int i = 0; i < t.length; i++) {
            bocpd.update(s, t[i], DROP[i]);
        }
        assertThat(s.periodMs).isEqualTo(3_600f);
        DataOutputSerializer out = new DataOutputSerializer(512);
        BocpdStateSerializer.INSTANCE.serialize(s, out);
        // The older layout: the same bytes without the last two fields (a long and a float), shorter by 12.
        byte[] bytes = out.getCopyOfBuffer();
        DataOutputSerializer old = new DataOutputSerializer(512);
        old.writeInt(bytes.length - 4 - 12);
        old.write(bytes, 4, bytes.length - 4 - 12);
        BocpdState back = BocpdStateSerializer.INSTANCE.deserialize(new DataInputDeserializer(old.getCopyOfBuffer()));
        assertThat(back.previousMs).isEqualTo(Long.MIN_VALUE);
        assertThat(back.periodMs).isNaN();
        assertThat(back.size).isEqualTo(s.size);
        assertThat(back.mean).startsWith(java.util.Arrays.copyOf(s.mean, s.size));
        // And it goes on: the period is learnt again from the next samples.
        bocpd.update(back, t[t.length - 1] + 3_600, DROP[20]);
        bocpd.update(back, t[t.length - 1] + 7_200, DROP[21]);
        assertThat(back.periodMs).isEqualTo(3_600f);
    }
}
