package io.wattflow.jobs.local;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** Runs a job on an embedded MiniCluster in this JVM, reporting its accumulators while it runs. */
public final class LocalRunner {
    private LocalRunner() {}

    /**
     * Configuration of a local run: no restarts (a failing demo or test should fail, not retry
     * forever), checkpoints so that the file sinks commit, no Kryo fallback, no operator without a
     * uid, and heartbeats every
     * second so that accumulators show progress promptly.
     */
    public static Configuration configuration(int parallelism, Duration checkpointInterval) {
        requirePositiveParallelism(parallelism);
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
        // A checkpoint triggered while a bounded job's tasks finish can be declined ("checkpoint request
        // for unknown task"); with no restarts and Flink's default of 0 tolerated failures that one
        // declined checkpoint would fail the whole run. The next checkpoint commits the same data.
        conf.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, 3);
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // As on a cluster: chained operators hand records on without a copy (none changes a record it received).
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        // As on a cluster configured by flink-conf/config.yaml: a forgotten uid fails the job.
        conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(1));
        conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        // Hadoop (under Parquet) registers a JVM shutdown hook from the job's class loader; at exit it
        // trips Flink's leak check with a long stack trace although nothing is wrong for a local run.
        conf.set(CoreOptions.CHECK_LEAKED_CLASSLOADER, false);
        return conf;
    }

    /** Flink's own message for parallelism 0 names its internals; this one says what to pass. */
    public static void requirePositiveParallelism(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("--parallelism must be 1 or more (it is " + parallelism + ").");
        }
    }

    public static StreamExecutionEnvironment environment(int parallelism, Duration checkpointInterval) {
        return StreamExecutionEnvironment.createLocalEnvironment(configuration(parallelism, checkpointInterval));
    }

    /** Executes the job, calling {@code progress} with its accumulators about once a second until it ends. */
    public static JobExecutionResult execute(StreamExecutionEnvironment env, String name,
                                             Consumer<Map<String, Object>> progress) throws Exception {
        JobClient client = env.executeAsync(name);
        while (true) {
            try {
                return client.getJobExecutionResult().get(1, TimeUnit.SECONDS);
            } catch (TimeoutException stillRunning) {
                try {
                    progress.accept(client.getAccumulators().get(1, TimeUnit.SECONDS));
                } catch (TimeoutException | java.util.concurrent.ExecutionException notYet) {
                    // Accumulators are not available before the job is scheduled; try again next second.
                }
            }
        }
    }
}
