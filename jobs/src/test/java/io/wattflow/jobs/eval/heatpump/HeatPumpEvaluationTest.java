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
        String withoutMeter = data.get().homes.get(WITHOUT).meterId;
        assertThat(run.largeLoads).as("the home without, scaled to 40 kWh a day and with a car").hasSize(2);
        String scaledMeter = run.largeLoads.get(0).meterId;
        for (List<HeatPumpDetection> detections : List.of(run.cnn, run.logistic)) {
            assertThat(detections).hasSize(4 * 23); // 29 days: 23 windows of 7 days per home, real or made large
            assertThat(of(detections, withMeter)).hasSize(23);
            // the script: min 0.985 (CNN), 0.991 (logistic); max 0.000 (CNN), 0.045 (logistic)
            assertThat(of(detections, withMeter).stream().mapToDouble(d -> d.probability).min().orElseThrow()).isGreaterThan(0.98);
            assertThat(of(detections, withoutMeter).stream().mapToDouble(d -> d.probability).max().orElseThrow()).isLessThan(0.05);
        }
        // The home scaled to 40 kWh a day: the script's CNN mean 0.015 (max 0.051), its logistic regression 0.986
        assertThat(of(run.cnn, scaledMeter).stream().mapToDouble(d -> d.probability).average().orElseThrow()).isLessThan(0.05);
        assertThat(of(run.logistic, scaledMeter).stream().mapToDouble(d -> d.probability).average().orElseThrow()).isGreaterThan(0.95);

        // The Java night rule the nested choice scores as the shipped one is the ONNX rule the stage ran.
        var inputs = NestedChoice.of(List.of(run)).homes.stream().filter(h -> h.home.name.equals(WITH)).findFirst().orElseThrow();
        var java = inputs.estimates.get(BaseloadRule.SHIPPED.name);
        var onnx = run.energy.stream().filter(e -> e.meterId.equals(withMeter)).toList();
        assertThat(onnx).hasSize(23 * 96);
        assertThat(onnx).allSatisfy(e -> assertThat(java.get(e.startMs)).isCloseTo(e.estimatedKwh, within(1e-5)));

        // RMSE, MAE of the training script's fold 0: the shipped capped rule 0.040 0.033, seven-night rule 0.038 0.032,
        // one-night 0.051 0.046, CNN 0.580 0.399.
        assertError(HeatPumpReport.model(List.of(run), false), 0.040, 0.033);
        assertError(HeatPumpReport.sevenNightRule(List.of(run)), 0.038, 0.032);
        assertError(HeatPumpReport.oneNightRule(List.of(run)), 0.051, 0.046);
        assertError(HeatPumpReport.model(List.of(run), true), 0.580, 0.399);
    }

    private static void assertError(HeatPumpReport.Disaggregation d, double rmse, double mae) {
        double[] home = d.byHome.get(WITH);
        assertThat(home[0]).as(d.method + " RMSE").isCloseTo(rmse, within(0.0015));
        assertThat(home[1]).as(d.method + " MAE").isCloseTo(mae, within(0.0015));
        assertThat(d.intervals).isEqualTo(23 * 96); // the last day of each of the 23 windows: days 7-29
    }

    private static List<HeatPumpDetection> of(List<HeatPumpDetection> detections, String meterId) {
        return detections.stream().filter(d -> d.meterId.equals(meterId)).toList();
    }
}
