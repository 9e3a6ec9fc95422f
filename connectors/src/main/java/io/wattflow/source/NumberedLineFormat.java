package io.wattflow.source;

import io.wattflow.record.RawRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * Reads text files line by line as {@link RawRecord}s that keep the line's exact bytes and its origin
 * "path:line", which Flink's own text format cannot give (its reader does not know the file name).
 * Gzipped files (.gz) are read transparently. For formats with a header line (CSV), the first
 * non-blank line is the header and travels with every later line.
 *
 * <p>Checkpoints store how many records of the file were emitted; a restore re-reads the file from
 * the start and skips them, which also recovers the header. Blank lines are not records.
 */
public final class NumberedLineFormat implements BulkFormat<RawRecord, FileSourceSplit> {
    private static final long serialVersionUID = 1L;
    private static final int BATCH = 512;
    /** A line longer than this is cut; it cannot be a valid reading anyway and is refused downstream. */
    static final int MAX_LINE_BYTES = 64 * 1024;

    private final boolean headerLine;

    public NumberedLineFormat(boolean headerLine) {
        this.headerLine = headerLine;
    }

    @Override
    public Reader<RawRecord> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new LineReader(split.path(), headerLine, 0);
    }

    @Override
    public Reader<RawRecord> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        long emitted = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
        return new LineReader(split.path(), headerLine, emitted);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }

    private static final class LineReader implements BulkFormat.Reader<RawRecord> {
        private final InputStream in;
        private final String file;
        private final boolean headerLine;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        private String header;
        private long lineNumber;
        private long emitted;
        private long toSkip;
        private boolean eof;

        LineReader(Path path, boolean headerLine, long toSkip) throws IOException {
            FSDataInputStream raw = path.getFileSystem().open(path);
            InputStream buffered = new BufferedInputStream(raw, 1 << 16);
            this.in = path.getName().endsWith(".gz") ? new GZIPInputStream(buffered, 1 << 16) : buffered;
            this.file = path.toString();
            this.headerLine = headerLine;
            this.toSkip = toSkip;
        }

        @Override
        public RecordIterator<RawRecord> readBatch() throws IOException {
            RawRecord[] batch = new RawRecord[BATCH];
            int n = 0;
            long firstSkipCount = emitted;
            while (n < BATCH) {
                byte[] bytes = nextLine();
                if (bytes == null) {
                    break;
                }
                if (bytes.length == 0) {
                    continue;
                }
                if (headerLine && header == null) {
                    header = new String(bytes, StandardCharsets.UTF_8).strip();
                    continue;
                }
                if (toSkip > 0) {
                    toSkip--;
                    emitted++;
                    firstSkipCount = emitted;
                    continue;
                }
                RawRecord r = new RawRecord(bytes, file + ":" + lineNumber);
                r.csvHeader = header;
                batch[n++] = r;
                emitted++;
            }
            if (n == 0) {
                return null;
            }
            ArrayResultIterator<RawRecord> it = new ArrayResultIterator<>();
            it.set(batch, n, CheckpointedPosition.NO_OFFSET, firstSkipCount);
            return it;
        }

        /** The next line without its line break, or null at the end of the file. */
        private byte[] nextLine() throws IOException {
            if (eof) {
                return null;
            }
            line.reset();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (line.size() < MAX_LINE_BYTES) {
                    line.write(b);
                }
            }
            if (b == -1) {
                eof = true;
                if (line.size() == 0) {
                    return null;
                }
            }
            lineNumber++;
            byte[] bytes = line.toByteArray();
            int len = bytes.length;
            if (len > 0 && bytes[len - 1] == '\r') {
                return java.util.Arrays.copyOf(bytes, len - 1);
            }
            return isBlank(bytes) ? new byte[0] : bytes;
        }

        private static boolean isBlank(byte[] bytes) {
            for (byte x : bytes) {
                if (x != ' ' && x != '\t') {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
