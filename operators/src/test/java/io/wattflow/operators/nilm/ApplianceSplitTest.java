package io.wattflow.operators.nilm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ApplianceSplitTest {

    @Test
    void noApplianceExceedsTheMeterAndAppliancesPlusOtherAddUpToIt() {
        float[] measured = {500, 3000, 100, -5, 2000};
        // [power][appliance][step] then probabilities (unused by the split)
        float[] out = new float[2 * 2 * 5];
        float[] kettle = {0, 2800, 400, 50, 1500};
        float[] dishwasher = {100, 0, 0, 0, 1500};
        System.arraycopy(kettle, 0, out, 0, 5);
        System.arraycopy(dishwasher, 0, out, 5, 5);
        out[6] = Float.NaN;

        float[] watts = new float[10];
        float[] other = new float[5];
        ApplianceSplit.split(measured, out, 2, watts, other);

        for (int t = 0; t < 5; t++) {
            float m = Math.max(0, measured[t]);
            assertThat(watts[t]).isBetween(0f, m);
            assertThat(watts[5 + t]).isBetween(0f, m);
            assertThat(watts[t] + watts[5 + t] + other[t]).as("step %d adds up", t).isCloseTo(m, within(1e-3f));
        }
        assertThat(watts[1]).as("under the meter: untouched").isEqualTo(2800f);
        assertThat(other[1]).isEqualTo(200f);
        assertThat(watts[2]).as("a kettle bigger than the whole house is cut to it").isEqualTo(100f);
        assertThat(watts[3]).as("a meter reading below zero leaves nothing to split").isZero();
        assertThat(watts[4]).as("together over the meter: both scaled alike").isEqualTo(1000f);
        assertThat(watts[9]).isEqualTo(1000f);
        assertThat(watts[6]).as("NaN from a model is nothing").isZero();
    }
}
