package io.wattflow.jobs.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wattflow.format.ReadingFormat;
import io.wattflow.format.WattflowJsonWriter;
import io.wattflow.ingest.ReadingDecoder;
import io.wattflow.jobs.ingest.MeterPipelineJob;
import io.wattflow.jobs.ingest.IngestOutputs;
import io.wattflow.jobs.ingest.IngestSettings;
import io.wattflow.jobs.ingest.ReadingsInput;
import io.wattflow.jobs.local.EmbeddedKafka;
import io.wattflow.jobs.local.LocalRunner;
import io.wattflow.jobs.testing.FailAfterCheckpoint;
import io.wattflow.jobs.testing.PacedPassThrough;
import io.wattflow.kafka.KafkaConnectors;
import io.wattflow.kafka.KafkaSettings;
import io.wattflow.record.MeterReading;
import io.wattflow.record.SourcedReading;
import io.wattflow.sink.InProgressFiles;
import io.wattflow.synth.Household;
import io.wattflow.synth.OutdoorTemperature;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One run of the production path (Kafka readings -> the whole pipeline -> every output to Kafka and
 * Parquet) on a real broker and a MiniCluster of two TaskManagers, with one kind of failure injected,
 * checked per key: every output topic against its Parquet folder (nothing lost, nothing doubled on
 * either side), every meter-minute with its 60 samples, every bad record's origin once, no open
 * transaction, no data-loss error from the Kafka committers, no orphaned in-progress file.
 */
final class KafkaScenario {
    enum Injection {
        /** An operator throws after a completed checkpoint, twice. */
        OPERATOR_FAILURES,
        /** A task throws from the notification of a completed checkpoint, while the sinks commit it. */
        FAILURE_DURING_COMMIT,
        /** A TaskManager (one of two) is terminated mid-run and a new one started. */
        TASK_MANAGER_LOST,
        /** The Kafka broker is shut down mid-run and started again on the same port and logs. */
        BROKER_RESTART
    }

    static final int METERS = 4;
    static final int SECONDS = 1200;
    static final Instant START = Instant.parse("2024-01-15T08:00:00Z");
    private static final String PREFIX = "wattflow.";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What one run found; {@code problems} empty means nothing was lost or doubled. */
    static final class Report {
        final Injection injection;
        final List<String> problems = new ArrayList<>();
        final Map<String, Integer> kafkaRecords = new TreeMap<>();
        int injected;
        int inProgressFilesRemoved;
        /** Records committed to Parquet but not to the topic, and records twice in a topic, over all outputs. */
        long lost;
        long doubled;
        long durationMs;

        Report(Injection injection) {
            this.injection = injection;
        }

        @Override
        public String toString() {
            return injection + " (" + injected + " injected, " + inProgressFilesRemoved + " orphaned in-progress files removed, "
                    + durationMs + " ms): "
                    + (problems.isEmpty() ? "nothing lost, nothing doubled " + kafkaRecords : String.join("; ", problems));
        }
    }

    private KafkaScenario() {}

    static Report run(Injection injection, java.nio.file.Path dir) throws Exception {
        Report report = new Report(injection);
        long started = System.currentTimeMillis();
        String name = injection + "-" + System.nanoTime();
        Map<String, String> expectedOrigins = new TreeMap<>();
        List<String> committerErrors = new CopyOnWriteArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.plaintext(); CapturedErrors ignored = CapturedErrors.of(committerErrors,
                "org.apache.flink.connector.kafka.sink.internal.KafkaCommitter", "io.wattflow.kafka.RecoveryCheckingCommitter")) {
            kafka.createTopic(PREFIX + "readings", 2);
            for (String output : IngestOutputs.ALL) {
                kafka.createTopic(PREFIX + output, 2);
            }
            kafka.produce(PREFIX + "readings", readingsWithBadRecords(expectedOrigins));

            MiniCluster cluster = startCluster();
            try {
                JobClient job = submit(cluster, kafka, injection, name, dir.resolve("out"));
                report.injected = inject(injection, name, cluster, kafka, job);
                job.getJobExecutionResult().get(8, TimeUnit.MINUTES);
                if (injection == Injection.OPERATOR_FAILURES) {
                    report.injected = FailAfterCheckpoint.failures(name);
                } else if (injection == Injection.FAILURE_DURING_COMMIT) {
                    report.injected = PacedPassThrough.failures(name);
                }
            } finally {
                cluster.close();
            }
            // What `run` and the demo do when a job finishes (and `wattflow clean` for a running one).
            report.inProgressFilesRemoved = InProgressFiles.delete(dir.resolve("out"), Duration.ZERO);
            check(report, kafka, dir.resolve("out"), expectedOrigins, committerErrors);
        }
        report.durationMs = System.currentTimeMillis() - started;
        return report;
    }

    private static MiniCluster startCluster() throws Exception {
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, org.apache.flink.configuration.MemorySize.parse("64m"));
        // One slot per TaskManager: a parallelism-2 job uses both, so losing one loses tasks.
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
                .setNumTaskManagers(2).setNumSlotsPerTaskManager(1).build());
        cluster.start();
        return cluster;
    }

    private static JobClient submit(MiniCluster cluster, EmbeddedKafka kafka, Injection injection, String name,
                                    java.nio.file.Path out) throws Exception {
        KafkaSettings settings = new KafkaSettings();
        settings.bootstrapServers = kafka.bootstrapServers();
        settings.transactionTimeout = Duration.ofMinutes(2);
        IngestSettings ingest = IngestSettings.defaults();
        ingest.format = ReadingFormat.WATTFLOW_JSON;
        ReadingsInput kafkaInput = ReadingsInput.ofDecoded(KafkaConnectors.readingsUpToNow(settings,
                new ReadingDecoder(ingest.format, ingest.validation)));
        MapFunction<SourcedReading, SourcedReading> injected = injection == Injection.OPERATOR_FAILURES
                ? new FailAfterCheckpoint<>(name, 2, 100, 10, 10)
                // About 2.5 s per pass over a partition, so that checkpoints and failures land mid-run.
                : new PacedPassThrough<>(name, 10, 10, injection == Injection.FAILURE_DURING_COMMIT ? 2 : 0);
        ReadingsInput input = new ReadingsInput() {
            @Override
            public Streams open(StreamExecutionEnvironment env, IngestSettings s) {
                Streams in = kafkaInput.open(env, s);
                return new Streams(in.readings.map(injected).uid("injected-failures").name("injected failures"), in.deadLetters);
            }
        };
        Configuration conf = LocalRunner.configuration(2, Duration.ofMillis(300));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 10);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        StreamExecutionEnvironment env = new TestStreamEnvironment(cluster, conf, 2, List.of(), List.of());
        new MeterPipelineJob(input, IngestOutputs.kafka(settings).and(IngestOutputs.parquet(new Path(out.toUri()))), ingest).build(env);
        return env.executeAsync("kafka exactly-once " + injection);
    }

    /** Waits for the run to be under way, then injects; returns how many failures were injected. */
    private static int inject(Injection injection, String name, MiniCluster cluster, EmbeddedKafka kafka, JobClient job)
            throws Exception {
        switch (injection) {
            case OPERATOR_FAILURES:
            case FAILURE_DURING_COMMIT:
                return 0;  // the job's own functions inject these; counted after the run
            case TASK_MANAGER_LOST:
                awaitCheckpoints(name, 3, job);
                cluster.terminateTaskManager(0).get(1, TimeUnit.MINUTES);
                cluster.startTaskManager();
                return 1;
            default:
                awaitCheckpoints(name, 3, job);
                kafka.restartBroker();
                return 1;
        }
    }

    private static void awaitCheckpoints(String name, int count, JobClient job) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (PacedPassThrough.completedCheckpoints(name) < count * 2) {  // two subtasks notify each
            if (System.currentTimeMillis() > deadline || job.getJobStatus().get().isGloballyTerminalState()) {
                throw new IllegalStateException("the job did not complete " + count + " checkpoints to inject a failure after");
            }
            Thread.sleep(50);
        }
    }

    static List<ProducerRecord<byte[], byte[]>> readingsWithBadRecords(Map<String, String> expectedOrigins) {
        WattflowJsonWriter json = new WattflowJsonWriter();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        int[] offsets = new int[2];
        Household[] houses = new Household[METERS];
        for (int m = 0; m < METERS; m++) {
            houses[m] = new Household("m-" + m, 100 + m, START.toEpochMilli(), OutdoorTemperature.winter(1));
        }
        for (int s = 0; s < SECONDS; s++) {
            for (int m = 0; m < METERS; m++) {
                MeterReading r = houses[m].next(e -> { });
                int p = m % 2;
                add(records, offsets, p, r.meterId, json.toJson(r), null, expectedOrigins);
                if (s == 100 + m) {
                    String ok = json.toJson(r);
                    add(records, offsets, p, r.meterId, "{not json", "UNPARSABLE", expectedOrigins);
                    add(records, offsets, p, r.meterId, ok.substring(0, 30), "UNPARSABLE", expectedOrigins);
                    add(records, offsets, p, r.meterId, ok.replaceFirst("\"active_power_w\":[-0-9.E]+", "\"active_power_w\":\"lots\""),
                            "UNPARSABLE", expectedOrigins);
                    add(records, offsets, p, r.meterId, ok.replaceFirst("\"active_power_w\":[-0-9.E]+", "\"active_power_w\":NaN"),
                            "INVALID_NUMBER", expectedOrigins);
                    add(records, offsets, p, r.meterId, ok.replaceFirst("\"active_power_w\":[-0-9.E]+", "\"active_power_w\":9.9E12"),
                            "POWER_OUT_OF_RANGE", expectedOrigins);
                    add(records, offsets, p, r.meterId, ok + " trailing", "UNPARSABLE", expectedOrigins);
                    add(records, offsets, p, r.meterId, ok.replace("\"v\":1", "\"v\":1.9"), "UNSUPPORTED_VERSION", expectedOrigins);
                    add(records, offsets, p, r.meterId, ok, "DUPLICATE_TIMESTAMP", expectedOrigins);
                    add(records, offsets, p, r.meterId, ok.replace(START.toString().substring(0, 4), "2199"), "TIMESTAMP_IN_FUTURE",
                            expectedOrigins);
                    add(records, offsets, p, r.meterId, json.toJson(new MeterReading(r.meterId, r.timestampMs - 60_000, 100)), "LATE",
                            expectedOrigins);
                    add(records, offsets, p, null, "", "UNPARSABLE", expectedOrigins);
                }
            }
        }
        return records;
    }

    private static void add(List<ProducerRecord<byte[], byte[]>> records, int[] offsets, int partition, String key, String value,
                            String badReason, Map<String, String> expectedOrigins) {
        records.add(new ProducerRecord<>(PREFIX + "readings", partition, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8)));
        int offset = offsets[partition]++;  // a new topic: offsets count from 0 in the order produced
        if (badReason != null) {
            expectedOrigins.put(PREFIX + "readings/" + partition + "/" + offset, badReason);
        }
    }

    private static void check(Report report, EmbeddedKafka kafka, java.nio.file.Path out, Map<String, String> expectedOrigins,
                              List<String> committerErrors) throws Exception {
        Map<String, List<String>> topics = CommittedOutputs.kafka(kafka, PREFIX);
        Map<String, List<String>> files = CommittedOutputs.parquet(out);
        for (String output : IngestOutputs.ALL) {
            List<String> k = topics.get(output);
            List<String> p = files.get(output);
            report.kafkaRecords.put(output, k.size());
            Map<String, Integer> lost = CommittedOutputs.surplus(p, k);
            Map<String, Integer> extra = CommittedOutputs.surplus(k, p);
            report.lost += lost.values().stream().mapToInt(Integer::intValue).sum();
            report.doubled += CommittedOutputs.doubled(k).values().stream().mapToInt(n -> n - 1).sum();
            if (!lost.isEmpty()) {
                report.problems.add(output + ": " + lost.values().stream().mapToInt(Integer::intValue).sum()
                        + " records in Parquet missing from the topic, e.g. " + lost.keySet().iterator().next());
            }
            if (!extra.isEmpty()) {
                report.problems.add(output + ": " + extra.values().stream().mapToInt(Integer::intValue).sum()
                        + " records in the topic missing from Parquet, e.g. " + extra.keySet().iterator().next());
            }
            if (!CommittedOutputs.doubled(k).isEmpty()) {
                report.problems.add(output + ": " + CommittedOutputs.doubled(k).size() + " records twice in the topic");
            }
            if (!CommittedOutputs.doubled(p).isEmpty()) {
                report.problems.add(output + ": " + CommittedOutputs.doubled(p).size() + " records twice in Parquet");
            }
        }
        checkMinutes(report, "topic", topics.get(IngestOutputs.INTERVALS_1MIN));
        checkMinutes(report, "Parquet", files.get(IngestOutputs.INTERVALS_1MIN));
        Map<String, String> origins = new TreeMap<>();
        for (String line : topics.get(IngestOutputs.DEAD_LETTERS)) {
            JsonNode d = MAPPER.readTree(line);
            if (origins.put(d.get("origin").asText(), d.get("reason").asText()) != null) {
                report.problems.add("dead letter of " + d.get("origin").asText() + " twice");
            }
        }
        if (!origins.equals(expectedOrigins)) {
            Set<String> missing = new TreeSet<>(expectedOrigins.keySet());
            missing.removeAll(origins.keySet());
            report.problems.add("dead letters: origins or reasons differ from the bad records produced; missing " + missing);
        }
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            long open = admin.listTransactions().all().get().stream()
                    .filter(t -> t.transactionalId().startsWith("wattflow") && t.state() == TransactionState.ONGOING).count();
            if (open > 0) {
                report.problems.add(open + " transactions left open (read_committed consumers would stall)");
            }
        }
        List<String> dataLoss = committerErrors.stream().filter(e -> e.contains("data loss") || e.contains("lost")).collect(Collectors.toList());
        if (!dataLoss.isEmpty()) {
            report.problems.add("the Kafka committer reported data loss: " + dataLoss.get(0));
        }
        try (Stream<java.nio.file.Path> walk = Files.walk(out)) {
            List<String> inProgress = walk.map(f -> f.getFileName().toString()).filter(f -> f.contains("inprogress")).collect(Collectors.toList());
            if (!inProgress.isEmpty()) {
                report.problems.add(inProgress.size() + " in-progress files left in the Parquet output, e.g. " + inProgress.get(0));
            }
        }
    }

    private static void checkMinutes(Report report, String where, List<String> minutes) throws Exception {
        Map<String, Integer> samples = new HashMap<>();
        for (String line : minutes) {
            JsonNode m = MAPPER.readTree(line);
            samples.merge(m.get("meterId").asText() + "@" + m.get("startMs").asLong(), m.get("sampleCount").asInt(), Integer::sum);
        }
        long wrong = samples.values().stream().filter(n -> n != 60).count();
        if (samples.size() != METERS * SECONDS / 60 || wrong > 0) {
            report.problems.add("1-min intervals in the " + where + ": " + samples.size() + " meter-minutes of " + METERS * SECONDS / 60
                    + ", " + wrong + " without their 60 samples");
        }
    }

    /** ERROR events of some loggers, captured while open. */
    static final class CapturedErrors extends AbstractAppender implements AutoCloseable {
        private final List<String> sink;
        private final String[] loggers;

        private CapturedErrors(List<String> sink, String[] loggers) {
            super("captured-errors-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
            this.sink = sink;
            this.loggers = loggers;
        }

        static CapturedErrors of(List<String> sink, String... loggers) {
            CapturedErrors appender = new CapturedErrors(sink, loggers);
            appender.start();
            LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
            for (String logger : loggers) {
                LoggerConfig config = ctx.getConfiguration().getLoggerConfig(logger);
                if (!config.getName().equals(logger)) {
                    config = new LoggerConfig(logger, Level.WARN, true);
                    ctx.getConfiguration().addLogger(logger, config);
                }
                config.addAppender(appender, Level.ERROR, null);
            }
            ctx.updateLoggers();
            return appender;
        }

        @Override
        public void append(LogEvent event) {
            sink.add(event.getMessage().getFormattedMessage());
        }

        @Override
        public void close() {
            LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
            for (String logger : loggers) {
                ctx.getConfiguration().getLoggerConfig(logger).removeAppender(getName());
            }
            ctx.updateLoggers();
            stop();
        }
    }
}
