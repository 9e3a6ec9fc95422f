package io.wattflow.jobs.eval.generic;

import io.wattflow.operators.changepoint.GenericChangepoints;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GenericEvaluationTest {
    @Test
    void theSetsAreReproducibleAndTheDevelopmentAndTestSeriesDiffer() {
        List<GenericSeries> a = GenericSeries.set(GenericEvaluation.DEV_SEED, 3);
        List<GenericSeries> b = GenericSeries.set(GenericEvaluation.DEV_SEED, 3);
        List<GenericSeries> test = GenericSeries.set(GenericEvaluation.TEST_SEED, 3);
        assertThat(a).hasSize(3 * GenericSeries.Family.values().length);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).values).isEqualTo(b.get(i).values);
            assertThat(a.get(i).changes).isEqualTo(b.get(i).changes);
            assertThat(test.get(i).values).isNotEqualTo(a.get(i).values);
            assertThat(a.get(i).changes.get(0)).isZero();
        }
        assertThat(a.stream().filter(s -> s.family == GenericSeries.Family.NONE)).allSatisfy(s -> assertThat(s.changes).containsExactly(0));
    }

    @Test
    void theDetectorsFindTheSameChangesWhateverTheUnit() {
        GenericSeries s = GenericSeries.of(GenericSeries.Family.MEAN, 42);
        double[] other = new double[s.values.length];
        for (int i = 0; i < other.length; i++) {
            other[i] = 1e6 * s.values[i] - 3e9;
        }
        for (String name : List.of("edge", "cusum", "bocpd")) {
            List<Integer> found = GenericChangepoints.changes(GenericChangepoints.detector(name), s.values);
            assertThat(GenericChangepoints.changes(GenericChangepoints.detector(name), other)).as(name).isEqualTo(found);
        }
    }

    @Test
    void theShippedBocpdBeatsNoChangepointsOnMeanShiftsOfTheTestSet() {
        List<GenericSeries> test = GenericSeries.set(GenericEvaluation.TEST_SEED, 10).stream()
                .filter(s -> s.family == GenericSeries.Family.MEAN).toList();
        var none = GenericEvaluation.score(new GenericEvaluation.Method("none", v -> List.of()), test);
        var bocpd = GenericEvaluation.score(GenericEvaluation.generic("bocpd", () -> GenericChangepoints.detector("bocpd")), test);
        assertThat(bocpd.f1()).isGreaterThan(0.85).isGreaterThan(none.f1() + 0.3);
        assertThat(bocpd.cover()).isGreaterThan(0.85);
    }
}
