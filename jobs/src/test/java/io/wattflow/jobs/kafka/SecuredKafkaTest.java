package io.wattflow.jobs.kafka;

import io.wattflow.format.ReadingFormat;
import io.wattflow.format.WattflowJsonWriter;
import io.wattflow.ingest.ReadingDecoder;
import io.wattflow.jobs.ingest.MeterPipelineJob;
import io.wattflow.jobs.ingest.IngestOutputs;
import io.wattflow.jobs.ingest.IngestSettings;
import io.wattflow.jobs.ingest.ReadingsInput;
import io.wattflow.jobs.local.EmbeddedKafka;
import io.wattflow.jobs.local.LocalRunner;
import io.wattflow.kafka.KafkaConnectors;
import io.wattflow.kafka.KafkaPreflight;
import io.wattflow.kafka.KafkaSettings;
import io.wattflow.record.MeterReading;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A broker that requires SASL/SCRAM-SHA-256: the job authenticates with the right secret (given
 * through the environment), the pre-flight check refuses a wrong one with a clear sentence, and the
 * secrets appear in no log line (captured at INFO, where Kafka clients print their configuration) and
 * in no message.
 */
@Timeout(240)
class SecuredKafkaTest {
    private static final String ADMIN_SECRET = "admin-s3cret-PLAIN";
    private static final String ALICE_SECRET = "alice-s3cret-SCRAM-7781";
    private static final String WRONG_SECRET = "not-alices-password-4410";

    static EmbeddedKafka kafka;

    @BeforeAll
    static void startSecuredBroker() throws Exception {
        String plainJaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\""
                + ADMIN_SECRET + "\" user_admin=\"" + ADMIN_SECRET + "\";";
        kafka = new EmbeddedKafka(Map.of(
                "sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256",
                "sasl.mechanism.inter.broker.protocol", "PLAIN",
                // The test kit runs an authorizer; this test is about authentication, so all three may do anything.
                "super.users", "User:ANONYMOUS;User:admin;User:alice",
                "listener.name.external.plain.sasl.jaas.config", plainJaas,
                "listener.name.external.scram-sha-256.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;"),
                new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1)
                        .setBrokerListenerName(new ListenerName("EXTERNAL"))
                        .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT).build(), adminClient(plainJaas));
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("alice",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), ALICE_SECRET))).all().get();
        }
        kafka.createTopic("wattflow.readings", 1);
        for (String output : IngestOutputs.ALL) {
            kafka.createTopic("wattflow." + output, 1);
        }
        WattflowJsonWriter json = new WattflowJsonWriter();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int s = 0; s < 300; s++) {
            MeterReading r = new MeterReading("m-1", 1_705_305_600_000L + s * 1000L, s < 150 ? 100 : 2100);
            records.add(new ProducerRecord<>("wattflow.readings", "m-1".getBytes(StandardCharsets.UTF_8),
                    json.toJson(r).getBytes(StandardCharsets.UTF_8)));
        }
        kafka.produce("wattflow.readings", records);
        Thread.sleep(1000); // SCRAM credentials reach the broker's cache through the metadata log
    }

    private static Properties adminClient(String jaas) {
        Properties p = new Properties();
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "PLAIN");
        p.put("sasl.jaas.config", jaas);
        return p;
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    private static KafkaSettings settingsWithSecret(String secret) throws Exception {
        KafkaSettings s = new KafkaSettings();
        s.bootstrapServers = kafka.bootstrapServers();
        s.transactionTimeout = Duration.ofMinutes(2);
        s.withProperty("security.protocol", "SASL_PLAINTEXT").withProperty("sasl.mechanism", "SCRAM-SHA-256");
        return s.withPropertiesFrom(null, Map.of("WATTFLOW_KAFKA_SASL_JAAS_CONFIG",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"alice\" password=\"" + secret + "\";"));
    }

    @Test
    void theJobAuthenticatesWithTheRightSecretAndNoLogLineShowsIt() throws Exception {
        List<String> logged = captureLogsWhile(() -> {
            KafkaSettings settings = settingsWithSecret(ALICE_SECRET);
            KafkaPreflight.check(settings, Duration.ofSeconds(20));
            IngestSettings ingest = IngestSettings.defaults();
            ingest.format = ReadingFormat.WATTFLOW_JSON;
            StreamExecutionEnvironment env = LocalRunner.environment(1, Duration.ofMillis(500));
            new MeterPipelineJob(ReadingsInput.ofDecoded(KafkaConnectors.readingsUpToNow(settings,
                    new ReadingDecoder(ingest.format, ingest.validation))), IngestOutputs.kafka(settings), ingest).build(env);
            env.execute("secured kafka test");
            assertThat(settings.toString()).contains("sasl.jaas.config=[hidden]").doesNotContain(ALICE_SECRET);
        });
        assertThat(kafka.readCommitted("wattflow.intervals_1min", Duration.ofSeconds(3))).hasSize(5);
        assertThat(kafka.readCommitted("wattflow.events", Duration.ofSeconds(2))).hasSize(1);
        assertThat(logged).as("INFO logs were captured").anyMatch(l -> l.contains("sasl.mechanism"));
        assertThat(logged).noneMatch(l -> l.contains(ALICE_SECRET));
    }

    @Test
    void aWrongSecretIsRefusedWithAClearSentenceThatDoesNotRepeatIt() throws Exception {
        List<String> logged = captureLogsWhile(() ->
                assertThatThrownBy(() -> KafkaPreflight.check(settingsWithSecret(WRONG_SECRET), Duration.ofSeconds(20)))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("refused wattflow's credentials")
                        .hasMessageContaining("sasl.jaas.config")
                        .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(WRONG_SECRET)));
        assertThat(logged).noneMatch(l -> l.contains(WRONG_SECRET));
    }

    interface Action {
        void run() throws Exception;
    }

    /** Runs {@code action} with every log event at INFO and above captured (and kept off the console). */
    private static List<String> captureLogsWhile(Action action) throws Exception {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        LoggerConfig root = ctx.getConfiguration().getRootLogger();
        Level level = root.getLevel();
        var appenders = new java.util.HashMap<>(root.getAppenders());
        AbstractAppender capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                StringBuilder b = new StringBuilder(event.getMessage().getFormattedMessage());
                if (event.getThrown() != null) {
                    b.append('\n').append(stackTrace(event.getThrown()));
                }
                lines.add(b.toString());
            }
        };
        capture.start();
        appenders.keySet().forEach(root::removeAppender);
        root.addAppender(capture, Level.INFO, null);
        root.setLevel(Level.INFO);
        ctx.updateLoggers();
        try {
            action.run();
        } finally {
            root.removeAppender("capture");
            appenders.values().forEach(a -> root.addAppender(a, null, null));
            root.setLevel(level);
            ctx.updateLoggers();
        }
        return lines;
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
