package io.wattflow.jobs.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wattflow.jobs.local.EmbeddedKafka;
import io.wattflow.kafka.JsonRecordSerializer;
import io.wattflow.kafka.KafkaSettings;
import io.wattflow.record.AnomalyAlert;
import io.wattflow.record.IntervalReading;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard following a job's output topics on a real in-process broker: committed records show
 * up, records of an aborted transaction never do, and records committed later appear without a
 * restart (what the page's 5 s refresh then draws).
 */
class DashboardKafkaTest {
    static final long T0 = 1_705_305_600_000L;  // 2024-01-15T08:00:00Z
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @Test
    void committedOutputsShowUpLiveAndAbortedOnesNever() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.plaintext()) {
            kafka.createTopic("wattflow.intervals_1min", 2);
            kafka.createTopic("wattflow.alerts", 1);
            send(kafka, true, minutes("k-1", 0, 30), List.of());
            send(kafka, false, minutes("ghost", 0, 5), List.of());
            AnomalyAlert alert = new AnomalyAlert();
            alert.meterId = "k-1";
            alert.kind = "stuck";
            alert.status = "open";
            alert.startMs = T0 + 600_000;
            alert.endMs = T0 + 1_200_000;
            alert.emittedMs = T0 + 1_200_000;
            alert.anomalies = 1;
            alert.severity = "low";
            alert.explanation = "reads exactly 60 W for 10 min since 08:10: stuck meter or frozen data path?";
            send(kafka, true, List.of(), List.of(alert));

            KafkaSettings settings = new KafkaSettings();
            settings.bootstrapServers = kafka.bootstrapServers();
            try (DashboardServer server = DashboardServer.start(settings, "127.0.0.1", 0, ZoneId.of("UTC"))) {
                JsonNode meters = await(server, "/api/meters", m -> m.size() == 1 && m.get(0).get("openAlerts").asLong() == 1);
                assertThat(meters.get(0).get("meterId").asText()).as("the aborted transaction's meter is not shown").isEqualTo("k-1");
                assertThat(meters.get(0).get("lastMs").asLong()).isEqualTo(T0 + 30 * 60_000);
                JsonNode trace = get(server, "/api/trace?id=k-1&points=100");
                assertThat(trace.get("t").size()).isEqualTo(30);
                assertThat(trace.get("mean").get(7).asDouble()).isEqualTo(100 + 7);

                send(kafka, true, minutes("k-1", 30, 45), List.of());
                await(server, "/api/meter?id=k-1", m -> m.get("lastMs").asLong() == T0 + 45 * 60_000);
                assertThat(get(server, "/api/alerts").get(0).get("explanation").asText()).contains("stuck meter");
            }
        }
    }

    private static List<IntervalReading> minutes(String meter, int from, int to) {
        List<IntervalReading> out = new ArrayList<>();
        for (int m = from; m < to; m++) {
            IntervalReading r = new IntervalReading();
            r.meterId = meter;
            r.startMs = T0 + m * 60_000L;
            r.endMs = r.startMs + 60_000;
            r.meanPowerW = 100.0 + m;
            r.minPowerW = 90.0 + m;
            r.maxPowerW = 110.0 + m;
            r.energyKwh = r.meanPowerW / 60_000;
            r.coverage = 1.0;
            r.sampleCount = 60;
            r.source = "aggregated";
            out.add(r);
        }
        return out;
    }

    /** Writes the records as the job's sinks do (their serializer), in one transaction, committed or aborted. */
    private static void send(EmbeddedKafka kafka, boolean commit, List<IntervalReading> minutes, List<AnomalyAlert> alerts) {
        JsonRecordSerializer<IntervalReading> m = new JsonRecordSerializer<>("wattflow.intervals_1min", "intervals_1min", r -> r.meterId);
        JsonRecordSerializer<AnomalyAlert> a = new JsonRecordSerializer<>("wattflow.alerts", "alerts", r -> r.meterId);
        m.open(null, null);
        a.open(null, null);
        Properties p = kafka.clientProperties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "dashboard-test-" + System.nanoTime());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (IntervalReading r : minutes) {
                producer.send(m.serialize(r, null, null));
            }
            for (AnomalyAlert r : alerts) {
                producer.send(a.serialize(r, null, null));
            }
            producer.flush();
            if (commit) {
                producer.commitTransaction();
            } else {
                producer.abortTransaction();
            }
        }
    }

    private JsonNode get(DashboardServer server, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private JsonNode await(DashboardServer server, String path, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                last = json.readTree(r.body());
                if (done.test(last)) {
                    return last;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Not seen within 60 s at " + path + "; last answer: " + last);
    }
}
