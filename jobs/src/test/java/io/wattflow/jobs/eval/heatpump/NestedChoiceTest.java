package io.wattflow.jobs.eval.heatpump;

import io.wattflow.operators.heatpump.HeatPumpGate;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class NestedChoiceTest {
    private static final long DAY = BaseloadRule.DAY_MS;

    /** A home of one day whose heat pump drew {@code truth} in each quarter hour, estimated by "a" and "b" as given. */
    private static NestedChoice.HomeInputs home(String name, String origin, boolean heatPump, double truth, double a, double b,
            double probability) {
        CkwHomes.Home h = new CkwHomes.Home(name, name, heatPump);
        NestedChoice.HomeInputs in = new NestedChoice.HomeInputs(h, origin, !name.equals(origin));
        Map<Long, Double> ea = new HashMap<>();
        Map<Long, Double> eb = new HashMap<>();
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
        in.medians.byWindowEnd.put(DAY, probability);
        return in;
    }

    private static NestedChoice.HomeInputs home(String name, boolean heatPump, double truth, double a, double b, double probability) {
        return home(name, name, heatPump, truth, a, b, probability);
    }

    private static NestedChoice.Candidate candidate(String disaggregation, HeatPumpGate gate) {
        return new NestedChoice.Candidate(disaggregation, gate);
    }

    @Test
    void eachHomeIsScoredByThePickMadeWithoutIt() {
        // "a" is right on homes 1 and 2 and far off on 3, "b" a little off on 1 and 2 and right on 3: without home 1 or 2
        // "b" wins (one far miss costs more than one small one), without home 3 "a" does.
        var one = home("hp-1", true, 0.5, 0.5, 0.1, 0.9);
        var two = home("hp-2", true, 0.4, 0.4, 0.2, 0.9);
        var three = home("hp-3", true, 0.3, 0.9, 0.3, 0.9);
        NestedChoice choice = new NestedChoice(List.of(one, two, three),
                List.of(candidate("a", HeatPumpGate.NONE), candidate("b", HeatPumpGate.NONE)));

        Map<String, NestedChoice.Candidate> picks = choice.nestedPicks();
        assertThat(picks.values()).extracting(NestedChoice.Candidate::disaggregation).containsExactly("b", "b", "a");
        // home 1 by b: 0.4 off; home 2 by b: 0.2; home 3 by a: 0.6 -> RMSE over the pooled quarter hours
        assertThat(choice.nestedScore(picks).rmse()).isEqualTo(Math.sqrt((0.16 + 0.04 + 0.36) / 3), within(1e-9));
        assertThat(choice.pick(List.of(one, two, three)).disaggregation()).as("on all homes").isEqualTo("b");
    }

    @Test
    void aCandidateAboveThePhantomLimitInHomesWithoutOrInLargeLoadsIsNotPicked() {
        // a heat-pump home the detection hesitates on (0.45): the hard gate zeroes it, the scaled one keeps 0.9 of "a"
        var hp = home("hp", true, 0.5, 0.5, 0.4, 0.45);
        // 96 x 0.01 = 0.96 kWh a day by "a" in a home without: above the 0.5 limit; "b" nothing
        var none = home("none", false, 0, 0.01, 0.0, 0.1);
        var candidates = List.of(candidate("a", HeatPumpGate.NONE), candidate("b", HeatPumpGate.NONE), candidate("a", HeatPumpGate.THRESHOLD),
                candidate("a", HeatPumpGate.SCALED));
        NestedChoice choice = new NestedChoice(List.of(hp, none), candidates);
        assertThat(choice.pick(List.of(hp, none))).as("0.1 over 0.5 of 0.96 kWh is within the limit").isEqualTo(candidate("a", HeatPumpGate.SCALED));

        // a large load made from "none", its detection at 0.4: the scaled gate gives it 0.8 x 96 x 0.1 kWh a day, which
        // over the two homes without is (0.96 x 0.2 + 7.68) / 2 a day
        var large = home("none x9", "none", false, 0, 0.1, 0.0, 0.4);
        NestedChoice withLarge = new NestedChoice(List.of(hp, none, large), candidates);
        assertThat(withLarge.pick(List.of(hp, none, large))).as("then the next best within the limit")
                .isEqualTo(candidate("b", HeatPumpGate.NONE));
        assertThat(withLarge.nestedPicks()).as("the large load is held out with the home it was made from").containsOnlyKeys("hp", "none");
    }
}
