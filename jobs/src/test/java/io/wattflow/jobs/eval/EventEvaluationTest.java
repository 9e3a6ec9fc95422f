package io.wattflow.jobs.eval;

import io.wattflow.record.MeterReading;
import io.wattflow.replay.ChannelSample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class EventEvaluationTest {
    @Test
    void matchingIsOneToOneWithinTheTolerance() {
        List<TruthEvent> truth = List.of(new TruthEvent(100_000, "a", 50), new TruthEvent(105_000, "b", -50),
                new TruthEvent(500_000, "a", 70));
        EventScore s = EventScore.match(List.of(101_000L, 102_000L, 300_000L), truth, 10_000, 2.0);
        assertThat(s.matched).isEqualTo(2);
        assertThat(s.precision()).isEqualTo(2 / 3.0);
        assertThat(s.recall()).isEqualTo(2 / 3.0);
        assertThat(s.falsePerHour()).isEqualTo(0.5);
        assertThat(s.byCircuit.get("a")).containsExactly(2, 1);
    }

    @Test
    void truthIsTheStepsOfEachCircuitAndSimultaneousStepsAreOne() {
        List<ChannelSample> samples = new ArrayList<>();
        for (int s = 0; s < 100; s++) {
            double a = s >= 20 && s < 60 ? 1000 : 5;  // on 20..60
            double b = s >= 20 ? 500 : 0;              // on with a: one event in the sum
            double c = s >= 80 ? 20 : 0;               // below 30 W: no event
            samples.add(new ChannelSample(new MeterReading("h", s * 1000L, a + b + c), new double[] {a, b, c}));
        }
        List<TruthEvent> truth = EventEvaluation.truth(samples, List.of("a", "b", "c"));
        assertThat(truth).extracting(t -> t.timeMs / 1000 + ":" + t.circuit + ":" + Math.round(t.deltaW))
                .containsExactly("20:a:1495", "60:a:-995");
    }

    @Test
    void onReddHouse5TheDefaultBeatsThePlainBaselineOnEveryTruthAndGrid() throws Exception {
        Optional<EventReport.Recording> redd = EventReport.redd();
        assumeTrue(redd.isPresent(), "skipping: ../shared/datasets/redd-house5 not found");
        Map<String, EventScore> scores = EventReport.scores(redd.get());
        EventScore baseline = scores.get("edge, plain (baseline)");
        EventScore edge = scores.get("edge");
        // The README's figures (strict 0.867 at 0.72 false events per hour, 0.861 at 1.28 on the 1 s grid;
        // lenient 0.770), with a little room. Since session 22 a level is steady after three readings, the
        // strict truth's rule, so the lenient truth's two-reading steps are partly not taken: below the plain
        // baseline there (0.874), and never more false events.
        assertThat(edge.f1()).isGreaterThanOrEqualTo(0.75);
        for (EventReport.Recording strict : List.of(EventReport.strict(redd.get()), EventReport.strictOnOneSecondGrid(redd.get()))) {
            Map<String, EventScore> s = EventReport.scores(strict);
            assertThat(s.get("edge").f1()).as(strict.name).isGreaterThanOrEqualTo(0.85)
                    .isGreaterThan(s.get("edge, plain (baseline)").f1());
            assertThat(s.get("edge").falsePerHour()).as(strict.name).isLessThan(1.5);
            // BOCPD 0.819 on the readings, 0.858 on the grid (issue 23's 0.85 met there only)
            assertThat(s.get("bocpd").f1()).as(strict.name).isGreaterThanOrEqualTo(0.77);
        }
        assertThat(edge.falsePerHour()).isLessThan(baseline.falsePerHour()).isLessThan(1.0);
        assertThat(scores.get("cusum").f1()).isGreaterThan(0.7);
        assertThat(scores.get("bocpd").precision()).isGreaterThan(0.8);
    }

    /** The split settings are chosen on: the two halves hold every sample once and the whole truth's events inside each span. */
    @Test
    void theHalvesOfReddHouse5SplitItsSamplesAndKeepTheWholeTruth() throws Exception {
        Optional<EventReport.Recording> redd = EventReport.redd();
        assumeTrue(redd.isPresent(), "skipping: ../shared/datasets/redd-house5 not found");
        EventReport.Recording strict = EventReport.strict(redd.get());
        EventReport.Recording first = EventReport.half(strict, true);
        EventReport.Recording second = EventReport.half(strict, false);
        assertThat(first.samples.size() + second.samples.size()).isEqualTo(strict.samples.size());
        assertThat(first.samples.get(first.samples.size() - 1).aggregate.timestampMs)
                .isLessThan(second.samples.get(0).aggregate.timestampMs);
        assertThat(first.samples).isNotEmpty();
        assertThat(second.samples).isNotEmpty();
        // The whole truth's events, not a truth found again on half the readings (its noise test would differ).
        assertThat(strict.truth).containsAll(first.truth).containsAll(second.truth);
        assertThat(first.truth.size() + second.truth.size()).isBetween(strict.truth.size() - 2, strict.truth.size());
        assertThat(first.strict).isTrue();
    }

    /** Each session its own meter; a kettle switched on 12 s after a vacuum cleaner is its own event for every detector. */
    @Test
    void onTheLabSessionsEveryDetectorFindsTheSwitchings() throws Exception {
        Optional<EventReport.Recording> lab = EventReport.lab();
        assumeTrue(lab.isPresent(), "skipping: ../shared/datasets/lab-1hz not found");
        Map<String, EventScore> scores = EventReport.scores(lab.get());
        // The README's figures: edge 0.989, CUSUM 0.989, BOCPD 0.925.
        assertThat(scores.get("edge").f1()).isGreaterThanOrEqualTo(0.97);
        assertThat(scores.get("cusum").f1()).isGreaterThanOrEqualTo(0.95);
        assertThat(scores.get("bocpd").f1()).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void theStrictTruthIgnoresABriefBlipAndTheGridRepeatsEachReadingPerSecond() {
        List<ChannelSample> samples = new ArrayList<>();
        double[] circuit = new double[60];
        for (int i = 0; i < 60; i++) {
            circuit[i] = (i >= 20 ? 500 : 0) + (i % 2 == 0 ? 3 : -3) + (i == 40 || i == 41 ? 400 : 0);
            samples.add(new ChannelSample(new MeterReading("h", i * 3_000L, circuit[i]), new double[] {circuit[i]}));
        }
        assertThat(EventEvaluation.truth(samples, List.of("c"))).as("2-sample steady: the step and the blip's two edges")
                .extracting(e -> e.timeMs).containsExactly(60_000L, 120_000L, 126_000L);
        assertThat(EventEvaluation.strictTruth(samples, List.of("c"))).as("3-sample steady: only the step")
                .extracting(e -> e.timeMs).containsExactly(60_000L);
        List<ChannelSample> grid = EventEvaluation.onOneSecondGrid(samples.subList(0, 3));
        assertThat(grid).extracting(g -> g.aggregate.timestampMs).containsExactly(0L, 1_000L, 2_000L, 3_000L, 4_000L, 5_000L, 6_000L);
        assertThat(grid.get(4).aggregate.activePowerW).isEqualTo(samples.get(1).aggregate.activePowerW);
    }
}
