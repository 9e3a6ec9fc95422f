package io.wattflow.jobs.eval.nilm;

import io.wattflow.models.ModelManifest;
import io.wattflow.record.ApplianceActivation;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class NilmEvaluationTest {
    static final Path FOLDS = NilmEvaluation.shippedFolds(Path.of(".."));

    static ModelManifest.ApplianceSpec kettle() {
        ModelManifest.ApplianceSpec a = new ModelManifest.ApplianceSpec();
        a.name = "kettle";
        a.onWatts = 2000;
        a.minOnMinutes = 1;
        a.minOffMinutes = 1;
        return a;
    }

    /** Scores made-up estimates whose every figure is known: the score's arithmetic, not a model. */
    @Test
    void scoresMinutesRunsAndDaysAsDefined() throws Exception {
        int n = 2 * 1440;
        float[] aggregate = new float[n];
        float[] truth = new float[n];
        Arrays.fill(aggregate, 300);
        // Day 1: the kettle at 3 kW in minutes 100-109; day 2 at 1500-1501.
        for (int i = 100; i < 110; i++) {
            truth[i] = 3000;
        }
        truth[1500] = 3000;
        truth[1501] = 3000;
        aggregate[5] = Float.NaN; // not measured: not scored
        NilmHouse house = new NilmHouse("h", 0, aggregate, new float[][] {truth});
        NilmEstimatesFixture est = new NilmEstimatesFixture(n);
        for (int i = 105; i < 115; i++) {
            est.watts[i] = 2500; // 5 minutes right, 5 minutes wrong
        }
        est.activation(105 * 60_000L);

        NilmScore s = NilmScore.of(house, 0, kettle(), est.build(), 10.0);
        assertThat(s.minutes).isEqualTo(n - 1);
        assertThat(s.runs).isEqualTo(2);
        assertThat(s.precision).isCloseTo(0.5, within(1e-9));
        assertThat(s.recall).isCloseTo(5 / 12.0, within(1e-9));
        assertThat(s.mae).isCloseTo((5 * 500 + 5 * 3000 + 5 * 2500 + 2 * 3000) / (double) (n - 1), within(1e-6));
        assertThat(s.maeAlwaysOff).isCloseTo(12 * 3000 / (double) (n - 1), within(1e-6));
        assertThat(s.maeMeanPower).isCloseTo((12 * 2990 + (n - 1 - 12) * 10) / (double) (n - 1), within(1e-6));
        assertThat(s.energyError).isCloseTo((10 * 2500 - 12 * 3000) / (12.0 * 3000), within(1e-9));
        assertThat(s.daysRun).isEqualTo(2);
        assertThat(s.dayPrecision).isEqualTo(1.0);
        assertThat(s.dayRecall).isEqualTo(0.5);
    }

    @Test
    void eachFoldIsScoredOnlyOnTheHouseItNeverSawAndBeatsAlwaysOffOnKettles() throws Exception {
        List<NilmHouse> houses = NilmHouse.recordings(NilmEvaluation.APPLIANCES);
        Assumptions.assumeTrue(houses.stream().anyMatch(h -> h.name.equals("ukdale-2")),
                "skipping: ../shared/datasets/uk-dale-refit-1min is not here");
        Assumptions.assumeTrue(Files.isDirectory(FOLDS), "skipping: no fold models at " + FOLDS);
        List<NilmScore> scores = NilmEvaluation.evaluate(houses, FOLDS);
        assertThat(scores).extracting(x -> x.house).contains("ukdale-2", "refit-2");
        // REDD house 5 has no kettle or washing-machine circuit: only its microwave and dishwasher are scored.
        assertThat(scores.stream().filter(x -> x.house.equals("redd-5")).map(x -> x.appliance))
                .doesNotContain("kettle", "washing_machine");
        for (NilmScore s : scores) {
            if (s.appliance.equals("kettle")) {
                assertThat(s.mae).as(s.house + " kettle MAE below always off").isLessThan(s.maeAlwaysOff * 1.3);
                assertThat(s.f1).as(s.house + " kettle ON-F1").isGreaterThan(0.5);
            }
        }
        // The second reference is the other houses' mean, never the scored house's own.
        NilmHouse ukdale = houses.stream().filter(h -> h.name.equals("ukdale-2")).findFirst().orElseThrow();
        double others = NilmEvaluation.meanPower(houses, ukdale, 0);
        double own = NilmEvaluation.meanPower(houses.stream().filter(h -> h != ukdale).toList(), null, 0);
        assertThat(others).isCloseTo(own, within(1e-9));
    }

    /** Estimates made by hand, in the shape NilmEstimates has. */
    static final class NilmEstimatesFixture {
        final float[] watts;
        final List<ApplianceActivation> activations = new java.util.ArrayList<>();

        NilmEstimatesFixture(int n) {
            watts = new float[n];
        }

        void activation(long startMs) {
            ApplianceActivation a = new ApplianceActivation();
            a.appliance = "kettle";
            a.startMs = startMs;
            activations.add(a);
        }

        NilmEstimates build() {
            NilmEstimates e = new NilmEstimates(null, 1, watts.length);
            System.arraycopy(watts, 0, e.watts[0], 0, watts.length);
            e.activations.addAll(activations);
            return e;
        }
    }
}
