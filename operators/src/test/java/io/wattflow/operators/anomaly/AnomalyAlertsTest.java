package io.wattflow.operators.anomaly;

import io.wattflow.record.Anomaly;
import io.wattflow.record.AnomalyAlert;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Escalation (CEP) and episodes on a MiniCluster. */
class AnomalyAlertsTest {
    private static final long H = 3_600_000L;

    private static Anomaly anomaly(String meter, String kind, long hour) {
        Anomaly a = new Anomaly();
        a.meterId = meter;
        a.kind = kind;
        a.startMs = hour * H;
        a.endMs = (hour + 1) * H;
        a.detectedMs = (hour + 1) * H;
        a.score = 1.5 + hour / 100.0;
        a.severity = Anomaly.severityOf(a.score);
        a.explanation = kind + " at hour " + hour;
        a.unit = "kWh";
        a.baselineLevel = "rule";
        return a;
    }

    @Test
    @Timeout(120)
    void sustainedHoursAndFaultsBecomeOneAlertPerEpisode() throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        List<Anomaly> anomalies = List.of(
                anomaly("a", Anomaly.CONSUMPTION_HIGH, 1),
                anomaly("b", Anomaly.CONSUMPTION_HIGH, 1),
                anomaly("c", Anomaly.STUCK, 1),
                anomaly("a", Anomaly.CONSUMPTION_HIGH, 2),   // a: only two hours: nobody is told
                anomaly("b", Anomaly.CONSUMPTION_HIGH, 2),
                anomaly("c", Anomaly.STUCK, 3),              // c: same episode
                anomaly("b", Anomaly.CONSUMPTION_HIGH, 4),   // b: third hour within 6 h: alert
                anomaly("b", Anomaly.CONSUMPTION_HIGH, 5),   // b: extends the episode
                anomaly("a", Anomaly.CONSUMPTION_HIGH, 12),  // a: too late to join hours 1 and 2
                anomaly("z", Anomaly.MISSING, 30));          // moves event time on; stays open at the end
        // A watermark after every anomaly, as a long-running stream would have them between anomalies hours apart.
        WatermarkStrategy<Anomaly> everyRecord = WatermarkStrategy.<Anomaly>forGenerator(ctx -> new EveryRecord())
                .withTimestampAssigner((a, t) -> a.detectedMs);
        DataStream<Anomaly> stream = env.fromData(anomalies).assignTimestampsAndWatermarks(everyRecord);
        List<AnomalyAlert> alerts = new ArrayList<>();
        try (CloseableIterator<AnomalyAlert> it = AnomalyAlerts.of(stream, "alerts").executeAndCollect()) {
            it.forEachRemaining(alerts::add);
        }
        assertThat(alerts).extracting(a -> a.meterId + " " + a.kind + " " + a.status + " " + a.startMs / H + "-" + a.endMs / H + " x" + a.anomalies)
                .containsExactlyInAnyOrder(
                        "b consumption_high open 1-5 x3",
                        "b consumption_high closed 1-6 x4",
                        "c stuck open 1-2 x1",
                        "c stuck closed 1-4 x2",
                        "z missing open 30-31 x1");
        AnomalyAlert b = alerts.stream().filter(a -> a.meterId.equals("b") && a.status.equals(AnomalyAlert.OPEN)).findFirst().get();
        assertThat(b.explanation).startsWith("3 unusual hours within 6 h, worst: consumption_high at hour 4");
    }

    private static final class EveryRecord implements WatermarkGenerator<Anomaly> {
        @Override
        public void onEvent(Anomaly a, long timestamp, WatermarkOutput output) {
            output.emitWatermark(new Watermark(timestamp - 1));
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) { }
    }
}
