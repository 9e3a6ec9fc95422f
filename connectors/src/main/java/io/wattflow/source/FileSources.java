package io.wattflow.source;

import io.wattflow.format.ReadingFormat;
import io.wattflow.record.RawRecord;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;

/** File sources of raw reading records, for replays and the local demo. */
public final class FileSources {
    private FileSources() {}

    /**
     * A bounded source over files or directories of readings in {@code format}. Event time comes from
     * the readings; a reader reads its files one after another, so each file should be in time order
     * and files read by one reader should not overlap in time by more than the allowed out-of-orderness.
     */
    public static FileSource<RawRecord> readings(ReadingFormat format, Path... paths) {
        return FileSource.forBulkFileFormat(new NumberedLineFormat(format.hasHeaderLine()), paths).build();
    }

    /** A bounded source over CSV files with a header line (weather, for instance), each line with its file:line. */
    public static FileSource<RawRecord> csvLines(Path... paths) {
        return FileSource.forBulkFileFormat(new NumberedLineFormat(true), paths).build();
    }

    /**
     * An unbounded source over CSV files with a header line: the files there now, then every new file
     * that appears in the directories, looked for every {@code every} (a file is read once; write a
     * new file rather than appending to one).
     */
    public static FileSource<RawRecord> watchedCsvLines(java.time.Duration every, Path... paths) {
        return FileSource.forBulkFileFormat(new NumberedLineFormat(true), paths).monitorContinuously(every).build();
    }
}
