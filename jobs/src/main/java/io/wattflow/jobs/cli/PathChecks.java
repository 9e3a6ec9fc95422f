package io.wattflow.jobs.cli;

import io.wattflow.format.Messages;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;

/**
 * Checks a job's input and output paths before it starts, so that a missing file or an unwritable
 * folder is one sentence and exit code 2 instead of a job that fails (or retries) inside Flink.
 */
final class PathChecks {
    private PathChecks() {}

    static void inputsExist(List<String> inputs) {
        for (String input : inputs) {
            Path path = new Path(input);
            try {
                FileSystem fs = path.getFileSystem();
                if (!fs.exists(path)) {
                    throw new IllegalArgumentException("Input " + input + " does not exist: give an existing file or folder.");
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("Cannot reach input " + input + " (" + Messages.firstLine(e) + "): check the path "
                        + "and the file system's configuration.");
            }
        }
    }

    /** A local output folder must be creatable and writable; a remote one must be reachable. */
    static void outputWritable(String output) {
        var local = JobEnvironmentOptions.localFolder(output);
        if (local.isEmpty()) {
            try {
                new Path(output).getFileSystem();
            } catch (IOException e) {
                throw new IllegalArgumentException("Cannot reach output " + output + " (" + Messages.firstLine(e) + "): check the path "
                        + "and the file system's configuration.");
            }
            return;
        }
        java.nio.file.Path folder = local.get();
        try {
            Files.createDirectories(folder);
            // Files.isWritable says yes to root on a read-only mount: writing a file is the real test.
            java.nio.file.Path probe = folder.resolve(".wattflow-write-check-" + UUID.randomUUID());
            Files.write(probe, new byte[0]);
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException("Cannot write to output folder " + output + " (" + Messages.firstLine(e) + "): choose a "
                    + "folder you can write to.");
        }
    }
}
