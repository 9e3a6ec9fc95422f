package io.wattflow.jobs.cli;

import io.wattflow.sink.InProgressFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Deletes the in-progress files that failed attempts of a running job left in its Parquet output
 * (Flink does not), for a cron job beside a long-running deployment. Local runs of {@code run} and
 * {@code demo} clean their output themselves when the job finishes.
 */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = "Delete in-progress Parquet files left behind by failed attempts (hidden files, never read as output).")
public final class CleanCommand implements Callable<Integer> {
    @Option(names = "--output", required = true, description = "The job's Parquet output folder.")
    Path output;

    @Option(names = "--older-than", converter = DurationConverter.class,
            description = "Only files last written this long ago: well above the checkpoint interval, since a running "
                    + "attempt rolls its files on every checkpoint (default: 1h).")
    Duration olderThan = Duration.ofHours(1);

    @Option(names = "--dry-run", description = "List the files instead of deleting them.")
    boolean dryRun;

    @Override
    public Integer call() {
        if (!Files.isDirectory(output)) {
            throw new IllegalArgumentException("Output folder " + output + " does not exist: give the job's --output folder.");
        }
        List<Path> files = InProgressFiles.find(output, olderThan);
        if (dryRun) {
            files.forEach(f -> System.out.println(f));
            System.out.printf("%d in-progress files older than %s under %s.%n", files.size(), olderThan, output);
        } else {
            System.out.printf("Deleted %d in-progress files older than %s under %s.%n", InProgressFiles.delete(output, olderThan),
                    olderThan, output);
        }
        return 0;
    }
}
