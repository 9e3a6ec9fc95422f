package io.wattflow.sink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The hidden in-progress files that Flink's FileSink leaves behind when an attempt fails: the part
 * file (and the compactor's {@code .compacted-part-...}) being written at the failure is never
 * committed and never deleted; the restored attempt rewrites its rows into new files. Readers skip
 * them (a leading dot), but they fill the disk. wattflow's Parquet files roll on every checkpoint, so
 * an in-progress file older than a few checkpoint intervals belongs to no running attempt; one whose
 * job has finished belongs to none.
 */
public final class InProgressFiles {
    private InProgressFiles() {}

    /** The in-progress files under {@code folder} last written at least {@code minAge} ago. */
    public static List<Path> find(Path folder, Duration minAge) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        Instant before = Instant.now().minus(minAge);
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().startsWith(".") && p.getFileName().toString().contains(".inprogress."))
                    .filter(p -> lastModified(p).compareTo(before) <= 0)
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes what {@link #find} finds; returns how many files it deleted. */
    public static int delete(Path folder, Duration minAge) {
        int deleted = 0;
        for (Path p : find(folder, minAge)) {
            try {
                if (Files.deleteIfExists(p)) {
                    deleted++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return deleted;
    }

    private static Instant lastModified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toInstant();
        } catch (IOException e) {
            return Instant.now();  // gone or unreadable: treat as in use
        }
    }
}
