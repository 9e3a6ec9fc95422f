package io.wattflow.jobs.eval.generic;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ChangepointScoreTest {
    @Test
    void f1CountsIndexZeroInBothSetsAndEachTrueChangeOnce() {
        // truth {0, 100, 200}; predicted {0, 98, 103, 300}: 98 hits 100, 103 finds it taken, 300 is false
        double[] prf = ChangepointScore.f1(List.of(100, 200), List.of(98, 103, 300), 5);
        assertThat(prf[0]).isEqualTo(2 / 4.0, within(1e-12));
        assertThat(prf[1]).isEqualTo(2 / 3.0, within(1e-12));
        assertThat(prf[2]).isEqualTo(2 * 0.5 * (2 / 3.0) / (0.5 + 2 / 3.0), within(1e-12));
        assertThat(ChangepointScore.f1(List.of(100), List.of(106), 5)[1]).as("6 samples off is a miss").isEqualTo(0.5);
        assertThat(ChangepointScore.f1(List.of(), List.of(), 5)[2]).as("no change, none found").isEqualTo(1.0);
        assertThat(ChangepointScore.f1(List.of(100), List.of(), 5)[2]).as("'no changepoints' on one change").isEqualTo(2 / 3.0, within(1e-12));
    }

    @Test
    void coverWeighsEachTrueSegmentsBestOverlapByItsLength() {
        assertThat(ChangepointScore.cover(List.of(50), List.of(50), 100)).isEqualTo(1.0);
        // truth [0,50) [50,100); predicted one segment [0,100): each true segment overlaps it by 50/100
        assertThat(ChangepointScore.cover(List.of(50), List.of(), 100)).isEqualTo(0.5, within(1e-12));
        // predicted [0,40) [40,100): [0,50) best 40/50, [50,100) best 50/60
        assertThat(ChangepointScore.cover(List.of(50), List.of(40), 100))
                .isEqualTo((50 * 0.8 + 50 * (50 / 60.0)) / 100, within(1e-12));
    }
}
