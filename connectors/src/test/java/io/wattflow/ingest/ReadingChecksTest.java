package io.wattflow.ingest;

import io.wattflow.record.DeadLetterReason;
import io.wattflow.record.MeterReading;
import io.wattflow.record.PhaseValues;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A non-finite number anywhere in a reading, totals or any phase, refuses it; absent values do not. */
class ReadingChecksTest {
    private static final long NOW = 1_700_000_000_000L;

    @Test
    void aNonFiniteNumberInAnyMeasuredFieldRefusesTheReading() throws Exception {
        assertThat(ReadingChecks.check(full(), ValidationConfig.defaults(), NOW)).as("the full reading is valid").isNull();
        List<String> fields = new ArrayList<>();
        for (Field total : MeterReading.class.getFields()) {
            if (total.getType() == Double.class || total.getType() == double.class) {
                for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                    MeterReading r = full();
                    total.set(r, bad);
                    assertThat(ReadingChecks.check(r, ValidationConfig.defaults(), NOW)).as(total.getName() + " = " + bad)
                            .isEqualTo(DeadLetterReason.INVALID_NUMBER);
                }
                fields.add(total.getName());
            }
        }
        for (String phase : new String[] {"phaseA", "phaseB", "phaseC"}) {
            for (Field value : PhaseValues.class.getFields()) {
                MeterReading r = full();
                value.set(MeterReading.class.getField(phase).get(r), Double.NaN);
                assertThat(ReadingChecks.check(r, ValidationConfig.defaults(), NOW)).as(phase + "." + value.getName())
                        .isEqualTo(DeadLetterReason.INVALID_NUMBER);
                fields.add(phase + "." + value.getName());
            }
        }
        assertThat(fields).as("every measured field was tried").hasSize(7 + 3 * 6);
    }

    @Test
    void valuesNotMeasuredAreNotInvalid() {
        MeterReading r = new MeterReading();
        r.meterId = "m-1";
        r.timestampMs = NOW - 1000;
        r.activePowerW = 120;
        r.phaseB = new PhaseValues();
        assertThat(ReadingChecks.check(r, ValidationConfig.defaults(), NOW)).isNull();
    }

    private static MeterReading full() {
        MeterReading r = new MeterReading();
        r.meterId = "m-1";
        r.timestampMs = NOW - 1000;
        r.activePowerW = 300;
        r.reactivePowerVar = 20.0;
        r.apparentPowerVa = 310.0;
        r.voltageV = 230.0;
        r.currentA = 1.3;
        r.powerFactor = 0.97;
        r.frequencyHz = 50.0;
        r.phaseA = phase();
        r.phaseB = phase();
        r.phaseC = phase();
        return r;
    }

    private static PhaseValues phase() {
        PhaseValues p = new PhaseValues();
        p.activePowerW = 100.0;
        p.reactivePowerVar = 7.0;
        p.apparentPowerVa = 103.0;
        p.voltageV = 230.0;
        p.currentA = 0.45;
        p.powerFactor = 0.97;
        return p;
    }
}
