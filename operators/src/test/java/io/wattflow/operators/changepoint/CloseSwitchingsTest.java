package io.wattflow.operators.changepoint;

import io.wattflow.record.LoadEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Switchings a few samples apart, as on a busy house: each its own event of its own size. */
class CloseSwitchingsTest {
    private static final long T0 = CadenceTest.T0;

    /** {@code n} samples {@code stepMs} apart at {@code base} W with 4 W of noise, plus {start sample, delta W} steps. */
    private static double[] watts(int n, double base, int[][] steps) {
        SplittableRandom rng = new SplittableRandom(7);
        double[] w = new double[n];
        for (int s = 0; s < n; s++) {
            double v = base;
            for (int[] step : steps) {
                v += s >= step[0] ? step[1] : 0;
            }
            w[s] = v + rng.nextGaussian() * 4;
        }
        return w;
    }

    /**
     * A kettle switched on 13 s after another load, that load's level held in between (the lab has a kettle
     * 12 s after a vacuum cleaner): CUSUM and BOCPD took the second detection for the first load's soft start
     * going on and reported one event of both steps.
     */
    @ParameterizedTest
    @ValueSource(strings = {"cusum", "bocpd"})
    void aSecondSwitchingInTheSameDirectionAfterAHeldLevelIsItsOwnEvent(String detector) {
        double[] w = watts(200, 150, new int[][] {{60, 1900}, {73, 2100}, {150, -4000}});
        List<LoadEvent> events = CadenceTest.detect(detector, CadenceTest.times(200, 1000), w);
        assertThat(events).extracting(e -> (e.timestampMs - T0) / 1000).containsExactly(60L, 73L, 150L);
        assertThat(events.get(0).deltaActivePowerW).isCloseTo(1900, within(30.0));
        assertThat(events.get(1).deltaActivePowerW).isCloseTo(2100, within(30.0));
    }

    /**
     * At a 3-4 s cadence (REDD's) a sample is 3.5 s: BOCPD placed a change on the last sample of the old
     * level (its new run began a sample early, explaining the first new sample by the old runs), and
     * that run's spread then held the step, so a small switching soon after went unseen inside it.
     */
    @Test
    void bocpdPlacesEachChangeOnTheFirstSampleOfTheNewLevel() {
        double[] w = watts(120, 500, new int[][] {{40, 120}, {44, -60}, {90, -60}});
        assertThat(bocpdChanges(w)).containsExactly(40L, 44L, 90L);
        assertThat(CadenceTest.detect("bocpd", CadenceTest.times(w.length, 3_500), w)).extracting(e -> (e.timestampMs - T0) / 3_500)
                .containsExactly(40L, 44L, 90L);
    }

    /** A second switching three samples (10.5 s) after the first, inside the wait before the first is reported: both. */
    @Test
    void bocpdReportsBothOfTwoSwitchingsInsideOneConfirmationWait() {
        double[] w = watts(120, 500, new int[][] {{40, 120}, {43, 700}, {90, -820}});
        assertThat(bocpdChanges(w)).containsExactly(40L, 43L, 90L);
    }

    /** The changes the power settings' BOCPD reports on samples 3.5 s apart, as sample numbers. */
    private static List<Long> bocpdChanges(double[] w) {
        BocpdDetector bocpd = (BocpdDetector) ChangeDetectors.create("bocpd", 30);
        BocpdState state = bocpd.newState();
        List<Long> changes = new ArrayList<>();
        long[] t = CadenceTest.times(w.length, 3_500);
        for (int s = 0; s < w.length; s++) {
            Detection d = bocpd.update(state, t[s], w[s]);
            if (d != null) {
                changes.add((d.changeMs - T0) / 3_500);
            }
        }
        return changes;
    }
}
