package io.wattflow.models;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * What the shipped disaggregation rule does with a made-up week: the baseload is the lowest quarter
 * hour of the seven nights (22:00-06:00), and no quarter hour of the last day gets more than the
 * largest excess over it in those nights, so a household peak by day is not counted as heat pump.
 */
class ShippedDisaggregationTest {
    private static final int DAY = 96;
    private static final int WEEK = 7 * DAY;
    private static final double BASE = 0.05;
    private static final double HEAT_PUMP = 0.4;

    private OnnxModel model;
    private ModelManifest.FeatureSpec energy;

    @BeforeEach
    void open() {
        model = OnnxModel.open(ModelFiles.load(ModelSource.classpath(), "heatpump-disaggregation"), 1);
        energy = model.manifest().features.get(0);
    }

    @AfterEach
    void close() {
        model.close();
    }

    @Test
    void aDaytimePeakAboveTheNightsHeatPumpIsCappedAtIt() {
        double[] kwh = week();
        for (int d = 0; d < 7; d++) {
            kwh[d * DAY + 23 * 4] = BASE + HEAT_PUMP;    // the heat pump at 23:00 every night
        }
        kwh[WEEK - DAY + 12 * 4] = BASE + 2.0;           // an oven at noon on the last day
        kwh[WEEK - DAY + 8 * 4] = BASE + 0.3;            // a kettle, smaller than the heat pump

        double[] estimate = run(kwh);
        assertThat(estimate[12 * 4]).isCloseTo(HEAT_PUMP, within(1e-4));
        assertThat(estimate[8 * 4]).isCloseTo(0.3, within(1e-4));
        assertThat(estimate[23 * 4]).isCloseTo(HEAT_PUMP, within(1e-4));
        assertThat(estimate[3 * 4]).isCloseTo(0.0, within(1e-4)); // the baseload is not heat pump
    }

    @Test
    void aWeekWithoutAnyNightExcessGivesNoHeatPump() {
        double[] kwh = week();
        kwh[WEEK - DAY + 12 * 4] = BASE + 2.0;
        assertThat(run(kwh)).containsExactly(new double[DAY], within(1e-4));
    }

    @Test
    void theBaseloadIsTheLowestNightQuarterOfTheWeekNotOfTheDay() {
        double[] kwh = week();
        for (int i = WEEK - DAY; i < WEEK; i++) {
            kwh[i] = BASE + HEAT_PUMP;                    // the heat pump runs all of the last day
        }
        double[] estimate = run(kwh);
        double[] allDay = new double[DAY];
        Arrays.fill(allDay, HEAT_PUMP);
        assertThat(estimate).containsExactly(allDay, within(1e-4));
    }

    private static double[] week() {
        double[] kwh = new double[WEEK];
        Arrays.fill(kwh, BASE);
        return kwh;
    }

    private double[] run(double[] kwh) {
        for (int i = 0; i < WEEK; i++) {
            model.input().put(i, energy.normalise(kwh[i]));
            model.input().put(WEEK + i, 0f);
        }
        float[] out = new float[DAY];
        model.run(1, out);
        double[] estimate = new double[DAY];
        for (int i = 0; i < DAY; i++) {
            estimate[i] = out[i];
        }
        return estimate;
    }
}
