package io.wattflow.source;

import io.wattflow.record.RawRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class NumberedLineFormatTest {
    @TempDir
    java.nio.file.Path dir;

    private static final String CONTENT = "meter_id,timestamp,active_power_w\r\n"
            + "m,2024-01-01T00:00:00Z,1\n"
            + "\n"
            + "m,2024-01-01T00:00:01Z,2\r\n"
            + "garbage \u00e9\n"
            + "m,2024-01-01T00:00:03Z,4";

    @Test
    void keepsExactBytesFileAndLineNumbersAndTheHeader() throws IOException {
        java.nio.file.Path file = dir.resolve("r.csv");
        Files.writeString(file, CONTENT);
        List<RecordAndPosition<RawRecord>> read = readAll(new NumberedLineFormat(true), split(file, null));
        assertThat(read).hasSize(4);
        assertThat(text(read.get(0).getRecord())).isEqualTo("m,2024-01-01T00:00:00Z,1");
        assertThat(read.get(0).getRecord().origin).isEqualTo(new Path(file.toUri()) + ":2");
        assertThat(read.get(1).getRecord().origin).endsWith(":4");
        assertThat(text(read.get(1).getRecord())).as("CR stripped").isEqualTo("m,2024-01-01T00:00:01Z,2");
        assertThat(read.get(2).getRecord().payload).isEqualTo("garbage \u00e9".getBytes(StandardCharsets.UTF_8));
        assertThat(read.get(3).getRecord().origin).as("last line without newline").endsWith(":6");
        assertThat(read).allSatisfy(r -> assertThat(r.getRecord().csvHeader).isEqualTo("meter_id,timestamp,active_power_w"));
        assertThat(read.get(3).getRecordSkipCount()).isEqualTo(4);
    }

    @Test
    void restoresAfterTheRecordsAlreadyEmittedAndReadsGzip() throws IOException {
        java.nio.file.Path file = dir.resolve("r.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(CONTENT.getBytes(StandardCharsets.UTF_8));
        }
        NumberedLineFormat format = new NumberedLineFormat(true);
        List<RecordAndPosition<RawRecord>> all = readAll(format, split(file, null));
        long positionAfterSecond = all.get(1).getRecordSkipCount();
        FileSourceSplit restored = split(file, new CheckpointedPosition(CheckpointedPosition.NO_OFFSET, positionAfterSecond));
        List<RecordAndPosition<RawRecord>> rest = readAll(format, restored);
        assertThat(rest).hasSize(2);
        assertThat(rest.get(0).getRecord().origin).isEqualTo(all.get(2).getRecord().origin);
        assertThat(rest.get(0).getRecord().csvHeader).as("header recovered on restore").isNotNull();
    }

    @Test
    void withoutAHeaderEveryLineIsARecord() throws IOException {
        java.nio.file.Path file = dir.resolve("r.jsonl");
        Files.writeString(file, "{\"a\":1}\n{\"a\":2}\n");
        List<RecordAndPosition<RawRecord>> read = readAll(new NumberedLineFormat(false), split(file, null));
        assertThat(read).extracting(r -> r.getRecord().origin).allMatch(o -> o.matches(".*:[12]"));
        assertThat(read.get(0).getRecord().csvHeader).isNull();
    }

    private static String text(RawRecord r) {
        return new String(r.payload, StandardCharsets.UTF_8);
    }

    private static FileSourceSplit split(java.nio.file.Path file, CheckpointedPosition position) throws IOException {
        long size = Files.size(file);
        return new FileSourceSplit("s", new Path(file.toUri()), 0, size, 0, size, new String[0], position);
    }

    private static List<RecordAndPosition<RawRecord>> readAll(NumberedLineFormat format, FileSourceSplit split) throws IOException {
        BulkFormat.Reader<RawRecord> reader = split.getReaderPosition().isPresent()
                ? format.restoreReader(new Configuration(), split)
                : format.createReader(new Configuration(), split);
        List<RecordAndPosition<RawRecord>> out = new ArrayList<>();
        BulkFormat.RecordIterator<RawRecord> batch;
        while ((batch = reader.readBatch()) != null) {
            RecordAndPosition<RawRecord> r;
            while ((r = batch.next()) != null) {
                out.add(new RecordAndPosition<>(r.getRecord(), r.getOffset(), r.getRecordSkipCount()));
            }
            batch.releaseBatch();
        }
        reader.close();
        return out;
    }
}
