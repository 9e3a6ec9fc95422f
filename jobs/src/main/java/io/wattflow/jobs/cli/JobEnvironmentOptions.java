package io.wattflow.jobs.cli;

import io.wattflow.jobs.local.LocalRunner;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Option;

import java.time.Duration;

/** Parallelism and checkpointing of a job run by {@code run} or {@code heatpump}, on a cluster or embedded. */
public final class JobEnvironmentOptions {
    @Option(names = "--parallelism", description = "Job parallelism (default: the cluster's).")
    Integer parallelism;

    @Option(names = "--checkpoint-interval", converter = DurationConverter.class,
            description = "Used only when the cluster configuration enables no checkpointing (default: 30s).")
    Duration checkpointInterval = Duration.ofSeconds(30);

    /**
     * The environment Flink gives under {@code flink run} (the cluster's restart strategy and
     * checkpointing), else an embedded MiniCluster configured as the demo's: no restarts, so a job that
     * cannot read its input or write its output fails once instead of retrying for ever.
     */
    StreamExecutionEnvironment environment() {
        if (parallelism != null && parallelism < 1) {
            throw new IllegalArgumentException("--parallelism must be 1 or more (it is " + parallelism + ").");
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (env instanceof LocalStreamEnvironment) {
            return LocalRunner.environment(parallelism != null ? parallelism : Math.min(4, Runtime.getRuntime().availableProcessors()),
                    checkpointInterval);
        }
        if (parallelism != null) {
            env.setParallelism(parallelism);
        }
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            env.enableCheckpointing(checkpointInterval.toMillis());
        }
        return env;
    }

    /**
     * Runs the job: on the embedded cluster through {@link LocalRunner}, which returns only after that
     * cluster has shut down (the command exits the JVM next), else as Flink's client submits it.
     */
    static org.apache.flink.api.common.JobExecutionResult execute(StreamExecutionEnvironment env, String name) throws Exception {
        return env instanceof LocalStreamEnvironment ? LocalRunner.execute(env, name, accumulators -> { }) : env.execute(name);
    }

    /** The output folder as a local path, when it is one (a summary can read the files back); else empty. */
    static java.util.Optional<java.nio.file.Path> localFolder(String output) {
        if (output == null || !(output.startsWith("/") || output.startsWith("file:") || !output.contains(":"))) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(java.nio.file.Path.of(new org.apache.flink.core.fs.Path(output).toUri().getPath()));
    }
}
