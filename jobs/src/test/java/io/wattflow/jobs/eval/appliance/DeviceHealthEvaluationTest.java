package io.wattflow.jobs.eval.appliance;

import io.wattflow.record.MeterReading;
import io.wattflow.replay.ChannelSample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceHealthEvaluationTest {
    /** 10 s readings: the fridge (channel 0) on at 100 W for 10 readings, off for 20, and so on; 50 W of other loads. */
    static DeviceHealthEvaluation.House house() {
        List<ChannelSample> samples = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            double fridge = i % 30 < 10 ? 100 : 0;
            samples.add(new ChannelSample(new MeterReading("h", i * 10_000L, 50 + fridge), new double[] {fridge}));
        }
        return new DeviceHealthEvaluation.House(samples, 0);
    }

    static int onSamples(double[] watts, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n += watts[i] > 100 ? 1 : 0;
        }
        return n;
    }

    @Test
    void eachDriftChangesTheFridgeInTheAggregateFromItsStartOnly() {
        DeviceHealthEvaluation.House h = house();
        double[][] none = DeviceHealthEvaluation.series(h, DeviceHealthEvaluation.Drift.NONE, 0);
        double[][] longer = DeviceHealthEvaluation.series(h, DeviceHealthEvaluation.Drift.LONGER_CYCLES, 0);
        double[][] shorter = DeviceHealthEvaluation.series(h, DeviceHealthEvaluation.Drift.SHORT_CYCLES, 0);
        double[][] hungrier = DeviceHealthEvaluation.series(h, DeviceHealthEvaluation.Drift.MORE_POWER, 0);
        assertThat(none[1]).hasSize(300 * DeviceHealthEvaluation.REPEATS);
        assertThat(onSamples(none[1], 0, 30)).isEqualTo(10);
        assertThat(onSamples(longer[1], 0, 30)).isEqualTo(14);
        assertThat(onSamples(shorter[1], 0, 30)).isEqualTo(9);  // 10 on, one reading paused in the middle
        assertThat(shorter[1][5]).isEqualTo(50);
        assertThat(hungrier[1][0]).isEqualTo(175);
        // The repeats follow each other without a gap.
        assertThat(none[0][300] - none[0][299]).isEqualTo(3_000);
        // A drift from a later day leaves the days before it alone.
        double[][] late = DeviceHealthEvaluation.series(h, DeviceHealthEvaluation.Drift.LONGER_CYCLES, 1);
        assertThat(late[1]).isEqualTo(none[1]);
    }

    @Test
    void aRealHouseGetsTheFridgeOfTheSameTimeFromItsStartRepeatedAtItsOwnReadings() {
        DeviceHealthEvaluation.House h = house();  // the second repeat starts at 2,993 s (2,990 s and a 3 s step)
        long[] times = new long[1_200];
        double[] watts = new double[times.length];
        for (int i = 0; i < times.length; i++) {
            times[i] = 1_000_000L + i * 5_000L;  // every 5 s for 6,000 s: two repeats of the fridge
            watts[i] = 7;
        }
        DeviceHealthEvaluation.Background b = new DeviceHealthEvaluation.Background("b", times, watts);
        double[][] none = DeviceHealthEvaluation.withFridge(b, h, DeviceHealthEvaluation.Drift.NONE, 0);
        assertThat(none[0][0]).isEqualTo(1_000_000.0);
        assertThat(none[1][0]).isEqualTo(107);       // 0 s: the fridge's first sample, on
        assertThat(none[1][19]).isEqualTo(107);      // 95 s: its sample at 90 s, on
        assertThat(none[1][21]).isEqualTo(7);        // 105 s: its sample at 100 s, off
        assertThat(none[1][601]).isEqualTo(107);     // 3,005 s: the second repeat's first sample, at 2,993 s
        assertThat(DeviceHealthEvaluation.withFridge(b, h, DeviceHealthEvaluation.Drift.MORE_POWER, 0)[1][601]).isEqualTo(132);
        // A drift from a day after the house's readings changes nothing.
        assertThat(DeviceHealthEvaluation.withFridge(b, h, DeviceHealthEvaluation.Drift.MORE_POWER, 1)[1]).isEqualTo(none[1]);
    }

    @Test
    void aMinuteMeterGetsTheFridgesMeanOverEachMinute() {
        DeviceHealthEvaluation.House h = house();
        long[] times = new long[50];
        double[] watts = new double[times.length];
        for (int i = 0; i < times.length; i++) {
            times[i] = i * 60_000L;
            watts[i] = 7;
        }
        double[][] minutes = DeviceHealthEvaluation.withFridge(new DeviceHealthEvaluation.Background("m", times, watts), h,
                DeviceHealthEvaluation.Drift.NONE, 0);
        assertThat(minutes[1][1]).isEqualTo(107);  // 10..60 s: on
        assertThat(minutes[1][2]).isEqualTo(57);   // 70..120 s: three samples on, three off
        assertThat(minutes[1][3]).isEqualTo(7);    // 130..180 s: off
    }
}
