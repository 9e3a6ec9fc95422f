package io.wattflow.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema.KafkaSinkContext;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;

/**
 * Writes a wattflow record as a JSON object keyed by meter id, so one meter's records stay in one
 * partition and in order. Every object carries {@code "v"} (the schema version of that output) and
 * {@code "type"}; the other fields are the record's, named as in the Parquet output (documented in
 * the README). Byte arrays (a dead letter's raw bytes) are base64. The Kafka timestamp is the time
 * the record was written, not its event time, so topic retention counts from the write.
 */
public final class JsonRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;
    public static final int SCHEMA_VERSION = 1;

    private final String topic;
    private final String type;
    private final SerializableFunction<T, String> key;
    private transient ObjectMapper mapper;

    public JsonRecordSerializer(String topic, String type, SerializableFunction<T, String> key) {
        this.topic = topic;
        this.type = type;
        this.key = key;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        mapper = new ObjectMapper();
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        ObjectNode json = mapper.createObjectNode();
        json.put("v", SCHEMA_VERSION);
        json.put("type", type);
        json.setAll((ObjectNode) mapper.valueToTree(element));
        String k = key.apply(element);
        byte[] value;
        try {
            value = mapper.writeValueAsBytes(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // Our own POJOs always serialize; this would be a bug, and losing the record silently is worse.
            throw new IllegalStateException("Cannot write a " + type + " record as JSON", e);
        }
        // No record timestamp: the producer stamps the time of writing. Stamped with the event time, a
        // replay of readings older than the topic's retention.ms (7 days by default) is deleted by the
        // broker's next retention check, committed transactions included, while Parquet keeps it. The
        // event time is in the record's own fields.
        return new ProducerRecord<>(topic, null, null, k == null ? null : k.getBytes(StandardCharsets.UTF_8), value);
    }
}
