package io.wattflow.jobs.cli;

import io.wattflow.format.ReadingFormat;
import io.wattflow.jobs.ingest.MeterPipelineJob;
import io.wattflow.jobs.ingest.IngestOutputs;
import io.wattflow.ingest.ReadingDecoder;
import io.wattflow.jobs.ingest.IngestSettings;
import io.wattflow.jobs.ingest.ReadingsInput;
import io.wattflow.kafka.KafkaConnectors;
import io.wattflow.jobs.recognition.LabelLines;
import io.wattflow.jobs.control.ModelControlLines;
import io.wattflow.record.RawRecord;
import org.apache.flink.api.connector.source.Source;
import io.wattflow.kafka.KafkaPreflight;
import io.wattflow.kafka.KafkaSettings;
import io.wattflow.jobs.local.RunReport;
import io.wattflow.sink.InProgressFiles;
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
        description = "Run the meter pipeline: readings from files or Kafka -> Parquet and/or Kafka topics.")
public final class RunCommand implements Callable<Integer> {
    @Option(names = "--input", split = ",",
            description = "Files or folders of readings (any Flink file system: file://, s3://, hdfs://); or use --kafka-bootstrap.")
    List<String> inputs;

    @Option(names = "--format", description = "csv, wattflow-json or shelly-json (default: from the first input's name).")
    String format;

    @Option(names = "--output", description = "Folder for the Parquet outputs (with Kafka, optional: outputs also go to topics).")
    String output;

    @Mixin
    JobEnvironmentOptions job = new JobEnvironmentOptions();

    @Mixin
    IngestOptions ingest = new IngestOptions();

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Override
    public Integer call() throws Exception {
        IngestSettings settings = ingest.toSettings();
        if ((inputs == null) == !kafka.enabled()) {
            throw new IllegalArgumentException("Say where readings come from: --input FILES or --kafka-bootstrap HOST:PORT, not both.");
        }
        if (!kafka.enabled() && output == null) {
            throw new IllegalArgumentException("Say where outputs go: --output FOLDER (and, with Kafka, the output topics).");
        }
        settings.format = format != null ? ReadingFormat.fromName(format)
                : kafka.enabled() ? ReadingFormat.WATTFLOW_JSON : ReadingFormat.fromFileName(inputs.get(0));
        if (inputs != null) {
            PathChecks.inputsExist(inputs);
        }
        if (output != null) {
            PathChecks.outputWritable(output);
        }
        onePlace(kafka.labelsTopic != null, ingest.labels != null, "--labels-topic", "labels", "--labels FILE");
        onePlace(kafka.modelControlTopic != null, ingest.modelControl != null, "--model-control-topic", "commands", "--model-control PATH");
        Source<RawRecord, ?, ?> labels = ingest.labelsSource();
        Source<RawRecord, ?, ?> modelControl = ingest.modelControlSource();
        StreamExecutionEnvironment env = job.environment();
        Duration interval = Duration.ofMillis(env.getCheckpointConfig().getCheckpointInterval());
        IngestOutputs outputs = output != null ? IngestOutputs.parquet(new Path(output)) : null;
        ReadingsInput input;
        if (kafka.enabled()) {
            KafkaSettings k = kafka.toSettings(interval);
            KafkaPreflight.check(k, Duration.ofSeconds(15));
            ReadingDecoder decoder = new ReadingDecoder(settings.format, settings.validation);
            input = ReadingsInput.ofDecoded(kafka.bounded ? KafkaConnectors.readingsUpToNow(k, decoder) : KafkaConnectors.readings(k, decoder));
            outputs = outputs == null ? IngestOutputs.kafka(k) : outputs.and(IngestOutputs.kafka(k));
            if (kafka.labelsTopic != null) {
                labels = KafkaConnectors.lines(k, kafka.labelsTopic, LabelLines.HEADER, kafka.bounded);
            }
            if (kafka.modelControlTopic != null) {
                modelControl = KafkaConnectors.lines(k, kafka.modelControlTopic, ModelControlLines.HEADER, kafka.bounded);
            }
        } else {
            input = ReadingsInput.ofRaw(FileSources.readings(settings.format, inputs.stream().map(Path::new).toArray(Path[]::new)));
        }
        new MeterPipelineJob(input, outputs, settings).withWeather(ingest.weatherSource()).withLabels(labels).withModelControl(modelControl).build(env);
        RunReport report = new RunReport(System.out);
        JobExecutionResult result = JobEnvironmentOptions.execute(env, "wattflow meter pipeline");
        if (!result.isJobExecutionResult()) {
            System.out.println("Submitted detached as job " + result.getJobID() + ".");
        } else if (JobEnvironmentOptions.localFolder(output).isPresent()) {
            // The job finished: in-progress files left by failed attempts belong to no attempt any more.
            InProgressFiles.delete(JobEnvironmentOptions.localFolder(output).get(), Duration.ZERO);
            report.summary(result.getAllAccumulatorResults(), JobEnvironmentOptions.localFolder(output).get());
        } else {
            report.counts(result.getAllAccumulatorResults());
        }
        return 0;
    }

    /** A side input (labels, model control) comes from a file or from a topic, and a topic needs Kafka. */
    private void onePlace(boolean topicGiven, boolean fileGiven, String topicOption, String what, String fileForm) {
        if (topicGiven && (!kafka.enabled() || fileGiven)) {
            throw new IllegalArgumentException(topicOption + " needs --kafka-bootstrap, and " + what + " come from one place: " + fileForm
                    + " or " + topicOption + ".");
        }
    }
}
