package io.wattflow.jobs.eval.anomaly;

import io.wattflow.operators.anomaly.AnomalySettings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Rules on a fault injected into every usable week of the 1-min recordings. */
class FaultSweepTest {
    @Test
    void mostInjectedCompressorChangesEitherWayAreFoundAndTheUntouchedRecordingsRaiseFew() throws Exception {
        List<MinuteSeries> minuteHouses = AnomalyEvaluation.recordings().stream()
                .filter(s -> !s.meterId().equals("gjw-house")) // its weeks have too many holes for a slot
                .collect(Collectors.toList());
        assumeTrue(!minuteHouses.isEmpty(), "skipping: ../shared/datasets/uk-dale-refit-1min not found");
        for (boolean shorter : new boolean[] {false, true}) {
            List<FaultSweep.Row> rows = FaultSweep.run(minuteHouses, InjectedFault.Type.PERIODICITY, shorter, AnomalySettings.defaults());
            int slots = rows.stream().mapToInt(r -> r.slots).sum();
            int hits = rows.stream().mapToInt(r -> r.hits).sum();
            int own = rows.stream().mapToInt(r -> r.own).sum();
            double weeks = rows.stream().mapToDouble(r -> r.weeks).sum();
            assertThat(slots).as("REFIT house 2 and UK-DALE house 2 have about 50 usable weeks").isGreaterThan(40);
            // Longer periods 0.48 before session 21's rules, 0.78 after; shorter 0.20 before, 0.76 after.
            assertThat(hits / (double) slots).as(shorter ? "shorter periods" : "longer periods").isGreaterThanOrEqualTo(0.65);
            assertThat(own / weeks).as("changes per untouched meter-week").isLessThanOrEqualTo(0.05);
        }
    }
}
