package io.wattflow.jobs.cli;

import io.wattflow.jobs.heatpump.HeatPumpJob;
import io.wattflow.jobs.heatpump.HeatPumpSettings;
import io.wattflow.sink.ParquetOutputs;
import io.wattflow.source.FileSources;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;

/** The heat-pump models for interval meters, on whatever Flink the environment is (as {@code run}). */
@Command(name = "heatpump", mixinStandardHelpOptions = true,
        description = "Heat-pump detection and disaggregation for interval meters: meter_id,timestamp,kwh files + weather -> Parquet.")
public final class HeatPumpCommand implements Callable<Integer> {
    @Option(names = "--intervals", split = ",", required = true,
            description = "Files or folders of interval energy (meter_id,timestamp,kwh; the timestamp starts the interval), any Flink file system.")
    List<String> intervals;

    @Option(names = "--interval", converter = DurationConverter.class, description = "Length of the meters' intervals (default: 15m).")
    Duration interval = Duration.ofMinutes(15);

    @Option(names = "--output", required = true, description = "Folder for the Parquet outputs.")
    String output;

    @Option(names = "--out-of-orderness", converter = DurationConverter.class,
            description = "How far interval records may arrive out of time order (default: 1h).")
    Duration outOfOrderness = Duration.ofHours(1);

    @Option(names = "--timezone", description = "Zone of timestamps written without an offset (default: ${DEFAULT-VALUE}).")
    ZoneId timezone = ZoneId.of("UTC");

    @Option(names = "--state-ttl", converter = DurationConverter.class, description = "State of a meter silent this long is dropped (default: 14d).")
    Duration stateTtl = Duration.ofDays(14);

    @Mixin
    JobEnvironmentOptions job = new JobEnvironmentOptions();

    @Mixin
    HeatPumpOptions heatPump = new HeatPumpOptions();

    @Override
    public Integer call() throws Exception {
        if (!heatPump.enabled()) {
            throw new IllegalArgumentException("The heat-pump models need outdoor temperature: give --weather FILE (region,timestamp,temperature_c).");
        }
        if (interval.isZero() || interval.isNegative() || Duration.ofMinutes(15).toMillis() % interval.toMillis() != 0
                && interval.toMillis() % Duration.ofMinutes(15).toMillis() != 0) {
            throw new IllegalArgumentException("--interval must divide or be a multiple of 15 minutes (5m, 15m, 1h), was " + interval + ".");
        }
        HeatPumpSettings settings = heatPump.toSettings(stateTtl);
        PathChecks.inputsExist(intervals);
        PathChecks.inputsExist(java.util.List.of(heatPump.weather));
        PathChecks.outputWritable(output);
        StreamExecutionEnvironment env = job.environment();
        new HeatPumpJob(FileSources.csvLines(intervals.stream().map(Path::new).toArray(Path[]::new)),
                FileSources.csvLines(new Path(heatPump.weather)), settings, interval, outOfOrderness, timezone)
                .build(env, new Path(output));
        JobExecutionResult result = JobEnvironmentOptions.execute(env, "wattflow heatpump");
        if (!result.isJobExecutionResult()) {
            System.out.println("Submitted detached as job " + result.getJobID() + ".");
        } else if (JobEnvironmentOptions.localFolder(output).isPresent()) {
            java.nio.file.Path out = JobEnvironmentOptions.localFolder(output).get();
            io.wattflow.sink.InProgressFiles.delete(out, Duration.ZERO);
            for (String name : new String[] {"heatpump_detections", "heatpump_energy", "dead_letters"}) {
                System.out.printf("  %-20s %,9d rows  %s%n", name, ParquetOutputs.rowCount(out.resolve(name)), out.resolve(name));
            }
        }
        return 0;
    }
}
