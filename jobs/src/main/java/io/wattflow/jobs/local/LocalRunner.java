package io.wattflow.jobs.local;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.streaming.api.graph.StreamGraph;
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

    /**
     * Executes the job on a MiniCluster of its own, calling {@code progress} with its accumulators about
     * once a second until it ends, and returns only once that cluster has shut down. Flink's local
     * environment shuts its cluster down asynchronously after the result; a command that then exits
     * the JVM raced that shutdown, and Pekko's exit hook failed loading classes from the already
     * closed RPC class loader (a stack trace on the console of a run that had succeeded).
     */
    public static JobExecutionResult execute(StreamExecutionEnvironment env, String name,
                                             Consumer<Map<String, Object>> progress) throws Exception {
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(name);
        ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
        JobGraph job = graph.getJobGraph(classLoader);
        try (MiniCluster cluster = new MiniCluster(clusterFor(env, job))) {
            cluster.start();
            JobID id = cluster.submitJob(job).get().getJobID();
            JobClient client = new MiniClusterJobClient(id, cluster, classLoader, MiniClusterJobClient.JobFinalizationBehavior.NOTHING);
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

    /** As Flink's local executor sizes it: one task manager with as many slots as the job's widest operator. */
    private static MiniClusterConfiguration clusterFor(StreamExecutionEnvironment env, JobGraph job) {
        Configuration conf = Configuration.fromMap(env.getConfiguration().toMap());
        if (!conf.contains(RestOptions.BIND_PORT)) {
            conf.set(RestOptions.BIND_PORT, "0");
        }
        int slots = conf.getOptional(TaskManagerOptions.NUM_TASK_SLOTS).orElse(Math.max(1, job.getMaximumParallelism()));
        return new MiniClusterConfiguration.Builder().setConfiguration(conf).setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots).build();
    }
}
