package io.wattflow.jobs.cli;

import io.wattflow.format.ReadingFormat;
import io.wattflow.jobs.ingest.IngestJob;
import io.wattflow.jobs.ingest.IngestOutputs;
import io.wattflow.jobs.ingest.IngestSettings;
import io.wattflow.jobs.local.RunReport;
import org.apache.flink.api.common.JobExecutionResult;
import io.wattflow.source.FileSources;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs the ingest job on whatever Flink the environment is: the cluster under {@code flink run},
 * an embedded MiniCluster otherwise.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the ingest job: readings -> validation -> interval records, gaps and dead letters as Parquet.")
public final class RunCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, split = ",",
            description = "Files or folders of readings (any Flink file system: file://, s3://, hdfs://).")
    List<String> inputs;

    @Option(names = "--format", description = "csv, wattflow-json or shelly-json (default: from the first input's name).")
    String format;

    @Option(names = "--output", required = true, description = "Folder for the Parquet outputs.")
    String output;

    @Option(names = "--parallelism", description = "Job parallelism (default: the cluster's).")
    Integer parallelism;

    @Option(names = "--checkpoint-interval", converter = DurationConverter.class,
            description = "Used only when the cluster configuration enables no checkpointing (default: 30s).")
    Duration checkpointInterval = Duration.ofSeconds(30);

    @Mixin
    IngestOptions ingest = new IngestOptions();

    @Override
    public Integer call() throws Exception {
        IngestSettings settings = ingest.toSettings();
        settings.format = format != null ? ReadingFormat.fromName(format) : ReadingFormat.fromFileName(inputs.get(0));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (parallelism != null) {
            env.setParallelism(parallelism);
        }
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            // Parquet files are committed on checkpoints: without them nothing would ever become visible.
            env.enableCheckpointing(checkpointInterval.toMillis());
        }
        Path[] paths = inputs.stream().map(Path::new).toArray(Path[]::new);
        new IngestJob(FileSources.readings(settings.format, paths), IngestOutputs.parquet(new Path(output)), settings).build(env);
        RunReport report = new RunReport(System.out);
        JobExecutionResult result = env.execute("wattflow ingest");
        if (!result.isJobExecutionResult()) {
            System.out.println("Submitted detached as job " + result.getJobID() + ".");
        } else if (output.startsWith("/") || output.startsWith("file:") || !output.contains(":")) {
            report.summary(result.getAllAccumulatorResults(), java.nio.file.Path.of(new Path(output).toUri().getPath()));
        } else {
            report.counts(result.getAllAccumulatorResults());
        }
        return 0;
    }
}
