package io.wattflow.jobs.cli;

import io.wattflow.kafka.KafkaSettings;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** Kafka as a source and/or sink of the {@code run} command. */
public final class KafkaOptions {
    @Option(names = "--kafka-bootstrap", description = "Kafka bootstrap servers; with it readings come from Kafka.")
    String bootstrap;

    @Option(names = "--readings-topic", description = "Topic of the readings (default: ${DEFAULT-VALUE}).")
    String readingsTopic = "wattflow.readings";

    @Option(names = "--labels-topic", description = "Topic of the households' appliance labels, one CSV line per record: "
            + "meter_id,timestamp,run_start,device,appliance (default: none).")
    String labelsTopic;

    @Option(names = "--model-control-topic", description = "Topic of model-control commands, one CSV line per record: "
            + "timestamp,command,model,version,location,sha256 (default: none).")
    String modelControlTopic;

    @Option(names = "--group-id", description = "Consumer group of the readings source (default: ${DEFAULT-VALUE}).")
    String groupId = "wattflow";

    @Option(names = "--output-topic-prefix", description = "Output topics are this prefix plus the output name (default: ${DEFAULT-VALUE}).")
    String outputTopicPrefix = "wattflow.";

    @Option(names = "--transactional-id-prefix", description = "Prefix of the sinks' Kafka transactional ids; unique per job (default: ${DEFAULT-VALUE}).")
    String transactionalIdPrefix = "wattflow";

    @Option(names = "--kafka-transaction-timeout", converter = DurationConverter.class,
            description = "Kafka transaction timeout (default: 10m); at least twice the checkpoint interval.")
    Duration transactionTimeout = Duration.ofMinutes(10);

    @Option(names = "--kafka-broker-max-transaction-timeout", converter = DurationConverter.class,
            description = "The brokers' transaction.max.timeout.ms (default: 15m).")
    Duration brokerMaxTransactionTimeout = Duration.ofMinutes(15);

    @Option(names = "--kafka-properties", description = "Kafka client properties (SASL, TLS, ...); "
            + "WATTFLOW_KAFKA_<PROPERTY> environment variables add to and override them.")
    Path propertiesFile;

    @Option(names = "--kafka-to-the-end", description = "Stop at the offsets that are the latest at start (a bounded replay).")
    boolean bounded;

    boolean enabled() {
        return bootstrap != null;
    }

    KafkaSettings toSettings(Duration checkpointInterval) throws IOException {
        KafkaSettings s = new KafkaSettings();
        s.bootstrapServers = bootstrap;
        s.readingsTopic = readingsTopic;
        s.groupId = groupId;
        s.outputTopicPrefix = outputTopicPrefix;
        s.transactionalIdPrefix = transactionalIdPrefix;
        s.transactionTimeout = transactionTimeout;
        s.brokerMaxTransactionTimeout = brokerMaxTransactionTimeout;
        s.withPropertiesFrom(propertiesFile, System.getenv());
        s.validate(checkpointInterval);
        return s;
    }
}
