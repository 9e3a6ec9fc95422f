package io.wattflow.operators.changepoint;

import io.wattflow.record.LoadEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * CUSUM holds a power change for two observations before reporting it (session 23): a level of two
 * readings (a compressor's decaying start, a flicker) made it alarm up and then down, two events the
 * strict truth never counts, while a level that lasts is still one event of its size.
 */
class CusumConfirmationTest {
    private static final long T0 = 1_700_000_000_000L;

    /** Every 3 s: 200 W, with {@code readings} readings of 600 W from reading 20 on. */
    private static List<LoadEvent> excursion(int readings) {
        double[] w = new double[60];
        long[] t = new long[w.length];
        for (int i = 0; i < w.length; i++) {
            t[i] = T0 + i * 3_000L;
            w[i] = (i >= 20 && i < 20 + readings ? 600 : 200) + (i % 3) * 0.5;
        }
        return CadenceTest.detect("cusum", t, w);
    }

    @Test
    void aLevelOfTwoReadingsThatComesBackIsNoChange() {
        assertThat(excursion(2)).isEmpty();
    }

    @Test
    void aLevelThatLastsIsAnOnAndAnOff() {
        List<LoadEvent> events = excursion(5);
        assertThat(events).extracting(e -> (e.timestampMs - T0) / 3_000).containsExactly(20L, 25L);
        assertThat(events.get(0).deltaActivePowerW).isCloseTo(400, within(5.0));
        assertThat(events.get(1).deltaActivePowerW).isCloseTo(-400, within(5.0));
    }

    /** The detector alone: nothing while the change is held, the change (at its own time) at the second observation after its alarm. */
    @Test
    void aChangeIsReportedTwoObservationsAfterItsAlarm() {
        CusumDetector cusum = (CusumDetector) ChangeDetectors.create("cusum", 30);
        CusumState s = cusum.newState();
        List<Long> reportedAt = new ArrayList<>();
        List<Long> changeAt = new ArrayList<>();
        long alarmAt = -1;
        for (int i = 0; i < 40; i++) {
            Detection d = cusum.update(s, T0 + i * 3_000L, (i >= 20 ? 900 : 100) + (i % 3) * 0.5);
            if (d != null) {
                reportedAt.add((long) i);
                changeAt.add((d.changeMs - T0) / 3_000);
            }
            if (alarmAt < 0 && s.pending != null) {
                alarmAt = i;
            }
        }
        assertThat(changeAt).containsExactly(20L);
        assertThat(alarmAt).as("the median passes reading 20 on at 21, where the sum alarms").isEqualTo(21);
        assertThat(reportedAt).containsExactly(alarmAt + CusumDetector.CONFIRM_OBSERVATIONS);
        assertThat(s.pending).isNull();
    }

    @Test
    void aStepAfterALevelLearntDuringADecayIsPlacedWhereItHappened() {
        // REDD house 5's dishwasher at 3-4 s: after a -390 W switching the draw decays for a few readings
        // (1077, 1060, 1061, 1060), from which CUSUM learns its new level, then sits at about 1027 W: 37 W
        // below, within the drift, so the lower sum creeps a few watts above zero for a minute. A -139 W
        // step then alarmed with its start where the sum first left zero, 64 s early (a false event and a miss).
        List<Long> times = new ArrayList<>();
        List<Double> watts = new ArrayList<>();
        long t = T0;
        for (int i = 0; i < 30; i++, t += 3_600) {
            times.add(t);
            watts.add(1442.0 + (i % 2));
        }
        for (double w : new double[] {1077, 1060, 1061, 1060}) {
            times.add(t);
            watts.add(w);
            t += 3_600;
        }
        for (int i = 0; i < 18; i++, t += 3_600) {
            times.add(t);
            watts.add(1027.0 + (i % 3) - 1);
        }
        long step = t;
        for (int i = 0; i < 20; i++, t += 3_600) {
            times.add(t);
            watts.add(888.0 + (i % 2));
        }
        long[] ts = times.stream().mapToLong(Long::longValue).toArray();
        double[] ws = watts.stream().mapToDouble(Double::doubleValue).toArray();
        List<LoadEvent> events = CadenceTest.detect("cusum", ts, ws);
        assertThat(events).hasSize(2);
        assertThat(events.get(1).deltaActivePowerW).isCloseTo(-139, within(10.0));
        assertThat(events.get(1).timestampMs - step).as("within a reading of the step").isBetween(-3_600L, 3_600L);
    }
}
