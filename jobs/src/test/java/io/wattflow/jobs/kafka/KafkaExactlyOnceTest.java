package io.wattflow.jobs.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wattflow.format.ReadingFormat;
import io.wattflow.format.WattflowJsonWriter;
import io.wattflow.ingest.ReadingDecoder;
import io.wattflow.jobs.ingest.IngestJob;
import io.wattflow.jobs.ingest.IngestOutputs;
import io.wattflow.jobs.ingest.IngestSettings;
import io.wattflow.jobs.ingest.ReadingsInput;
import io.wattflow.jobs.local.EmbeddedKafka;
import io.wattflow.jobs.local.LocalRunner;
import io.wattflow.jobs.testing.FailAfterCheckpoint;
import io.wattflow.kafka.KafkaConnectors;
import io.wattflow.kafka.KafkaSettings;
import io.wattflow.record.IntervalReading;
import io.wattflow.record.MeterReading;
import io.wattflow.record.SourcedReading;
import io.wattflow.sink.ParquetOutputs;
import io.wattflow.synth.Household;
import io.wattflow.synth.OutdoorTemperature;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka -> Kafka and Parquet through the whole pipeline with a real broker, an operator that fails
 * after completed checkpoints (twice), and a readings topic seeded with bad records: every valid
 * reading is counted exactly once in the committed outputs, every bad record is on the dead-letter
 * topic exactly once with its reason and origin.
 */
@Timeout(300)
class KafkaExactlyOnceTest {
    static final int METERS = 4;
    static final int SECONDS = 1200;
    static final Instant START = Instant.parse("2024-01-15T08:00:00Z");
    static final String FAILING = "kafka-exactly-once";

    @TempDir
    static java.nio.file.Path dir;
    static EmbeddedKafka kafka;
    static Map<String, Integer> expectedBad = new TreeMap<>();

    @BeforeAll
    static void startBrokerAndRunTheJob() throws Exception {
        kafka = EmbeddedKafka.plaintext();
        kafka.createTopic("wattflow.readings", 2);
        for (String output : IngestOutputs.ALL) {
            kafka.createTopic("wattflow." + output, 2);
        }
        kafka.produce("wattflow.readings", readingsWithBadRecords());

        KafkaSettings settings = new KafkaSettings();
        settings.bootstrapServers = kafka.bootstrapServers();
        settings.transactionTimeout = Duration.ofMinutes(2);
        IngestSettings ingest = IngestSettings.defaults();
        ingest.format = ReadingFormat.WATTFLOW_JSON;
        ReadingsInput kafkaInput = ReadingsInput.ofDecoded(KafkaConnectors.readingsUpToNow(settings,
                new ReadingDecoder(ingest.format, ingest.validation)));
        ReadingsInput failing = new ReadingsInput() {
            @Override
            public Streams open(StreamExecutionEnvironment env, IngestSettings s) {
                Streams in = kafkaInput.open(env, s);
                // About 1.2 s per pass over a partition, so checkpoints (with eleven transactional sinks)
                // complete while it is read, on the restored attempt too.
                return new Streams(in.readings.map(new FailAfterCheckpoint<SourcedReading>(FAILING, 2, 100, 10, 5))
                        .uid("fail-after-checkpoints").name("fails twice"), in.deadLetters);
            }
        };
        Configuration conf = LocalRunner.configuration(2, Duration.ofMillis(300));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        new IngestJob(failing, IngestOutputs.kafka(settings).and(IngestOutputs.parquet(new Path(dir.resolve("out").toUri()))),
                ingest).build(env);
        env.execute("kafka exactly-once test");
    }

    @AfterAll
    static void stopBroker() throws Exception {
        kafka.close();
    }

    static List<ProducerRecord<byte[], byte[]>> readingsWithBadRecords() {
        WattflowJsonWriter json = new WattflowJsonWriter();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        Household[] houses = new Household[METERS];
        for (int m = 0; m < METERS; m++) {
            houses[m] = new Household("m-" + m, 100 + m, START.toEpochMilli(), OutdoorTemperature.winter(1));
        }
        for (int s = 0; s < SECONDS; s++) {
            for (int m = 0; m < METERS; m++) {
                MeterReading r = houses[m].next(e -> { });
                int partition = m % 2;
                records.add(record(partition, r.meterId, json.toJson(r)));
                if (s == 100 + m) {
                    bad(records, partition, r.meterId, "{not json", "UNPARSABLE");
                    bad(records, partition, r.meterId, json.toJson(r).substring(0, 30), "UNPARSABLE");
                    bad(records, partition, r.meterId, json.toJson(r).replaceFirst("\"active_power_w\":[-0-9.E]+", "\"active_power_w\":\"lots\""), "UNPARSABLE");
                    bad(records, partition, r.meterId, json.toJson(r).replaceFirst("\"active_power_w\":[-0-9.E]+", "\"active_power_w\":NaN"), "INVALID_NUMBER");
                    bad(records, partition, r.meterId, json.toJson(r).replaceFirst("\"active_power_w\":[-0-9.E]+", "\"active_power_w\":9.9E12"), "POWER_OUT_OF_RANGE");
                    bad(records, partition, r.meterId, json.toJson(r), "DUPLICATE_TIMESTAMP");
                    bad(records, partition, r.meterId, json.toJson(r).replace(START.toString().substring(0, 4), "2199"), "TIMESTAMP_IN_FUTURE");
                    MeterReading late = new MeterReading(r.meterId, r.timestampMs - 60_000, 100);
                    bad(records, partition, r.meterId, json.toJson(late), "LATE");
                    bad(records, partition, null, "", "UNPARSABLE");
                }
            }
        }
        return records;
    }

    private static void bad(List<ProducerRecord<byte[], byte[]>> records, int partition, String key, String value, String reason) {
        records.add(record(partition, key, value));
        expectedBad.merge(reason, 1, Integer::sum);
    }

    private static ProducerRecord<byte[], byte[]> record(int partition, String key, String value) {
        return new ProducerRecord<>("wattflow.readings", partition, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void failuresWereInjected() {
        assertThat(FailAfterCheckpoint.failures(FAILING)).isEqualTo(2);
    }

    @Test
    void noTransactionIsLeftOpenToHoldBackReadCommittedConsumers() throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(kafka.clientProperties())) {
            assertThat(admin.listTransactions().all().get())
                    .filteredOn(t -> t.transactionalId().startsWith("wattflow"))
                    .as("transactions of the job's sinks still open after it finished")
                    .noneMatch(t -> t.state() == org.apache.kafka.clients.admin.TransactionState.ONGOING);
        }
    }

    @Test
    void everyValidReadingIsInTheCommittedKafkaIntervalsExactlyOnce() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, Integer> samplesByMinute = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readCommitted("wattflow.intervals_1min", Duration.ofSeconds(3))) {
            JsonNode json = mapper.readTree(r.value());
            assertThat(json.get("v").asInt()).isEqualTo(1);
            assertThat(json.get("type").asText()).isEqualTo("intervals_1min");
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(json.get("meterId").asText());
            Integer previous = samplesByMinute.put(json.get("meterId").asText() + "@" + json.get("startMs").asLong(),
                    json.get("sampleCount").asInt());
            assertThat(previous).as("an interval twice").isNull();
        }
        assertThat(samplesByMinute).hasSize(METERS * SECONDS / 60);
        assertThat(samplesByMinute.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(METERS * SECONDS);
    }

    @Test
    void everyValidReadingIsInTheParquetIntervalsExactlyOnce() throws Exception {
        List<IntervalReading> minutes = ParquetOutputs.readAll(dir.resolve("out").resolve(IngestOutputs.INTERVALS_1MIN), IntervalReading.class);
        assertThat(minutes.stream().map(m -> m.meterId + "@" + m.startMs).distinct().count()).isEqualTo(minutes.size());
        assertThat(minutes).hasSize(METERS * SECONDS / 60);
        assertThat(minutes.stream().mapToInt(m -> m.sampleCount).sum()).isEqualTo(METERS * SECONDS);
    }

    @Test
    void everyBadRecordIsOnTheDeadLetterTopicOnceWithItsReasonAndOrigin() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, Integer> reasons = new TreeMap<>();
        List<String> origins = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readCommitted("wattflow.dead_letters", Duration.ofSeconds(3))) {
            JsonNode json = mapper.readTree(r.value());
            reasons.merge(json.get("reason").asText(), 1, Integer::sum);
            origins.add(json.get("origin").asText());
            assertThat(json.get("origin").asText()).matches("wattflow\\.readings/[01]/\\d+");
            assertThat(json.get("raw").isTextual()).as("base64 raw bytes").isTrue();
        }
        assertThat(reasons).isEqualTo(expectedBad);
        assertThat(origins).doesNotHaveDuplicates();
    }
}
