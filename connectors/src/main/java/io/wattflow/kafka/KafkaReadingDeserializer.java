package io.wattflow.kafka;

import io.wattflow.ingest.DecodedRecord;
import io.wattflow.ingest.ReadingDecoder;
import io.wattflow.record.RawRecord;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;

/**
 * Decodes readings inside the Kafka source, so that event time and watermarks are per partition.
 * Never throws: whatever a record holds (garbage, an empty value, a tombstone) becomes a dead letter
 * with its topic/partition/offset, key and bytes.
 */
public final class KafkaReadingDeserializer implements KafkaRecordDeserializationSchema<DecodedRecord> {
    private static final long serialVersionUID = 1L;
    private static final byte[] EMPTY = new byte[0];

    private final ReadingDecoder decoder;

    public KafkaReadingDeserializer(ReadingDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        decoder.open();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<DecodedRecord> out) {
        RawRecord raw = new RawRecord(record.value() == null ? EMPTY : record.value(),
                record.topic() + "/" + record.partition() + "/" + record.offset());
        raw.key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        raw.sourceTimestampMs = record.timestamp() >= 0 ? record.timestamp() : null;
        out.collect(decoder.decode(raw));
    }

    @Override
    public TypeInformation<DecodedRecord> getProducedType() {
        return TypeInformation.of(DecodedRecord.class);
    }
}
