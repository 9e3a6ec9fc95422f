package io.wattflow.jobs.eval.anomaly;

import io.wattflow.record.Anomaly;
import io.wattflow.record.AnomalyAlert;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How the anomaly evaluation judges alerts: hits, false alerts, and the recording's own events. */
class AnomalyEvaluationScoreTest {
    private static final long H = 3_600_000L;
    private static final long DAY = 24 * H;

    @Test
    void anAlertTheUntouchedRecordingRaisesTooIsItsOwnEventNotAFalseOne() {
        InjectedFault step = new InjectedFault(InjectedFault.Type.BASELOAD_STEP, 10 * DAY, 14 * DAY, false, "+150 W");
        AnomalyAlert hit = alert(Anomaly.BASELOAD_STEP, 11 * DAY, 12 * DAY);
        AnomalyAlert real = alert(Anomaly.BASELOAD_STEP, 20 * DAY, 21 * DAY);
        AnomalyAlert unexplained = alert(Anomaly.BASELOAD_STEP, 40 * DAY, 41 * DAY);
        // The untouched run saw the real event a few hours apart (its baseline had not seen the fault).
        AnomalyAlert seenUntouched = alert(Anomaly.BASELOAD_STEP, 20 * DAY + 5 * H, 21 * DAY + 5 * H);
        long[] untouchedMonth = {30 * DAY, 60 * DAY};
        AnomalyEvaluation.Run run = new AnomalyEvaluation.Run("m", List.of(step), List.of(), List.of(untouchedMonth),
                List.of(hit, real, unexplained), List.of(), List.of(seenUntouched));

        AnomalyEvaluation.Score score = AnomalyEvaluation.score(List.of(run));

        assertThat(score.byType.get("BASELOAD_STEP")).containsExactly(1, 1, 1, 1);
        assertThat(score.ownAlerts).hasSize(1);
        assertThat(score.untouchedFalseAlerts).isEqualTo(1);
    }

    @Test
    void anOwnEventOfAnotherKindOrFarAwayDoesNotExcuseAnAlert() {
        AnomalyAlert alert = alert(Anomaly.CONSUMPTION_HIGH, 20 * DAY, 20 * DAY + H);
        AnomalyAlert otherKind = alert(Anomaly.BASELOAD_STEP, 20 * DAY, 21 * DAY);
        AnomalyAlert twoDaysLater = alert(Anomaly.CONSUMPTION_HIGH, 22 * DAY + 2 * H, 22 * DAY + 3 * H);
        long[] untouchedMonth = {15 * DAY, 45 * DAY};
        AnomalyEvaluation.Run run = new AnomalyEvaluation.Run("m", List.of(), List.of(), List.of(untouchedMonth),
                List.of(alert), List.of(), List.of(otherKind, twoDaysLater));

        AnomalyEvaluation.Score score = AnomalyEvaluation.score(List.of(run));

        assertThat(score.byType.get("NIGHT_HEATER")).containsExactly(0, 0, 1, 0);
        assertThat(score.ownAlerts).isEmpty();
        assertThat(score.untouchedFalseAlerts).isEqualTo(1);
    }

    private static AnomalyAlert alert(String kind, long startMs, long emittedMs) {
        AnomalyAlert a = new AnomalyAlert();
        a.meterId = "m";
        a.kind = kind;
        a.status = AnomalyAlert.OPEN;
        a.startMs = startMs;
        a.endMs = emittedMs;
        a.emittedMs = emittedMs;
        return a;
    }
}
