package io.wattflow.operators.anomaly;

import io.wattflow.record.Anomaly;
import io.wattflow.record.AnomalyAlert;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Episodes in a harness: the order in which anomalies and the watermark arrive must not change them. */
class EpisodeAlertsTest {
    private static final long H = 3_600_000L;

    private static Anomaly stuck(long hour) {
        Anomaly a = new Anomaly();
        a.meterId = "m";
        a.kind = Anomaly.STUCK;
        a.startMs = hour * H;
        a.endMs = (hour + 1) * H;
        a.detectedMs = (hour + 1) * H;
        a.score = 1.0;
        a.severity = Anomaly.severityOf(a.score);
        a.explanation = "stuck at hour " + hour;
        return a;
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, Anomaly, Anomaly, AnomalyAlert> harness() throws Exception {
        KeyedTwoInputStreamOperatorTestHarness<String, Anomaly, Anomaly, AnomalyAlert> h = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                new EpisodeAlerts(), a -> a.meterId + "/" + a.kind, a -> a.meterId + "/" + a.kind, Types.STRING);
        h.open();
        return h;
    }

    private static String describe(AnomalyAlert a) {
        return a.status + " " + a.startMs / H + "-" + a.endMs / H + " x" + a.anomalies + " at " + a.emittedMs / H;
    }

    @Test
    void aFaultDaysLaterOpensANewEpisodeEvenBeforeTheWatermarkEndsTheOldOne() throws Exception {
        try (var h = harness()) {
            h.processElement1(stuck(1), 2 * H);
            h.processElement2(stuck(1), 2 * H);
            // Two days later, and the watermark has not moved (a replay: it jumps every 200 ms of processing).
            h.processElement2(stuck(50), 51 * H);
            h.processElement1(stuck(50), 51 * H);

            assertThat(h.extractOutputValues()).extracting(EpisodeAlertsTest::describe).containsExactly(
                    "open 1-2 x1 at 2",
                    "closed 1-2 x1 at 26",   // a quiet day after its last anomaly, not when the watermark came
                    "open 50-51 x1 at 51");
        }
    }

    @Test
    void aFaultWithinTheQuietDayExtendsTheEpisodeAndTheTimerClosesItOnce() throws Exception {
        try (var h = harness()) {
            h.processElement1(stuck(1), 2 * H);
            h.processElement2(stuck(10), 11 * H);
            h.processBothWatermarks(new Watermark(30 * H));     // the first timer (hour 26) finds the episode extended
            h.processBothWatermarks(new Watermark(40 * H));     // ... and closes it at hour 35

            assertThat(h.extractOutputValues()).extracting(EpisodeAlertsTest::describe).containsExactly(
                    "open 1-2 x1 at 2",
                    "closed 1-11 x2 at 35");
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    /**
     * In a replay the direct input runs ahead of CEP's escalations (by months in the anomaly evaluation):
     * an anomaly days after the escalation is not part of its episode, and must not keep it open over
     * the next fault.
     */
    @Test
    void anomaliesFarAheadOfTheEscalationAreNotFoldedIntoItsEpisode() throws Exception {
        try (var h = harness()) {
            h.processElement2(stuck(1), 2 * H);
            h.processElement2(stuck(100), 101 * H);
            h.processElement1(stuck(1), 2 * H);
            h.processElement1(stuck(100), 101 * H);

            assertThat(h.extractOutputValues()).extracting(EpisodeAlertsTest::describe).containsExactly(
                    "open 1-2 x1 at 2",
                    "closed 1-2 x1 at 26",
                    "open 100-101 x1 at 101");
        }
    }

    @Test
    void anomaliesThatCameFirstAreFoldedWhileEachIsWithinTheQuietPeriodOfTheOneBefore() throws Exception {
        try (var h = harness()) {
            h.processElement2(stuck(3), 4 * H);
            h.processElement2(stuck(5), 6 * H);
            h.processElement1(stuck(1), 2 * H);
            h.processBothWatermarks(new Watermark(40 * H));

            assertThat(h.extractOutputValues()).extracting(EpisodeAlertsTest::describe).containsExactly(
                    "open 1-2 x1 at 2",
                    "closed 1-6 x3 at 30");
        }
    }
}
