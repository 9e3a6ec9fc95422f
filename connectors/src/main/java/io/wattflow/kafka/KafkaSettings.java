package io.wattflow.kafka;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * How wattflow reaches Kafka: bootstrap servers, topics, and any client property (SASL, TLS, ...)
 * from a properties file and from environment variables {@code WATTFLOW_KAFKA_<PROPERTY>} (dots as
 * underscores: {@code WATTFLOW_KAFKA_SASL_JAAS_CONFIG} is {@code sasl.jaas.config}), the environment
 * winning. The properties travel inside the source and sink, never as global job parameters (which
 * the web UI shows), and {@link #toString()} masks every value that could be a secret.
 */
public final class KafkaSettings implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String ENV_PREFIX = "WATTFLOW_KAFKA_";
    private static final Set<String> SECRET_HINTS = Set.of("password", "jaas", "secret", "key", "token", "credential");

    public String bootstrapServers;
    public String readingsTopic = "wattflow.readings";
    public String groupId = "wattflow";
    /** Output topics are this prefix plus the output name: wattflow.events, wattflow.dead_letters, ... */
    public String outputTopicPrefix = "wattflow.";
    public String transactionalIdPrefix = "wattflow";
    /**
     * Kafka transaction timeout: above the longest time a checkpoint plus a restart can take, and not
     * above the broker's {@code transaction.max.timeout.ms} (15 min by default).
     */
    public Duration transactionTimeout = Duration.ofMinutes(10);
    /** The brokers' {@code transaction.max.timeout.ms}; 15 min unless the cluster raised it. */
    public Duration brokerMaxTransactionTimeout = Duration.ofMinutes(15);
    private final TreeMap<String, String> clientProperties = new TreeMap<>();

    public Properties clientProperties() {
        Properties p = new Properties();
        p.putAll(clientProperties);
        return p;
    }

    public KafkaSettings withProperty(String key, String value) {
        clientProperties.put(key, value);
        return this;
    }

    /** Adds the properties of {@code file}, then of the environment. */
    public KafkaSettings withPropertiesFrom(Path file, Map<String, String> environment) throws IOException {
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("Kafka properties file " + file + " does not exist: give the path of a readable file.");
            }
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
            p.forEach((k, v) -> clientProperties.put(k.toString(), v.toString()));
        }
        environment.forEach((k, v) -> {
            if (k.startsWith(ENV_PREFIX)) {
                clientProperties.put(k.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), v);
            }
        });
        return this;
    }

    /** Checks the settings against the checkpoint interval; one sentence on what to change. */
    public void validate(Duration checkpointInterval) {
        checkBootstrapServers(bootstrapServers);
        if (transactionTimeout.compareTo(checkpointInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("The Kafka transaction timeout (" + transactionTimeout + ") must be at least twice "
                    + "the checkpoint interval (" + checkpointInterval + "), or transactions expire before they commit: raise it.");
        }
        if (transactionTimeout.compareTo(brokerMaxTransactionTimeout) > 0) {
            throw new IllegalArgumentException("The Kafka transaction timeout (" + transactionTimeout + ") is above the brokers' "
                    + "transaction.max.timeout.ms (" + brokerMaxTransactionTimeout + "), which refuse it: lower it, or say the "
                    + "brokers' real limit with --kafka-broker-max-transaction-timeout.");
        }
    }

    /** Bootstrap servers as {@code host:port[,host:port...]}; one sentence on what is wrong otherwise. */
    public static void checkBootstrapServers(String bootstrapServers) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("Kafka needs bootstrap servers: pass --kafka-bootstrap host:9092.");
        }
        for (String server : bootstrapServers.split(",")) {
            String s = server.trim();
            int colon = s.lastIndexOf(':');
            String port = colon < 0 ? "" : s.substring(colon + 1);
            if (colon <= 0 || !port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw new IllegalArgumentException("Kafka bootstrap server '" + s + "' needs a host and a port: write it like "
                        + "broker-1:9092 (several separated by commas).");
            }
        }
    }

    static boolean looksSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return SECRET_HINTS.stream().anyMatch(k::contains);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("KafkaSettings{bootstrap=").append(bootstrapServers)
                .append(", readings=").append(readingsTopic).append(", outputs=").append(outputTopicPrefix).append('*');
        clientProperties.forEach((k, v) -> b.append(", ").append(k).append('=').append(looksSecret(k) ? "[hidden]" : v));
        return b.append('}').toString();
    }
}
