package io.wattflow.jobs.eval.appliance;

import io.wattflow.jobs.eval.nilm.NilmEstimates;
import io.wattflow.operators.recognition.NilmRunNaming;
import io.wattflow.operators.recognition.RunClassifier;
import io.wattflow.record.ApplianceEstimates;
import io.wattflow.record.ApplianceRun;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NilmNamingEvaluationTest {
    static final long MIN = 60_000L;

    /** A house whose replays under each way score {@code f1[way]} (kettle: tp, fp, fn chosen to give it). */
    static NilmNamingEvaluation.HouseScores house(String name, double... f1) {
        Map<String, ApplianceEvaluation.Tally[]> byWay = new HashMap<>();
        for (int w = 0; w < NilmNamingEvaluation.WAYS.size(); w++) {
            ApplianceEvaluation.Tally t = new ApplianceEvaluation.Tally(List.of("kettle"));
            int tp = (int) Math.round(f1[w] * 100);
            // F1 = 2tp / (2tp + fp + fn) with fp + fn = 2 (100 - tp)
            t.counts.get("kettle")[0] = tp;
            t.counts.get("kettle")[1] = 100 - tp;
            t.counts.get("kettle")[2] = 100 - tp;
            byWay.put(NilmNamingEvaluation.WAYS.get(w), new ApplianceEvaluation.Tally[] {t});
        }
        return new NilmNamingEvaluation.HouseScores(new HouseRuns(name, java.time.ZoneOffset.UTC, List.of(), null), List.of("kettle"), byWay);
    }

    @Test
    void eachHousesWayIsChosenOnTheOtherHousesOnly() {
        var a = house("a", 0.3, 0.9, 0.5, 0.4, 0.4);
        var b = house("b", 0.3, 0.2, 0.5, 0.8, 0.4);
        List<NilmNamingEvaluation.HouseScores> both = List.of(a, b);
        assertThat(NilmNamingEvaluation.bestOn(both, a)).isEqualTo(NilmNamingEvaluation.WAYS.get(3));
        assertThat(NilmNamingEvaluation.bestOn(both, b)).isEqualTo(NilmNamingEvaluation.WAYS.get(1));
        assertThat(NilmNamingEvaluation.bestOn(both, null)).as("mean over both: 0.55, 0.5, 0.6").isEqualTo(NilmNamingEvaluation.WAYS.get(3));
    }

    @Test
    void asTheStreamARunSeesOnlyTheEstimatesThatHaveComeByItsNamingTime() {
        NilmRunNaming naming = new NilmRunNaming(List.of("kettle", "microwave"), "nilm", MIN, 150 * MIN, 8 * 60 * MIN);
        long t0 = 29_000_000L * MIN;
        // Minutes 0-31 with a kettle rising at minute 10, arriving at minute 200 (after the run's naming time, 160).
        ApplianceEstimates late = new ApplianceEstimates();
        late.meterId = "h";
        late.firstMinuteMs = t0;
        late.minutes = 32;
        late.watts = new float[64];
        java.util.Arrays.fill(late.watts, 10, 13, 2_500);
        late.modelVersion = "1";
        RunClassifier classifier = r -> new RunClassifier.Naming("microwave", 0.6, "classifier");
        ApplianceRun run = new ApplianceRun();
        run.startMs = t0 + 10 * MIN;
        run.endMs = run.startMs + 3 * MIN;
        run.onDeltaW = 2_600;
        var tooLate = new NilmNamingEvaluation.AsTheStream(naming, List.of(new NilmEstimates.Arrival(t0 + 200 * MIN, late)), classifier, false);
        assertThat(tooLate.name(run).appliance()).as("not estimated yet: the classifier").isEqualTo("microwave");
        var inTime = new NilmNamingEvaluation.AsTheStream(naming, List.of(new NilmEstimates.Arrival(t0 + 150 * MIN, late)), classifier, false);
        assertThat(inTime.name(run).appliance()).isEqualTo("kettle");
        ApplianceRun small = new ApplianceRun();
        small.startMs = t0 + 20 * MIN;
        small.endMs = small.startMs + MIN;
        small.onDeltaW = 300;
        assertThat(inTime.name(small)).as("estimated, nothing rose: unknown, not the classifier").isNull();
        var orElse = new NilmNamingEvaluation.AsTheStream(naming, List.of(new NilmEstimates.Arrival(t0 + 150 * MIN, late)), classifier, true);
        assertThat(orElse.name(small).appliance()).isEqualTo("microwave");
    }
}
