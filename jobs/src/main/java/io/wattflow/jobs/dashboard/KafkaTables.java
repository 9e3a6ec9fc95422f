package io.wattflow.jobs.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wattflow.jobs.ingest.IngestOutputs;
import io.wattflow.kafka.KafkaSettings;
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
import io.wattflow.record.PowerSample;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The job's output topics, read committed from their beginning and followed live, appended to
 * DuckDB tables shaped like the Parquet outputs (the columns are the record classes' fields, as the
 * topics' JSON is). Topics that appear later are picked up within {@link #TOPICS_EVERY}.
 */
final class KafkaTables extends DuckTables {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaTables.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TOPICS_EVERY = Duration.ofSeconds(10);

    /** The record class of each output: its public fields are the topic's JSON fields and the table's columns. */
    static final Map<String, Class<?>> RECORDS = Map.ofEntries(
            Map.entry(IngestOutputs.INTERVALS_1MIN, IntervalReading.class),
            Map.entry(IngestOutputs.INTERVALS_15MIN, IntervalReading.class),
            Map.entry(IngestOutputs.GAPS, GapRecord.class),
            Map.entry(IngestOutputs.EVENTS, LoadEvent.class),
            Map.entry(IngestOutputs.APPLIANCE_RUNS, ApplianceRun.class),
            Map.entry(IngestOutputs.ANOMALIES, Anomaly.class),
            Map.entry(IngestOutputs.ALERTS, AnomalyAlert.class),
            Map.entry(IngestOutputs.DAILY_BASELINES, DailyBaseline.class),
            Map.entry(IngestOutputs.HEATPUMP_DETECTIONS, HeatPumpDetection.class),
            Map.entry(IngestOutputs.HEATPUMP_ENERGY, HeatPumpEnergy.class),
            Map.entry(IngestOutputs.POWER_SAMPLES, PowerSample.class),
            Map.entry(IngestOutputs.FORECASTS, io.wattflow.record.Forecast.class),
            Map.entry(IngestOutputs.FORECAST_ERRORS, io.wattflow.record.ForecastError.class),
            Map.entry(IngestOutputs.PROFILE_DAYS, io.wattflow.record.ProfileDay.class),
            Map.entry(IngestOutputs.METER_PROFILES, io.wattflow.record.MeterProfile.class),
            Map.entry(IngestOutputs.APPLIANCE_ACTIVATIONS, io.wattflow.record.ApplianceActivation.class),
            Map.entry(IngestOutputs.APPLIANCE_ENERGY_DAILY, io.wattflow.record.ApplianceEnergyDaily.class),
            Map.entry(IngestOutputs.APPLIANCE_MINUTES, io.wattflow.record.ApplianceMinute.class),
            Map.entry(IngestOutputs.NEW_DEVICES, io.wattflow.record.NewDevice.class),
            Map.entry(IngestOutputs.DEVICE_HEALTH, io.wattflow.record.DeviceHealthAlert.class),
            Map.entry(IngestOutputs.DEAD_LETTERS, DeadLetter.class),
            Map.entry(IngestOutputs.CONTROL_ERRORS, io.wattflow.record.ControlError.class));

    private final String prefix;
    private final Map<String, List<Field>> columns = new LinkedHashMap<>();
    private final Map<String, Long> counts = new ConcurrentHashMap<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread reader;
    private volatile boolean running = true;
    private volatile long malformed;

    KafkaTables(KafkaSettings kafka) throws SQLException {
        this.prefix = kafka.outputTopicPrefix;
        try (Statement s = db.createStatement()) {
            for (Map.Entry<String, Class<?>> output : RECORDS.entrySet()) {
                List<Field> fields = new ArrayList<>();
                StringBuilder ddl = new StringBuilder();
                for (Field f : output.getValue().getFields()) {
                    if (!Modifier.isStatic(f.getModifiers())) {
                        fields.add(f);
                        ddl.append(ddl.length() == 0 ? "" : ", ").append('"').append(f.getName()).append("\" ").append(Column.of(f.getType()));
                    }
                }
                s.execute("CREATE TABLE " + output.getKey() + " (" + ddl + ")");
                columns.put(output.getKey(), fields);
            }
        }
        Properties p = kafka.clientProperties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");  // what the job committed, never an aborted attempt
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        reader = new Thread(this::follow, "dashboard-kafka");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public boolean has(String table) {
        return counts.getOrDefault(table, 0L) > 0;
    }

    /** Records read so far per output, and how many were not JSON of a known shape (skipped, logged). */
    Map<String, Long> counts() {
        return Map.copyOf(counts);
    }

    long malformed() {
        return malformed;
    }

    private void follow() {
        long topicsCheckedAt = 0;
        Set<TopicPartition> assigned = new HashSet<>();
        try (DuckDBConnection writer = (DuckDBConnection) db.duplicate()) {
            while (running) {
                if (System.currentTimeMillis() - topicsCheckedAt > TOPICS_EVERY.toMillis()) {
                    topicsCheckedAt = System.currentTimeMillis();
                    Set<TopicPartition> wanted = outputPartitions();
                    if (!wanted.equals(assigned)) {
                        Set<TopicPartition> added = new HashSet<>(wanted);
                        added.removeAll(assigned);
                        consumer.assign(wanted);
                        consumer.seekToBeginning(added);
                        assigned = wanted;
                    }
                }
                if (assigned.isEmpty()) {
                    Thread.sleep(500);
                    continue;
                }
                append(writer, consumer.poll(Duration.ofMillis(500)));
            }
        } catch (WakeupException | InterruptedException stopping) {
            // close() asked
        } catch (RuntimeException | SQLException e) {
            LOG.error("The dashboard stopped following the Kafka topics: {}", e.getMessage(), e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private Set<TopicPartition> outputPartitions() {
        Set<TopicPartition> partitions = new HashSet<>();
        for (Map.Entry<String, List<PartitionInfo>> topic : consumer.listTopics(Duration.ofSeconds(10)).entrySet()) {
            if (topic.getKey().startsWith(prefix) && RECORDS.containsKey(topic.getKey().substring(prefix.length()))) {
                topic.getValue().forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
        }
        return partitions;
    }

    private void append(DuckDBConnection writer, ConsumerRecords<byte[], byte[]> records) throws SQLException {
        Map<String, List<JsonNode>> byOutput = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            try {
                byOutput.computeIfAbsent(r.topic().substring(prefix.length()), k -> new ArrayList<>()).add(JSON.readTree(r.value()));
            } catch (IOException | RuntimeException e) {
                malformed++;
                LOG.warn("Skipping a record of {} that is not JSON: {}", r.topic(), e.getMessage());
            }
        }
        for (Map.Entry<String, List<JsonNode>> output : byOutput.entrySet()) {
            List<Field> fields = columns.get(output.getKey());
            try (DuckDBAppender appender = writer.createAppender(DuckDBConnection.DEFAULT_SCHEMA, output.getKey())) {
                for (JsonNode row : output.getValue()) {
                    appender.beginRow();
                    for (Field f : fields) {
                        Column.of(f.getType()).append(appender, row.get(f.getName()));
                    }
                    appender.endRow();
                }
            }
            counts.merge(output.getKey(), (long) output.getValue().size(), Long::sum);
        }
    }

    /** A record field's column: its SQL type, and how a JSON value of it is appended. */
    enum Column {
        BIGINT, INTEGER, DOUBLE, BOOLEAN, VARCHAR;

        static Column of(Class<?> type) {
            if (type == long.class || type == Long.class) {
                return BIGINT;
            } else if (type == int.class || type == Integer.class) {
                return INTEGER;
            } else if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
                return DOUBLE;
            } else if (type == boolean.class || type == Boolean.class) {
                return BOOLEAN;
            }
            return VARCHAR;
        }

        void append(DuckDBAppender a, JsonNode v) throws SQLException {
            if (v == null || v.isNull()) {
                a.appendNull();
                return;
            }
            switch (this) {
                case BIGINT -> a.append(v.asLong());
                case INTEGER -> a.append(v.asInt());
                case DOUBLE -> a.append(v.asDouble());
                case BOOLEAN -> a.append(v.asBoolean());
                default -> a.append(v.isTextual() ? v.asText() : v.toString());
            }
        }
    }

    @Override
    public void close() throws Exception {
        running = false;
        consumer.wakeup();
        reader.join(5_000);
        super.close();
    }
}
