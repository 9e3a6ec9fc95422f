package io.wattflow.kafka;

import io.wattflow.ingest.DecodedRecord;
import io.wattflow.ingest.ReadingDecoder;
import io.wattflow.record.RawRecord;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.function.SerializableFunction;

import java.util.Properties;

/** The Kafka source of readings and the exactly-once sinks of the outputs. */
public final class KafkaConnectors {
    private KafkaConnectors() {}

    /**
     * Readings from the readings topic, decoded in the source. Starts at the committed offsets of the
     * group (the earliest ones for a new group); offsets are committed on checkpoints.
     */
    public static KafkaSource<DecodedRecord> readings(KafkaSettings settings, ReadingDecoder decoder) {
        return readingsBuilder(settings, decoder).build();
    }

    /** Readings up to the offsets that are the latest when the job starts: a bounded replay of a topic. */
    public static KafkaSource<DecodedRecord> readingsUpToNow(KafkaSettings settings, ReadingDecoder decoder) {
        return readingsBuilder(settings, decoder).setBounded(OffsetsInitializer.latest()).build();
    }

    private static org.apache.flink.connector.kafka.source.KafkaSourceBuilder<DecodedRecord> readingsBuilder(
            KafkaSettings settings, ReadingDecoder decoder) {
        return builder(settings, settings.readingsTopic, settings.groupId, new KafkaReadingDeserializer(decoder));
    }

    /** A source of {@code topic} for {@code groupId}, from its committed offsets (the earliest for a new group). */
    private static <T> org.apache.flink.connector.kafka.source.KafkaSourceBuilder<T> builder(KafkaSettings settings, String topic,
            String groupId, KafkaRecordDeserializationSchema<T> deserializer) {
        return KafkaSource.<T>builder()
                .setBootstrapServers(settings.bootstrapServers)
                .setTopics(topic)
                .setGroupId(groupId)
                .setProperties(settings.clientProperties())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(
                        org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST))
                .setDeserializer(deserializer);
    }

    /**
     * CSV lines (one per record, under {@code csvHeader}) from {@code topic}, for inputs beside the
     * readings such as the households' labels; its own consumer group ({@code <group>-<topic>}), from the
     * committed offsets (the earliest for a new group); bounded at the latest offsets when {@code upToNow}.
     */
    public static KafkaSource<RawRecord> lines(KafkaSettings settings, String topic, String csvHeader, boolean upToNow) {
        var builder = builder(settings, topic, settings.groupId + "-" + topic, new KafkaCsvLineDeserializer(csvHeader));
        return (upToNow ? builder.setBounded(OffsetsInitializer.latest()) : builder).build();
    }

    /**
     * An exactly-once sink of one output: records go in Kafka transactions committed with Flink's
     * checkpoints, so consumers reading with {@code isolation.level=read_committed} see each once.
     */
    public static <T> CheckedKafkaSink<T> output(KafkaSettings settings, String output, SerializableFunction<T, String> meterId) {
        Properties producer = settings.clientProperties();
        producer.setProperty("transaction.timeout.ms", Long.toString(settings.transactionTimeout.toMillis()));
        String topic = settings.outputTopicPrefix + output;
        Properties admin = settings.clientProperties();
        admin.setProperty("bootstrap.servers", settings.bootstrapServers);
        return new CheckedKafkaSink<>(KafkaSink.<T>builder()
                .setBootstrapServers(settings.bootstrapServers)
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(new JsonRecordSerializer<>(topic, output, meterId))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(settings.transactionalIdPrefix + "-" + output)
                .build(), admin);
    }
}
