package io.wattflow.cluster;

import io.wattflow.format.WattflowJsonWriter;
import io.wattflow.jobs.dashboard.OutputTables;
import io.wattflow.jobs.ingest.IngestOutputs;
import io.wattflow.jobs.local.EmbeddedKafka;
import io.wattflow.record.MeterReading;
import io.wattflow.sink.InProgressFiles;
import io.wattflow.synth.Household;
import io.wattflow.synth.OutdoorTemperature;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster jar on a real Flink session cluster (JobManager and TaskManager in their own JVMs, on
 * Flink's published jars, started by {@code flink-conf/local-cluster.sh}), reading readings from a
 * Kafka broker in this JVM:
 * <ol>
 * <li>submitted through the REST API ({@code /jars/upload}, {@code /jars/:id/run}), runs while a
 *     first part of the readings is there and a second arrives, then is stopped with a savepoint;</li>
 * <li>the rest of the readings arrive while no job runs;</li>
 * <li>an upgraded job (operators added: the model-control source and its parser; one changed: the
 *     NILM inference's batch size) is submitted through Flink's CLI from the savepoint, and its
 *     TaskManager is killed with {@code kill -9} after a checkpoint, while it still reads; a new
 *     TaskManager is started, the job restores and reads the topic to its end, and is stopped with a
 *     savepoint;</li>
 * <li>every output, per meter, is what one uninterrupted run of the upgraded job over the same topic,
 *     stopped the same way, writes: nothing lost, nothing doubled; the in-progress files the killed
 *     attempt left are found and removed by what {@code wattflow clean} runs, and no committed row
 *     goes with them.</li>
 * </ol>
 * About 2-3 minutes; needs {@code jobs/target/*-cluster.jar} (built before this module).
 */
@Tag("cluster")
@Timeout(600)
class LocalClusterEndToEndTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path WORK = Path.of("target/e2e").toAbsolutePath();
    static final Instant START = Instant.parse("2024-01-15T00:00:00Z");
    static final int METERS = 40;
    static final int HOURS = 6;
    static final String TOPIC = "e2e.readings";
    static final java.util.regex.Pattern METER = java.util.regex.Pattern.compile("meterId=([^,}]*)");

    private LocalCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.stop();
        }
    }

    @Test
    void savepointUpgradeAndAKilledTaskManagerLoseAndDoubleNothing() throws Exception {
        Path jar = clusterJar();
        deleteRecursively(WORK);
        Files.createDirectories(WORK);
        Path out = WORK.resolve("out");
        Path reference = WORK.resolve("reference");
        Path control = WORK.resolve("model-control.csv");
        // A command the upgraded job refuses (nothing to roll back to): the new operators at work.
        Files.writeString(control, "timestamp,command,model,version,location,sha256\n2024-01-15T03:00:00Z,rollback,nilm-appliances,,,\n");

        try (EmbeddedKafka kafka = EmbeddedKafka.plaintext()) {
            kafka.createTopic(TOPIC, 2);
            List<List<ProducerRecord<byte[], byte[]>>> parts = readings(new double[] {0.15, 0.3, 1.0});
            cluster = LocalCluster.start(ROOT, WORK.resolve("cluster"), "1s");

            // 1. First job through the REST API, stopped with a savepoint while it runs.
            kafka.produce(TOPIC, parts.get(0));
            String jarId = cluster.rest().uploadJar(jar);
            List<String> common = List.of("run", "--kafka-bootstrap", kafka.bootstrapServers(), "--readings-topic", TOPIC,
                    "--group-id", "e2e", "--output", out.toString(), "--output-topic-prefix", "e2e.", "--transactional-id-prefix", "e2e");
            String first = cluster.rest().runJar(jarId, common, 2);
            cluster.rest().awaitCheckpoints(first, 1, Duration.ofSeconds(120));
            kafka.produce(TOPIC, parts.get(1));
            cluster.rest().awaitCheckpoints(first, 3, Duration.ofSeconds(120));
            String savepoint = cluster.rest().stopWithSavepoint(first, WORK.resolve("savepoints").toUri().toString(), Duration.ofSeconds(120));

            // 2. The rest of the readings arrive while nothing runs.
            kafka.produce(TOPIC, parts.get(2));

            // 3. The upgraded job through the CLI, from the savepoint; its TaskManager killed after a checkpoint, mid-input.
            List<String> upgraded = new ArrayList<>(common);
            upgraded.addAll(List.of("--model-control", control.toString(), "--inference-batch", "8"));
            String second = cluster.submitWithCli(jar, savepoint, upgraded);
            cluster.rest().awaitCheckpoints(second, 1, Duration.ofSeconds(120));
            assertThat(lag(kafka, "e2e")).as("the kill must come while the job still reads: give it more readings").isPositive();
            cluster.killTaskManager();
            cluster.startTaskManager();
            String upgradedEnd = drainAndStop(kafka, second, "e2e");
            assertThat(cluster.rest().restarts(second)).as("the job restarted after the kill").isGreaterThanOrEqualTo(1);

            // 4. The upgraded job, uninterrupted, from the start of the topic, on the same cluster.
            List<String> referenceArgs = new ArrayList<>(upgraded);
            replace(referenceArgs, "--group-id", "e2e-reference");
            replace(referenceArgs, "--output", reference.toString());
            replace(referenceArgs, "--output-topic-prefix", "e2e-reference.");
            replace(referenceArgs, "--transactional-id-prefix", "e2e-reference");
            String referenceEnd = drainAndStop(kafka, cluster.rest().runJar(jarId, referenceArgs, 2), "e2e-reference");
            System.out.println("savepoints at the end of the input: " + upgradedEnd + ", " + referenceEnd);
        }

        List<Path> orphans = InProgressFiles.find(out, Duration.ZERO);
        Map<String, List<String>> before = rowsPerOutput(out);
        assertThat(InProgressFiles.delete(out, Duration.ZERO)).isEqualTo(orphans.size());
        assertThat(InProgressFiles.find(out, Duration.ZERO)).as("no in-progress file left").isEmpty();
        Map<String, List<String>> written = rowsPerOutput(out);
        assertThat(written).as("removing in-progress files removes no committed row").isEqualTo(before);
        Map<String, List<String>> expected = rowsPerOutput(reference);
        assertThat(expected.get(IngestOutputs.INTERVALS_1MIN)).as("the reference has its minutes").hasSizeGreaterThan(METERS * HOURS * 50);
        assertThat(expected.get(IngestOutputs.EVENTS)).isNotEmpty();
        assertThat(expected.get(IngestOutputs.APPLIANCE_RUNS)).isNotEmpty();
        assertThat(expected.get(IngestOutputs.CONTROL_ERRORS)).as("one refusal per serving task").hasSize(2);
        for (String output : expected.keySet()) {
            assertThat(perMeter(written.get(output))).as("%s per meter", output).isEqualTo(perMeter(expected.get(output)));
            assertThat(written.get(output)).as(output).isEqualTo(expected.get(output));
        }
        System.out.printf("cluster end to end: %d orphaned in-progress files removed; rows %s%n", orphans.size(),
                expected.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().size()).toList());
    }

    /**
     * Waits until the job has read every reading (its consumer group's offsets, committed with its
     * checkpoints, at the end of the topic) and two more checkpoints have passed (the last watermark
     * with them), then stops it with a savepoint, which commits the rest. Both runs end at the same
     * watermark, so they have closed the same intervals, runs and days.
     */
    private String drainAndStop(EmbeddedKafka kafka, String job, String group) throws Exception {
        long until = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (lag(kafka, group) > 0) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException(job + " did not read the topic to its end in 5 minutes (lag " + lag(kafka, group) + ")");
            }
            Thread.sleep(500);
        }
        cluster.rest().awaitCheckpoints(job, cluster.rest().completedCheckpoints(job) + 2, Duration.ofSeconds(120));
        return cluster.rest().stopWithSavepoint(job, WORK.resolve("savepoints").toUri().toString(), Duration.ofSeconds(120));
    }

    /** Readings of the topic the group has not committed yet. */
    static long lag(EmbeddedKafka kafka, String group) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return lagOnce(kafka, group);
            } catch (java.util.concurrent.TimeoutException e) {
                // The broker shares this JVM with the test and serves the job's transactions: ask again.
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

    private static long lagOnce(EmbeddedKafka kafka, String group) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(15, java.util.concurrent.TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            for (int p = 0; p < 2; p++) {
                latest.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
            }
            long lag = 0;
            for (var e : admin.listOffsets(latest).all().get(15, java.util.concurrent.TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        }
    }

    /** Every output's rows as text, sorted; columns that hold the wall-clock time of a refusal left out. */
    static Map<String, List<String>> rowsPerOutput(Path folder) throws Exception {
        Map<String, List<String>> rows = new TreeMap<>();
        try (OutputTables tables = new OutputTables(folder, IngestOutputs.ALL)) {
            for (String output : IngestOutputs.ALL) {
                if (!tables.has(output)) {
                    rows.put(output, List.of());
                    continue;
                }
                String exclude = output.equals(IngestOutputs.DEAD_LETTERS) || output.equals(IngestOutputs.CONTROL_ERRORS)
                        ? " EXCLUDE (refusedAtMs)" : "";
                List<String> text = new ArrayList<>();
                for (Map<String, Object> row : tables.rows("SELECT *" + exclude + " FROM " + output)) {
                    text.add(row.toString());
                }
                text.sort(null);
                rows.put(output, text);
            }
        }
        return rows;
    }

    static Map<String, Integer> perMeter(List<String> rows) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String row : rows) {
            var m = METER.matcher(row);
            counts.merge(m.find() ? m.group(1) : "-", 1, Integer::sum);
        }
        return counts;
    }

    /** Synthetic households at 1 Hz in time order, keyed by meter, cut into parts at the given shares of the hours. */
    static List<List<ProducerRecord<byte[], byte[]>>> readings(double[] upTo) {
        List<Household> houses = new ArrayList<>();
        for (int m = 0; m < METERS; m++) {
            houses.add(new Household(String.format("meter-%02d", m), 100 + m, START.toEpochMilli(), OutdoorTemperature.winter(7)));
        }
        WattflowJsonWriter json = new WattflowJsonWriter();
        List<List<ProducerRecord<byte[], byte[]>>> parts = new ArrayList<>();
        int seconds = HOURS * 3600;
        int s = 0;
        for (double share : upTo) {
            List<ProducerRecord<byte[], byte[]>> part = new ArrayList<>();
            for (; s < Math.round(share * seconds); s++) {
                for (Household h : houses) {
                    MeterReading r = h.next(label -> { });
                    part.add(new ProducerRecord<>(TOPIC, h.meterId().getBytes(StandardCharsets.UTF_8),
                            json.toJson(r).getBytes(StandardCharsets.UTF_8)));
                }
            }
            parts.add(part);
        }
        return parts;
    }

    static Path clusterJar() throws Exception {
        Path target = ROOT.resolve("jobs/target");
        try (var files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-cluster.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No cluster jar in " + target + ": build the jobs module first (./mvnw -B package)."));
        }
    }

    static void replace(List<String> args, String option, String value) {
        args.set(args.indexOf(option) + 1, value);
    }

    static void deleteRecursively(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
