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
}
