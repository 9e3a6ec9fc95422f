package io.wattflow.operators.recognition;

import io.wattflow.record.ApplianceRun;
import io.wattflow.record.DeviceHealthAlert;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceHealthTest {
    static final long DAY = 86_400_000L;
    static final long T0 = 20_000 * DAY;

    /** A fridge: {@code perDay} cycles a day of {@code minutes} at {@code watts}, evenly spread; a kettle every morning. */
    static List<ApplianceRun> days(int from, int to, int perDay, double minutes, double watts) {
        List<ApplianceRun> out = new ArrayList<>();
        for (int d = from; d < to; d++) {
            for (int c = 0; c < perDay; c++) {
                long start = T0 + d * DAY + c * (DAY / perDay);
                out.add(RecognitionFunctionTest.run(start, watts, Math.round(minutes * 60_000), 20));
                if (c == 10) {
                    out.add(RecognitionFunctionTest.kettle(d));
                }
            }
        }
        out.sort((a, b) -> Long.compare(a.endMs, b.endMs));
        return out;
    }

    static List<DeviceHealthAlert> replay(List<ApplianceRun> runs) {
        RecognitionState s = new RecognitionState();
        List<DeviceHealthAlert> alerts = new ArrayList<>();
        for (ApplianceRun r : runs) {
            RunRecognizer.recognise(s, r);
            alerts.addAll(DeviceHealth.observe(s, r));
        }
        return alerts;
    }

    @Test
    void aHealthyFridgeRaisesNothingInTwoMonths() {
        assertThat(replay(days(0, 60, 36, 14, 120))).isEmpty();
    }

    @Test
    void aFridgeRunningLongerIsADutyCycleAlertWithinDaysExplained() {
        List<ApplianceRun> runs = days(0, 30, 36, 14, 120);
        runs.addAll(days(30, 40, 36, 20, 120));  // each cycle 43 % longer from day 30
        List<DeviceHealthAlert> alerts = replay(runs);
        assertThat(alerts).extracting(a -> a.kind).containsExactly(DeviceHealthAlert.DUTY_CYCLE_UP);
        DeviceHealthAlert a = alerts.get(0);
        long day = java.time.LocalDate.parse(a.day).toEpochDay() - 20_000;
        assertThat(day).isBetween(30L, 34L);
        assertThat(a.expected).isCloseTo(36 * 14 / 1440.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(a.explanation).startsWith("Your 120 W cycling appliance (a fridge or freezer, by the way it cycles) ran ")
                .contains("of the time over the last 7 days against 35 %");
    }

    @Test
    void shortCyclingAndAHungrierCompressorAreTheirOwnKinds() {
        List<ApplianceRun> shorter = days(0, 30, 36, 14, 120);
        shorter.addAll(days(30, 40, 80, 6, 120));
        assertThat(replay(shorter)).extracting(a -> a.kind).containsExactly(DeviceHealthAlert.SHORT_CYCLING);

        List<ApplianceRun> hungrier = days(0, 30, 36, 14, 120);
        hungrier.addAll(days(30, 40, 36, 14, 140));
        assertThat(replay(hungrier)).extracting(a -> a.kind).containsExactly(DeviceHealthAlert.ON_POWER_UP);
    }

    @Test
    void aRiseWithinTheDevicesOwnDayToDaySpreadIsNotAnAlert() {
        // The same third more of the time on: after steady days an alert, after days that swing (a load the
        // household uses, 20 or 52 cycles a day, as many on average) none: it is within how its days vary.
        List<ApplianceRun> steady = days(0, 30, 36, 14, 120);
        steady.addAll(days(30, 40, 48, 14, 120));
        assertThat(replay(steady)).extracting(a -> a.kind).containsExactly(DeviceHealthAlert.DUTY_CYCLE_UP);

        List<ApplianceRun> swinging = new ArrayList<>();
        for (int d = 0; d < 30; d++) {
            swinging.addAll(days(d, d + 1, d % 2 == 0 ? 20 : 52, 14, 120));
        }
        swinging.addAll(days(30, 40, 48, 14, 120));
        swinging.sort((a, b) -> Long.compare(a.endMs, b.endMs));
        assertThat(replay(swinging)).isEmpty();
    }
}
