package io.wattflow.operators.changepoint;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SeriesScaleTest {
    @Test
    void theNoiseIsMeasuredThroughTheChangesNotFromThem() {
        Random r = new Random(1);
        double[] v = new double[2000];
        for (int i = 0; i < v.length; i++) {
            // four levels 0, 50, 10, 80 of 500 samples each, Gaussian noise of SD 2
            double level = new double[] {0, 50, 10, 80}[i / 500];
            v[i] = level + 2 * r.nextGaussian();
        }
        SeriesScale s = SeriesScale.of(v);
        assertThat(s.noise).as("the series' own SD is about 30").isCloseTo(2, within(0.15));
        double[] z = s.standardise(v);
        assertThat(z[1200]).isCloseTo((v[1200] - s.median) / s.noise, within(1e-12));
    }

    @Test
    void aSteppedOrConstantSeriesStillGetsAScale() {
        double[] steps = new double[100];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = i % 10 == 0 ? 5 : 0;  // mostly repeated values: the MAD of differences is 0
        }
        assertThat(SeriesScale.of(steps).noise).isGreaterThan(0);
        assertThat(SeriesScale.of(new double[] {3, 3, 3, 3}).noise).isEqualTo(1);
        assertThatThrownBy(() -> SeriesScale.of(new double[] {1, 2})).hasMessageContaining("at least 3 values");
    }
}
