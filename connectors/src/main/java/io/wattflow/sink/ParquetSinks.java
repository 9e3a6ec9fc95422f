package io.wattflow.sink;

import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.sink.compactor.FileCompactStrategy;
import org.apache.flink.connector.file.sink.compactor.RecordWiseFileCompactor;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.avro.AvroParquetWriters;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Parquet outputs: one folder per output, partitioned by event date, files rolled on every checkpoint.
 * FileSink commits files in two phases with checkpoints, so a restart neither loses nor repeats a
 * row; files become visible (lose their in-progress prefix) when the checkpoint after them completes.
 * Rolling on every checkpoint makes many small files, so the files of every {@link #COMPACT_EVERY}
 * checkpoints (or 64 MB) are compacted into one before they are committed.
 */
public final class ParquetSinks {
    static final int COMPACT_EVERY = 10;

    private ParquetSinks() {}

    /** A Parquet sink of {@code type}, whose schema Avro derives by reflection from its public fields. */
    public static <T> FileSink<T> forRecords(Class<T> type, Path folder, SerializableFunction<T, Long> eventTimeMs) {
        return FileSink.forBulkFormat(folder, AvroParquetWriters.forReflectRecord(type))
                .withBucketAssigner(new DateBucketAssigner<>(eventTimeMs))
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("part").withPartSuffix(".parquet").build())
                .enableCompact(FileCompactStrategy.Builder.newBuilder()
                                .enableCompactionOnCheckpoint(COMPACT_EVERY)
                                .setSizeThreshold(64L << 20)
                                .build(),
                        new RecordWiseFileCompactor<>(ParquetRecordReader.factory()))
                .build();
    }
}
