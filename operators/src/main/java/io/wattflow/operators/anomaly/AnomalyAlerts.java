package io.wattflow.operators.anomaly;

import io.wattflow.record.Anomaly;
import io.wattflow.record.AnomalyAlert;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Escalates anomalies into de-duplicated alert episodes. Hourly consumption anomalies escalate when
 * they are sustained: {@link #SUSTAINED_HOURS} anomalous hours of the same kind within
 * {@link #SUSTAINED_WITHIN} (Flink CEP), so one unusual hour (a party, an oven) alerts nobody; every
 * other kind is a fault on its own and escalates at once. {@link EpisodeAlerts} then opens one alert
 * per episode and closes it when the kind has been quiet for a while.
 */
public final class AnomalyAlerts {
    public static final int SUSTAINED_HOURS = 3;
    public static final Duration SUSTAINED_WITHIN = Duration.ofHours(6);

    private AnomalyAlerts() {}

    static boolean hourly(Anomaly a) {
        return Anomaly.CONSUMPTION_HIGH.equals(a.kind) || Anomaly.CONSUMPTION_LOW.equals(a.kind);
    }

    static String key(Anomaly a) {
        return a.meterId + "|" + a.kind;
    }

    public static Pattern<Anomaly, ?> sustained() {
        return Pattern.<Anomaly>begin("hours", AfterMatchSkipStrategy.skipPastLastEvent())
                .where(SimpleCondition.of(AnomalyAlerts::hourly))
                .times(SUSTAINED_HOURS)
                .within(SUSTAINED_WITHIN);
    }

    /** The alert episodes of a stream of anomalies (event time). Adds operators {@code uidPrefix}-cep and {@code uidPrefix}-episodes. */
    public static DataStream<AnomalyAlert> of(DataStream<Anomaly> anomalies, String uidPrefix) {
        KeyedStream<Anomaly, String> byMeterAndKind = anomalies.keyBy(AnomalyAlerts::key);
        DataStream<Anomaly> sustainedHours = CEP.pattern(byMeterAndKind, sustained())
                .process(new MergeHours())
                .uid(uidPrefix + "-cep").name("sustained anomalous hours (CEP)");
        // Filtered after the keyBy, so each meter's faults stay in order (a rebalance could swap them).
        DataStream<Anomaly> escalations = sustainedHours.union(byMeterAndKind.filter(a -> !hourly(a))
                .uid(uidPrefix + "-faults").name("faults escalate at once"));
        return escalations.connect(anomalies)
                .keyBy(AnomalyAlerts::key, AnomalyAlerts::key)
                .process(new EpisodeAlerts())
                .uid(uidPrefix + "-episodes").name("alert episodes");
    }

    /** Sustained hours as one escalation: from the first hour's start to the last one's end, the worst one's words. */
    private static final class MergeHours extends PatternProcessFunction<Anomaly, Anomaly> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processMatch(Map<String, List<Anomaly>> match, Context ctx, Collector<Anomaly> out) {
            List<Anomaly> hours = match.get("hours");
            Anomaly worst = hours.get(0);
            for (Anomaly h : hours) {
                if (h.score > worst.score) {
                    worst = h;
                }
            }
            Anomaly merged = EpisodeAlerts.copy(worst);
            merged.startMs = hours.get(0).startMs;
            merged.endMs = hours.get(hours.size() - 1).endMs;
            merged.detectedMs = hours.get(hours.size() - 1).detectedMs;
            merged.explanation = hours.size() + " unusual hours within " + SUSTAINED_WITHIN.toHours() + " h, worst: " + worst.explanation;
            out.collect(merged);
        }
    }
}
