package io.wattflow.jobs.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wattflow.jobs.ingest.IngestOutputs;
import io.wattflow.jobs.local.EmbeddedKafka;
import io.wattflow.record.Anomaly;
import io.wattflow.record.AnomalyAlert;
import io.wattflow.record.ApplianceRun;
import io.wattflow.record.DailyBaseline;
import io.wattflow.record.DeadLetter;
import io.wattflow.record.GapRecord;
import io.wattflow.record.HeatPumpDetection;
import io.wattflow.record.HeatPumpEnergy;
import io.wattflow.record.IntervalReading;
import io.wattflow.record.LoadEvent;
import io.wattflow.sink.ParquetOutputs;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a pipeline run committed, per output, as canonical JSON lines: from the Kafka topics
 * (read_committed) and from the Parquet folders. Both sinks see the same records, so after any
 * failures the two multisets must be equal, and each must hold every record once.
 */
final class CommittedOutputs {
    static final Map<String, Class<?>> TYPES = Map.ofEntries(
            Map.entry(IngestOutputs.INTERVALS_1MIN, IntervalReading.class),
            Map.entry(IngestOutputs.INTERVALS_15MIN, IntervalReading.class),
            Map.entry(IngestOutputs.GAPS, GapRecord.class),
            Map.entry(IngestOutputs.EVENTS, LoadEvent.class),
            Map.entry(IngestOutputs.APPLIANCE_RUNS, ApplianceRun.class),
            Map.entry(IngestOutputs.DAILY_BASELINES, DailyBaseline.class),
            Map.entry(IngestOutputs.ANOMALIES, Anomaly.class),
            Map.entry(IngestOutputs.ALERTS, AnomalyAlert.class),
            Map.entry(IngestOutputs.HEATPUMP_DETECTIONS, HeatPumpDetection.class),
            Map.entry(IngestOutputs.HEATPUMP_ENERGY, HeatPumpEnergy.class),
            Map.entry(IngestOutputs.DEAD_LETTERS, DeadLetter.class));

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CommittedOutputs() {}

    /** Every committed record of every output topic, as JSON without the envelope fields v and type. */
    static Map<String, List<String>> kafka(EmbeddedKafka kafka, String topicPrefix) throws IOException {
        Map<String, List<String>> out = new TreeMap<>();
        for (String output : IngestOutputs.ALL) {
            List<String> lines = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : kafka.readCommitted(topicPrefix + output, Duration.ofSeconds(2))) {
                ObjectNode json = (ObjectNode) MAPPER.readTree(r.value());
                json.remove("v");
                json.remove("type");
                lines.add(canonical(json));
            }
            out.put(output, lines);
        }
        return out;
    }

    /** Every record of every Parquet output folder under {@code base}, as the same JSON. */
    static Map<String, List<String>> parquet(Path base) throws IOException {
        Map<String, List<String>> out = new TreeMap<>();
        for (String output : IngestOutputs.ALL) {
            List<String> lines = new ArrayList<>();
            for (Object record : ParquetOutputs.readAll(base.resolve(output), TYPES.get(output))) {
                lines.add(canonical((ObjectNode) MAPPER.valueToTree(record)));
            }
            out.put(output, lines);
        }
        return out;
    }

    /** Fields sorted, numbers as doubles: the same record reads the same from JSON bytes and from a POJO. */
    private static String canonical(ObjectNode json) throws IOException {
        TreeMap<String, Object> sorted = new TreeMap<>();
        json.fields().forEachRemaining(e -> sorted.put(e.getKey(),
                e.getValue().isNumber() ? (Object) e.getValue().doubleValue() : e.getValue()));
        return MAPPER.writeValueAsString(sorted);
    }

    /** Records present more often in {@code a} than in {@code b}, with how many more. */
    static Map<String, Integer> surplus(List<String> a, List<String> b) {
        Map<String, Integer> counts = new HashMap<>();
        a.forEach(x -> counts.merge(x, 1, Integer::sum));
        b.forEach(x -> counts.merge(x, -1, Integer::sum));
        counts.values().removeIf(c -> c <= 0);
        return counts;
    }

    /** Records present more than once. */
    static Map<String, Integer> doubled(List<String> lines) {
        Map<String, Integer> counts = new HashMap<>();
        lines.forEach(x -> counts.merge(x, 1, Integer::sum));
        counts.values().removeIf(c -> c <= 1);
        return counts;
    }
}
