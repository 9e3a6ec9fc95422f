package io.wattflow.jobs.heatpump;

import io.wattflow.jobs.local.LocalRunner;
import io.wattflow.record.DeadLetter;
import io.wattflow.record.HeatPumpDetection;
import io.wattflow.record.HeatPumpEnergy;
import io.wattflow.record.IntervalReading;
import io.wattflow.sink.ParquetOutputs;
import io.wattflow.source.FileSources;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job for interval meters from files: a utility's export (meter by meter, as CKW's) with bad
 * lines, and a weather file in the CKW layout (no region column), through the shipped models to
 * Parquet read back.
 */
@Timeout(120)
class HeatPumpJobTest {
    private static final long DAY = 86_400_000L;

    @TempDir
    static java.nio.file.Path dir;
    static List<HeatPumpDetection> detections;
    static List<HeatPumpEnergy> energy;
    static List<DeadLetter> deadLetters;
    static java.nio.file.Path intervalsFile;

    @BeforeAll
    static void runTheJob() throws Exception {
        List<String> lines = new ArrayList<>(List.of("meter_id,timestamp,kwh"));
        long seed = 11;
        for (String meter : List.of("hp-1", "plain-1")) {
            for (IntervalReading r : HeatPumpStageTest.home(meter, meter.startsWith("hp"), seed++)) {
                // naive local timestamps, as utilities export them
                lines.add(meter + "," + Instant.ofEpochMilli(r.startMs).atOffset(ZoneOffset.UTC).toLocalDateTime() + ","
                        + String.format(java.util.Locale.ROOT, "%.4f", r.energyKwh));
            }
        }
        lines.add(3, "hp-1,2024-13-45 00:00:00,0.1");
        lines.add(5, "hp-1,2023-12-01T00:00:00,lots");
        lines.add(7, ",2023-12-01T00:00:00,0.2");
        intervalsFile = Files.write(dir.resolve("intervals.csv"), lines);
        List<String> weather = new ArrayList<>(List.of("timestamp,temp,rhum"));
        for (long t = HeatPumpStageTest.T0; t < HeatPumpStageTest.T0 + 9 * DAY; t += 3_600_000L) {
            weather.add(Instant.ofEpochMilli(t).atOffset(ZoneOffset.UTC).toLocalDateTime() + ","
                    + String.format(java.util.Locale.ROOT, "%.1f", HeatPumpStageTest.celsius(t)) + ",80");
        }
        java.nio.file.Path weatherFile = Files.write(dir.resolve("weather.csv"), weather);

        HeatPumpSettings settings = HeatPumpSettings.defaults();
        StreamExecutionEnvironment env = LocalRunner.environment(1, Duration.ofSeconds(1));
        new HeatPumpJob(FileSources.csvLines(new Path(intervalsFile.toUri())), FileSources.csvLines(new Path(weatherFile.toUri())),
                settings, Duration.ofMinutes(15), Duration.ofHours(1), ZoneOffset.UTC).build(env, new Path(dir.resolve("out").toUri()));
        env.execute("heat-pump job test");
        detections = ParquetOutputs.readAll(dir.resolve("out").resolve("heatpump_detections"), HeatPumpDetection.class);
        energy = ParquetOutputs.readAll(dir.resolve("out").resolve("heatpump_energy"), HeatPumpEnergy.class);
        deadLetters = ParquetOutputs.readAll(dir.resolve("out").resolve("dead_letters"), DeadLetter.class);
    }

    @Test
    void everyBadLineIsADeadLetterWithItsFileLineAndReason() {
        assertThat(deadLetters).extracting(d -> d.reason + " " + d.origin.substring(d.origin.lastIndexOf('/') + 1))
                .containsExactlyInAnyOrder("MISSING_TIMESTAMP intervals.csv:4", "INVALID_NUMBER intervals.csv:6",
                        "MISSING_METER_ID intervals.csv:8");
        assertThat(deadLetters).extracting(d -> new String(d.raw, java.nio.charset.StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("hp-1,2024-13-45 00:00:00,0.1", "hp-1,2023-12-01T00:00:00,lots", ",2023-12-01T00:00:00,0.2");
    }

    @Test
    void aMeterByMeterExportGetsItsDailyDetectionsAndEveryQuarterHour() {
        assertThat(detections.stream().collect(Collectors.groupingBy(d -> d.meterId, Collectors.counting())))
                .containsEntry("hp-1", 3L).containsEntry("plain-1", 3L);
        assertThat(energy).hasSize(2 * 3 * 96); // days 7-9: the disaggregation reads a week
        double hp = detections.stream().filter(d -> d.meterId.equals("hp-1")).mapToDouble(d -> d.probability).min().orElseThrow();
        double plain = detections.stream().filter(d -> d.meterId.equals("plain-1")).mapToDouble(d -> d.probability).max().orElseThrow();
        assertThat(hp).isGreaterThan(plain);
    }
}
