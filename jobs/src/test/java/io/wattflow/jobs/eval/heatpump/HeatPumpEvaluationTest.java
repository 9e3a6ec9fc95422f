package io.wattflow.jobs.eval.heatpump;

import io.wattflow.record.HeatPumpDetection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One cross-validation fold of {@code wattflow eval heatpump} on the real CKW homes: the fold's models
 * from their directory, through the production stage on a MiniCluster, score the held-out homes as the
 * training script scored them in torch (its printed figures for fold 0), which checks features,
 * normalisation, windows and models end to end.
 */
@Timeout(120)
class HeatPumpEvaluationTest {
    private static final String WITH = "ckw-hp--8666172347953709953";
    private static final String WITHOUT = "ckw-no--6588487346499454590";

    @TempDir
    Path work;

    @Test
    void foldZeroScoresItsHeldOutHomesAsTheTrainingScriptDid() throws Exception {
        Optional<CkwHomes> data = CkwHomes.load();
        assumeTrue(data.isPresent(), "skipping: ../shared/datasets/ckw-heatpump-15min not found");
        HeatPumpEvaluation.FoldRun run = HeatPumpEvaluation.run(data.get(), Path.of("..", "models", "eval", "heatpump", "fold-0"), work);

        assertThat(run.homes).extracting(h -> h.name).containsExactlyInAnyOrder(WITH, WITHOUT);
        String withMeter = data.get().homes.get(WITH).meterId;
        for (List<HeatPumpDetection> detections : List.of(run.cnn, run.logistic)) {
            assertThat(detections).hasSize(2 * 23); // 29 days: 23 windows of 7 days per home
            double lowestWith = detections.stream().filter(d -> d.meterId.equals(withMeter))
                    .mapToDouble(d -> d.probability).min().orElseThrow();
            double highestWithout = detections.stream().filter(d -> !d.meterId.equals(withMeter))
                    .mapToDouble(d -> d.probability).max().orElseThrow();
            assertThat(lowestWith).isGreaterThan(0.99); // the script: min 1.000 (CNN), 0.996 (logistic)
            assertThat(highestWithout).isLessThan(0.01); // the script: max 0.000 (CNN), 0.006 (logistic)
        }

        // RMSE, MAE of the training script's fold 0: the shipped capped rule 0.040 0.033, seven-night rule 0.038 0.032,
        // one-night 0.051 0.046, CNN 0.392 0.252.
        assertError(HeatPumpReport.model(List.of(run), false), 0.040, 0.033);
        assertError(HeatPumpReport.sevenNightRule(List.of(run)), 0.038, 0.032);
        assertError(HeatPumpReport.oneNightRule(List.of(run)), 0.051, 0.046);
        assertError(HeatPumpReport.model(List.of(run), true), 0.392, 0.252);
    }

    private static void assertError(HeatPumpReport.Disaggregation d, double rmse, double mae) {
        double[] home = d.byHome.get(WITH);
        assertThat(home[0]).as(d.method + " RMSE").isCloseTo(rmse, within(0.0015));
        assertThat(home[1]).as(d.method + " MAE").isCloseTo(mae, within(0.0015));
        assertThat(d.intervals).isEqualTo(23 * 96); // the last day of each of the 23 windows: days 7-29
    }
}
