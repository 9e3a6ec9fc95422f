package io.wattflow.jobs.eval.heatpump;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The shipped disaggregation on the OPSD household, a home no method was chosen on: it must stay
 * within the meter and do better than the seven-night rule it replaced, in winter and over the year.
 */
@Timeout(120)
class OpsdCrossCheckTest {
    private static Optional<OpsdCrossCheck> opsd;

    @BeforeAll
    static void load() throws Exception {
        opsd = OpsdCrossCheck.load();
    }

    @Test
    void scoresEveryWholeWeekOnItsLastDay() {
        assumeTrue(opsd.isPresent(), "skipping: ../shared/datasets/opsd-household-hourly not found");
        List<Long> days = opsd.get().scoredDays();
        assertThat(days).hasSizeGreaterThan(300); // Oct 2015 - Feb 2017, less the days with a counter gap
        assertThat(days).allSatisfy(day -> {
            for (long d = day - 6; d <= day; d++) {
                assertThat(opsd.get().days).containsKey(d);
            }
        });
        assertThat(days.stream().filter(OpsdCrossCheck::winter).count()).isGreaterThan(100);
    }

    @Test
    void theShippedModelStaysWithinTheMeterAndBeatsTheSevenNightRule() {
        assumeTrue(opsd.isPresent(), "skipping: ../shared/datasets/opsd-household-hourly not found");
        OpsdCrossCheck check = opsd.get();
        Map<Long, double[]> shipped = check.shipped();
        assertThat(shipped.keySet()).containsExactlyInAnyOrderElementsOf(check.scoredDays());
        shipped.forEach((day, estimate) -> {
            double[] load = check.days.get(day);
            for (int i = 0; i < estimate.length; i++) {
                assertThat(estimate[i]).isBetween(0.0, load[i] + 1e-6);
            }
        });
        Map<Long, double[]> sevenNights = check.rule(BaseloadRule.SEVEN_NIGHTS);
        assertThat(check.score(shipped, OpsdCrossCheck::winter)[0]).isLessThan(check.score(sevenNights, OpsdCrossCheck::winter)[0]);
        assertThat(check.score(shipped, day -> true)[0]).isLessThan(check.score(sevenNights, day -> true)[0]);
    }
}
