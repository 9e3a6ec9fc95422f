package io.wattflow.jobs.eval.appliance;

import io.wattflow.record.ApplianceRun;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ApplianceEvaluationTest {
    static final long HOUR = 3_600_000L;

    static LabelledRun run(long startMs, double watts, long minutes, String truth) {
        ApplianceRun r = new ApplianceRun();
        r.meterId = "h";
        r.startMs = startMs;
        r.durationMs = minutes * 60_000;
        r.endMs = startMs + r.durationMs;
        r.meanPowerW = watts;
        r.onDeltaW = watts;
        r.status = ApplianceRun.MATCHED;
        return new LabelledRun(r, truth);
    }

    /** A kettle every morning, a dryer every evening, a 60 W lamp at noon (no appliance channel: "other"), for 20 days. */
    static HouseRuns house() {
        List<LabelledRun> runs = new ArrayList<>();
        for (int d = 0; d < 20; d++) {
            long day = 20_000L * 24 * HOUR + d * 24 * HOUR;
            runs.add(run(day + 7 * HOUR, 2_900, 3, "kettle"));
            runs.add(run(day + 12 * HOUR, 60, 30, LabelledRun.OTHER));
            runs.add(run(day + 19 * HOUR, 2_200, 50, "dryer"));
        }
        return new HouseRuns("h", java.time.ZoneOffset.UTC, runs, null);
    }

    @Test
    void labelsNameLaterRunsAndTheScoredRunsAreTheSameForEveryNumberOfLabels() {
        HouseRuns h = house();
        List<String> classes = ApplianceEvaluation.classes(h);
        assertThat(classes).containsExactly("kettle", "dryer");
        ApplianceEvaluation.Tally none = ApplianceEvaluation.replay(h, classes, 0, null, null);
        ApplianceEvaluation.Tally three = ApplianceEvaluation.replay(h, classes, 3, null, null);
        // 10 runs of each reserved, 10 scored.
        assertThat(none.knownScored).isEqualTo(20).isEqualTo(three.knownScored);
        assertThat(none.macroF1()).isZero();
        assertThat(none.knownUnknown).isEqualTo(20);
        assertThat(three.macroF1()).isEqualTo(1.0);
        assertThat(three.counts.get("kettle")).containsExactly(10, 0, 0);
    }

    @Test
    void aFewLabelsArePooledOverHouseholdsChoosingDifferentRunsToLabel() {
        List<String> classes = List.of("kettle", "dryer");
        assertThat(ApplianceEvaluation.labelled(classes, 3, 0).get("kettle")).containsExactlyInAnyOrder(1, 2, 3);
        java.util.Set<java.util.Set<Integer>> choices = new java.util.HashSet<>();
        for (int order = 0; order < ApplianceEvaluation.ORDERS; order++) {
            java.util.Set<Integer> chosen = ApplianceEvaluation.labelled(classes, 3, order).get("dryer");
            assertThat(chosen).hasSize(3).allSatisfy(i -> assertThat(i).isBetween(1, ApplianceEvaluation.RESERVED));
            assertThat(ApplianceEvaluation.labelled(classes, 3, order).get("dryer")).as("the same choice again").isEqualTo(chosen);
            choices.add(chosen);
        }
        assertThat(choices).as("the households choose differently").hasSizeGreaterThan(1);
        assertThat(ApplianceEvaluation.labelled(classes, 10, 3).get("kettle")).hasSize(ApplianceEvaluation.RESERVED);

        HouseRuns h = house();
        ApplianceEvaluation.Tally pooled = ApplianceEvaluation.pooled(h, classes, 3, () -> null);
        assertThat(pooled.knownScored).isEqualTo(ApplianceEvaluation.ORDERS * 20);
        assertThat(pooled.counts.get("kettle")).containsExactly(ApplianceEvaluation.ORDERS * 10, 0, 0);
        assertThat(ApplianceEvaluation.pooled(h, classes, 10, () -> null).knownScored).as("every reserved run labelled: one choice").isEqualTo(20);
    }

    @Test
    void aNeverLabelledApplianceStaysUnknownAndBecomesANewDevice() {
        HouseRuns h = house();
        List<String> classes = ApplianceEvaluation.classes(h);
        ApplianceEvaluation.HeldOut dryer = ApplianceEvaluation.heldOut(h, classes, "dryer", new HashMap<>());
        assertThat(dryer.runs()).isEqualTo(10);
        assertThat(dryer.unknownShare()).isEqualTo(1.0);
        // Its 5th run, on its 5th day, made it a new device.
        assertThat(dryer.newDeviceDays()).isCloseTo(4 + 50 / 1440.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aClassifierNamesRunsBeforeLabelsAndTheHouseholdsLabelsComeFirst() {
        HouseRuns h = house();
        List<String> classes = ApplianceEvaluation.classes(h);
        // A classifier that calls every load of 2 kW or more a kettle: right for kettles, wrong for the dryer.
        io.wattflow.operators.recognition.RunClassifier kettles = r -> r.meanPowerW >= 2_000
                ? new io.wattflow.operators.recognition.RunClassifier.Naming("kettle", 0.9, "test-model") : null;
        ApplianceEvaluation.Tally none = ApplianceEvaluation.replay(h, classes, 0, null, null, kettles);
        assertThat(none.counts.get("kettle")).containsExactly(10, 10, 0);
        assertThat(none.counts.get("dryer")).containsExactly(0, 0, 10);
        assertThat(none.otherScored).isEqualTo(20);
        assertThat(none.otherNamed).isZero();
        ApplianceEvaluation.Tally three = ApplianceEvaluation.replay(h, classes, 3, null, null, kettles);
        assertThat(three.macroF1()).isEqualTo(1.0);
    }
}
