package io.wattflow.jobs.eval.heatpump;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class NestedChoiceTest {
    private static final long DAY = BaseloadRule.DAY_MS;

    /** A home of one day whose heat pump drew {@code truth} in each quarter hour, estimated by "a" and "b" as given. */
    private static NestedChoice.HomeInputs home(String name, boolean heatPump, double truth, double a, double b, double probability) {
        CkwHomes.Home h = new CkwHomes.Home(name, name, heatPump);
        NestedChoice.HomeInputs in = new NestedChoice.HomeInputs(h);
        Map<Long, Double> ea = new java.util.HashMap<>();
        Map<Long, Double> eb = new java.util.HashMap<>();
        for (int i = 0; i < BaseloadRule.SLOTS_PER_DAY; i++) {
            long start = i * DAY / BaseloadRule.SLOTS_PER_DAY;
            if (heatPump) {
                h.heatPumpKwh.put(start, truth);
            }
            ea.put(start, a);
            eb.put(start, b);
        }
        in.estimates.put("a", ea);
        in.estimates.put("b", eb);
        in.medians.put(DAY, probability);
        return in;
    }

    @Test
    void eachHomeIsScoredByThePickMadeWithoutIt() {
        // "a" is right on homes 1 and 2 and far off on 3, "b" a little off on 1 and 2 and right on 3: without home 1 or 2
        // "b" wins (one far miss costs more than one small one), without home 3 "a" does.
        var one = home("hp-1", true, 0.5, 0.5, 0.1, 0.9);
        var two = home("hp-2", true, 0.4, 0.4, 0.2, 0.9);
        var three = home("hp-3", true, 0.3, 0.9, 0.3, 0.9);
        var candidates = List.of(new NestedChoice.Candidate("a", NestedChoice.Gate.NONE), new NestedChoice.Candidate("b", NestedChoice.Gate.NONE));
        NestedChoice choice = new NestedChoice(List.of(one, two, three), candidates);

        assertThat(choice.nestedPicks()).extracting(NestedChoice.Candidate::disaggregation).containsExactly("b", "b", "a");
        double[] nested = choice.nestedScores(choice.nestedPicks());
        // home 1 by b: 0.4 off; home 2 by b: 0.2; home 3 by a: 0.6 -> RMSE over the pooled quarter hours
        assertThat(nested[0]).isEqualTo(Math.sqrt((0.16 + 0.04 + 0.36) / 3), within(1e-9));
        assertThat(choice.pick(List.of(one, two, three)).disaggregation()).as("on all homes").isEqualTo("b");
    }

    @Test
    void aCandidateAboveThePhantomLimitInHomesWithoutIsNotPicked() {
        var hp = home("hp", true, 0.5, 0.5, 0.4, 0.9);
        // 96 x 0.01 = 0.96 kWh a day by "a" in a home without: above the 0.5 limit; "b" nothing
        var none = home("none", false, 0, 0.01, 0.0, 0.1);
        var candidates = List.of(new NestedChoice.Candidate("a", NestedChoice.Gate.NONE), new NestedChoice.Candidate("b", NestedChoice.Gate.NONE),
                new NestedChoice.Candidate("a", NestedChoice.Gate.THRESHOLD));
        NestedChoice choice = new NestedChoice(List.of(hp, none), candidates);
        assertThat(choice.pick(List.of(hp, none))).isEqualTo(new NestedChoice.Candidate("a", NestedChoice.Gate.THRESHOLD));
    }

    @Test
    void theGatesWeighTheEstimateByTheDetection() {
        assertThat(NestedChoice.Gate.THRESHOLD.apply(1.0, 0.49, 0.5)).isZero();
        assertThat(NestedChoice.Gate.THRESHOLD.apply(1.0, 0.5, 0.5)).isEqualTo(1.0);
        assertThat(NestedChoice.Gate.WEIGHTED.apply(1.0, 0.4, 0.5)).isEqualTo(0.4);
        assertThat(NestedChoice.Gate.SCALED.apply(1.0, 0.4, 0.5)).isEqualTo(0.8, within(1e-12));
        assertThat(NestedChoice.Gate.SCALED.apply(1.0, 0.9, 0.5)).isEqualTo(1.0);
    }
}
