package io.wattflow.sink;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.flink.util.function.SerializableFunction;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Puts each record in the folder {@code dt=YYYY-MM-DD} of its own event time (UTC), not of the time
 * it was written, so a replay of last year's data lands in last year's partitions.
 */
public final class DateBucketAssigner<T> implements BucketAssigner<T, String> {
    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("'dt='yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final SerializableFunction<T, Long> eventTimeMs;

    public DateBucketAssigner(SerializableFunction<T, Long> eventTimeMs) {
        this.eventTimeMs = eventTimeMs;
    }

    @Override
    public String getBucketId(T element, Context context) {
        return DAY.format(Instant.ofEpochMilli(eventTimeMs.apply(element)));
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }
}
