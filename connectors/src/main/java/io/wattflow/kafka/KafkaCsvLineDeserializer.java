package io.wattflow.kafka;

import io.wattflow.record.RawRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;

/**
 * Each Kafka record's value as one CSV line under a fixed header, with its topic/partition/offset as
 * origin: the same lines a file gives, parsed (and refused) by the same function downstream. Never
 * throws: an empty value or a tombstone is an empty line, which the parser refuses.
 */
public final class KafkaCsvLineDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {
    private static final long serialVersionUID = 1L;
    private static final byte[] EMPTY = new byte[0];

    private final String csvHeader;

    public KafkaCsvLineDeserializer(String csvHeader) {
        this.csvHeader = csvHeader;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
        RawRecord raw = new RawRecord(record.value() == null ? EMPTY : record.value(),
                record.topic() + "/" + record.partition() + "/" + record.offset());
        raw.key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        raw.sourceTimestampMs = record.timestamp() >= 0 ? record.timestamp() : null;
        raw.csvHeader = csvHeader;
        out.collect(raw);
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
