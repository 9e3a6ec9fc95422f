package io.wattflow.jobs.cli;

import io.wattflow.format.ReadingFormat;
import io.wattflow.jobs.ingest.MeterPipelineJob;
import io.wattflow.jobs.ingest.IngestOutputs;
import io.wattflow.jobs.ingest.IngestSettings;
import io.wattflow.jobs.local.KafkaDemo;
import io.wattflow.jobs.local.LocalRunner;
import io.wattflow.jobs.local.RunReport;
import io.wattflow.sink.InProgressFiles;
import io.wattflow.source.FileSources;
import io.wattflow.synth.SyntheticDataset;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** Generates households, runs the ingest job on an embedded MiniCluster, and prints what came out. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate synthetic households, run the job locally, write Parquet to --out and print a summary.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("out");

    @Mixin
    GenerationOptions generation = new GenerationOptions();

    @Option(names = "--parallelism", description = "Parallelism of the local job (default: ${DEFAULT-VALUE}).")
    int parallelism = 2;

    @Option(names = "--kafka", description = "'embedded': run the production path, Kafka -> Kafka + Parquet, on an in-process broker.")
    String kafka;

    @Mixin
    IngestOptions ingest = new IngestOptions();

    @Option(names = "--serve", description = "After the run, serve the dashboard over the output until stopped.")
    boolean serve;

    @Option(names = "--port", description = "Port of the dashboard with --serve; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = 8080;

    @Override
    public Integer call() throws Exception {
        // Every check before the data is generated: a typo should cost a second, not a generation.
        if (kafka != null && !kafka.equals("embedded")) {
            throw new IllegalArgumentException("The demo runs Kafka only in this process: write --kafka embedded "
                    + "(for your own brokers use 'wattflow run --kafka-bootstrap HOST:PORT').");
        }
        LocalRunner.requirePositiveParallelism(parallelism);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535 (it is " + port + ").");
        }
        SyntheticDataset.Options options = generation.toOptions();
        options.meterFaults = generation.meterFaults == null || generation.meterFaults;  // so that anomalies show
        // Weeks of 1-min meters, so that baselines, forecast errors, profiles and the heat-pump models have rows too.
        options.minuteHouseholds = generation.minuteHouseholds == null ? 3 : generation.minuteHouseholds;
        ingest.toSettings();  // refuses bad options now; the settings are made below, with the generated weather
        clean(out);
        Path input = out.resolve("input");
        System.out.printf("Generating %d households x %.1f h of 1 Hz readings and %d x %d days of 1-min readings into %s ...%n",
                options.households, options.duration.getSeconds() / 3600.0, options.minuteHouseholds, options.minuteDays, input);
        SyntheticDataset.Summary generated = SyntheticDataset.write(input, options);
        System.out.printf("  %,d readings, %,d bad lines mixed in, %,d appliance events, %d outages, %d meter faults%n",
                generated.validReadings, generated.badLineCount(), generated.labelEvents, generated.outages.size(), generated.faults.size());

        if (!ingest.heatPump.enabled()) {
            // The generated households come with their region's weather: run the heat-pump models on them.
            ingest.heatPump.weather = input.resolve("weather.csv").toString();
            ingest.heatPump.meterRegions = input.resolve("meters.csv");
        }
        IngestSettings settings = ingest.toSettings();
        settings.powerSamples = ingest.powerSamples == null || ingest.powerSamples;  // the dashboard zooms to seconds
        if (kafka != null) {
            KafkaDemo.run(generated.readingsFile, out, settings, parallelism, System.out);
            return dashboard();
        }
        settings.format = ReadingFormat.CSV;
        StreamExecutionEnvironment env = LocalRunner.environment(parallelism, Duration.ofSeconds(2));
        new MeterPipelineJob(FileSources.readings(ReadingFormat.CSV, new org.apache.flink.core.fs.Path(generated.readingsFile.toUri())),
                IngestOutputs.parquet(new org.apache.flink.core.fs.Path(out.toAbsolutePath().toUri())), settings)
                .withWeather(ingest.weatherSource()).withLabels(ingest.labelsSource())
                .withModelControl(ingest.modelControlSource()).build(env);
        System.out.printf("Running the ingest job on a local MiniCluster (parallelism %d) ...%n", parallelism);
        RunReport report = new RunReport(System.out);
        JobExecutionResult result = LocalRunner.execute(env, "wattflow demo", report::progress);
        InProgressFiles.delete(out, Duration.ZERO);  // the job finished: no attempt writes them any more
        report.summary(result.getAllAccumulatorResults(), out);
        io.wattflow.jobs.local.OutputFindings.print(out, System.out);
        return dashboard();
    }

    private int dashboard() throws Exception {
        if (serve) {
            DashboardCommand.serve(out, "127.0.0.1", port, java.time.ZoneId.of("UTC"));
        } else {
            System.out.println("See it in a browser: ./wattflow dashboard --output " + out + "   (or run the demo with --serve)");
        }
        return 0;
    }

    /** Removes what an earlier demo wrote, and only that. */
    private static void clean(Path out) throws IOException {
        List<String> owned = new java.util.ArrayList<>(IngestOutputs.ALL);
        owned.add("input");
        for (String name : owned) {
            Path folder = out.resolve(name);
            if (Files.exists(folder)) {
                try (Stream<Path> walk = Files.walk(folder)) {
                    for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                        Files.delete(p);
                    }
                }
            }
        }
    }
}
