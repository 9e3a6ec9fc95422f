package io.wattflow.operators.nilm;

import io.wattflow.record.ApplianceActivation;
import io.wattflow.record.ApplianceEnergyDaily;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static io.wattflow.operators.nilm.TestModels.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ApplianceLedgerTest {
    static final long T0 = Instant.parse("2024-03-01T22:00:00Z").toEpochMilli();

    final List<ApplianceActivation> activations = new ArrayList<>();
    final List<ApplianceEnergyDaily> days = new ArrayList<>();
    final ApplianceLedger.Books books = new ApplianceLedger.Books() {
        @Override
        public void activation(ApplianceActivation a) {
            activations.add(a);
        }

        @Override
        public void day(ApplianceEnergyDaily d) {
            days.add(d);
        }
    };

    /** Books minutes from T0: measured W, kettle W, dishwasher W. */
    void book(ApplianceLedger ledger, NilmState s, int fromMinute, float[] measured, float[] kettle, float[] dishwasher) {
        book(ledger, s, fromMinute, measured, kettle, dishwasher, "0.1.0");
    }

    void book(ApplianceLedger ledger, NilmState s, int fromMinute, float[] measured, float[] kettle, float[] dishwasher, String version) {
        for (int i = 0; i < measured.length; i++) {
            ledger.minute("m", s, T0 + (fromMinute + i) * MINUTE, measured[i], new float[] {kettle[i], dishwasher[i]},
                    new float[] {kettle[i] > 0 ? 0.9f : 0.1f, dishwasher[i] > 0 ? 0.8f : 0.1f}, version, books);
        }
    }

    @Test
    void activationsBridgeShortOffGapsAndDropRunsShorterThanTheMinimum() {
        ApplianceLedger ledger = new ApplianceLedger(TestModels.spec(), ZoneOffset.UTC);
        NilmState s = new NilmState(2);
        //                        0     1     2     3    4    5    6    7    8    9   10   11
        float[] kettle =        {0, 2000, 3000,    0,   0,   0,   0,   0,   0,   0, 1500,  0};
        float[] dishwasher =    {0,    0,    0, 2000,   5, 2000, 2000,   0,   0, 100,    0,  0};
        float[] measured = new float[12];
        for (int i = 0; i < 12; i++) {
            measured[i] = 200 + kettle[i] + dishwasher[i];
        }
        book(ledger, s, 0, measured, kettle, dishwasher);

        assertThat(activations).extracting(a -> a.appliance).containsExactly("kettle", "dishwasher", "kettle");
        ApplianceActivation k = activations.get(0);
        assertThat(k.startMs).isEqualTo(T0 + MINUTE);
        assertThat(k.endMs).isEqualTo(T0 + 3 * MINUTE);
        assertThat(k.energyWh).isCloseTo((2000 + 3000) / 60.0, within(1e-6));
        assertThat(k.peakW).isEqualTo(3000);
        assertThat(k.confidence).isCloseTo(0.9, within(1e-6));
        assertThat(k.model).isEqualTo("nilm-test");
        assertThat(k.modelVersion).isEqualTo("0.1.0");
        ApplianceActivation d = activations.get(1);
        assertThat(d.startMs).as("5 W is OFF, but one OFF minute is shorter than the 2-minute minimum: one run").isEqualTo(T0 + 3 * MINUTE);
        assertThat(d.endMs).isEqualTo(T0 + 7 * MINUTE);
        // The dishwasher minute at 9 is ON for one minute only (< 3): dropped when it ends, 2 OFF minutes later.
        assertThat(activations.get(2).startMs).isEqualTo(T0 + 10 * MINUTE);

        ledger.minute("m", s, T0 + 5 * MINUTE, 9999, new float[] {9999, 0}, new float[] {1, 0}, "0.1.0", books);
        assertThat(s.nextMinuteMs).as("a minute booked before is ignored").isEqualTo(T0 + 12 * MINUTE);
    }

    @Test
    void eachLocalDayHasARowPerApplianceAndOtherThatAddUpToTheMeasuredEnergy() {
        ZoneId zurich = ZoneId.of("Europe/Zurich");
        ApplianceLedger ledger = new ApplianceLedger(TestModels.spec(), zurich);
        NilmState s = new NilmState(2);
        // 22:00 UTC is 23:00 in Zurich: 60 minutes of the 1st, then the 2nd begins.
        int n = 120;
        float[] measured = new float[n];
        float[] kettle = new float[n];
        float[] dishwasher = new float[n];
        for (int i = 0; i < n; i++) {
            measured[i] = 600;
            kettle[i] = i % 30 == 0 ? 400 : 0;
            dishwasher[i] = i >= 90 ? 100 : 0;
        }
        book(ledger, s, 0, measured, kettle, dishwasher);
        assertThat(days).as("the 1st closes when the 2nd's first minute comes").hasSize(3);
        ledger.closeAll("m", s, books);
        assertThat(days).hasSize(6);

        ApplianceEnergyDaily first = days.get(0);
        assertThat(first.dayStartMs).isEqualTo(Instant.parse("2024-02-29T23:00:00Z").toEpochMilli());
        assertThat(first.minutes).isEqualTo(60);
        for (int day = 0; day < 2; day++) {
            List<ApplianceEnergyDaily> rows = days.subList(3 * day, 3 * day + 3);
            assertThat(rows).extracting(r -> r.appliance).containsExactly("kettle", "dishwasher", ApplianceEnergyDaily.OTHER);
            double measuredKwh = rows.get(0).measuredKwh;
            assertThat(measuredKwh).isCloseTo(0.6, within(1e-6));
            assertThat(rows.stream().mapToDouble(r -> r.kwh).sum()).isCloseTo(measuredKwh, within(1e-9));
            assertThat(rows.stream().mapToDouble(r -> r.share).sum()).isCloseTo(1.0, within(1e-9));
        }
        assertThat(days.get(0).kwh).as("kettle minutes 0 and 30").isCloseTo(2 * 400 / 60.0 / 1000, within(1e-9));
        assertThat(days.get(4).kwh).as("dishwasher minutes 90-119").isCloseTo(30 * 100 / 60.0 / 1000, within(1e-9));
    }

    @Test
    void rowsCarryTheVersionsThatEstimatedTheirMinutes() {
        ApplianceLedger ledger = new ApplianceLedger(TestModels.spec(), ZoneOffset.UTC);
        NilmState s = new NilmState(2);
        float[] measured = {3000, 3000, 200, 200};
        float[] kettle = {2800, 2800, 0, 0};
        float[] none = new float[4];
        // 22:00-22:04 UTC on version 1, a kettle; then 23:58 to 00:02 on version 2: the day switched in.
        book(ledger, s, 0, measured, kettle, none, "1");
        book(ledger, s, 118, measured, kettle, none, "2");
        ledger.closeAll("m", s, books);
        assertThat(activations).extracting(a -> a.modelVersion).containsExactly("1", "2");
        assertThat(days).extracting(d -> d.modelVersion).containsExactly("1+2", "1+2", "1+2", "2", "2", "2");
    }
}
