package io.wattflow.jobs.nilm;

import io.wattflow.format.ReadingFormat;
import io.wattflow.jobs.ingest.IngestOutputs;
import io.wattflow.jobs.ingest.IngestSettings;
import io.wattflow.jobs.ingest.MeterPipelineJob;
import io.wattflow.jobs.local.LocalRunner;
import io.wattflow.models.ModelFiles;
import io.wattflow.models.ModelManifest;
import io.wattflow.models.ModelSource;
import io.wattflow.record.ApplianceActivation;
import io.wattflow.record.ApplianceEnergyDaily;
import io.wattflow.record.ApplianceMinute;
import io.wattflow.record.IntervalReading;
import io.wattflow.sink.ParquetOutputs;
import io.wattflow.source.FileSources;
import io.wattflow.synth.SyntheticDataset;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The NILM stage in the meter pipeline on a MiniCluster (parallelism 2) with the shipped ONNX model,
 * on three days of two generated 1-min households, every minute's split written and read back from
 * Parquet: each minute's appliances and "other" add up to the minute's measured power, no appliance
 * exceeds it, every minute is split once, and each day's rows add up to the day's measured energy.
 */
@Timeout(240)
class NilmStageTest {
    @TempDir
    static java.nio.file.Path dir;
    static java.nio.file.Path out;
    static ModelManifest shipped;

    @BeforeAll
    static void runTheJob() throws Exception {
        SyntheticDataset.Options o = new SyntheticDataset.Options();
        o.households = 0;
        o.minuteHouseholds = 2;
        o.minuteDays = 3;
        o.start = Instant.parse("2024-01-15T00:00:00Z");
        o.badLineRate = 0;
        SyntheticDataset.Summary generated = SyntheticDataset.write(dir.resolve("input"), o);
        out = dir.resolve("out");
        IngestSettings settings = IngestSettings.defaults();
        settings.format = ReadingFormat.CSV;
        settings.samplePeriod = Duration.ofMinutes(1);
        settings.gapThreshold = Duration.ofMinutes(5);
        settings.forecasts = false;
        settings.nilm.minutes = true;
        StreamExecutionEnvironment env = LocalRunner.environment(2, Duration.ofSeconds(1));
        new MeterPipelineJob(FileSources.readings(ReadingFormat.CSV, new Path(generated.readingsFile.toUri())),
                IngestOutputs.parquet(new Path(out.toUri())), settings).build(env);
        env.execute("nilm stage test");
        shipped = ModelFiles.load(ModelSource.classpath(), NilmSettings.defaults().model).manifest;
    }

    @Test
    void everyMinuteIsSplitOnceWithinWhatTheMeterMeasured() throws Exception {
        Map<String, Double> measuredW = new HashMap<>();
        for (IntervalReading r : ParquetOutputs.readAll(out.resolve(IngestOutputs.INTERVALS_1MIN), IntervalReading.class)) {
            measuredW.put(r.meterId + "@" + r.startMs, r.energyKwh * 60_000);
        }
        List<ApplianceMinute> minutes = ParquetOutputs.readAll(out.resolve(IngestOutputs.APPLIANCE_MINUTES), ApplianceMinute.class);
        Map<String, List<ApplianceMinute>> byMinute = minutes.stream().collect(Collectors.groupingBy(m -> m.meterId + "@" + m.startMs));
        // 3 days of 256-minute windows estimating their central 32 minutes: all but the first and last ~2 h.
        assertThat(byMinute).hasSizeGreaterThan(2 * (3 * 1440 - 300));
        for (Map.Entry<String, List<ApplianceMinute>> e : byMinute.entrySet()) {
            List<ApplianceMinute> rows = e.getValue();
            assertThat(rows).extracting(m -> m.appliance).as(e.getKey() + " once per appliance")
                    .containsExactlyInAnyOrder("kettle", "microwave", "dishwasher", "washing_machine", ApplianceEnergyDaily.OTHER);
            Double measured = measuredW.get(e.getKey());
            assertThat(measured).as(e.getKey() + " is a measured minute").isNotNull();
            for (ApplianceMinute m : rows) {
                assertThat(m.watts).isBetween(0.0, measured + 1e-3);
                assertThat(m.model).isEqualTo(shipped.name);
                assertThat(m.modelVersion).isEqualTo(shipped.version);
            }
            assertThat(rows.stream().mapToDouble(m -> m.watts).sum()).as(e.getKey()).isCloseTo(measured, within(0.05 + 1e-4 * measured));
        }
    }

    @Test
    void eachDaysAppliancesAndOtherAddUpToItsMeasuredEnergy() throws Exception {
        List<ApplianceEnergyDaily> days = ParquetOutputs.readAll(out.resolve(IngestOutputs.APPLIANCE_ENERGY_DAILY), ApplianceEnergyDaily.class);
        List<ApplianceMinute> minutes = ParquetOutputs.readAll(out.resolve(IngestOutputs.APPLIANCE_MINUTES), ApplianceMinute.class);
        Map<String, List<ApplianceEnergyDaily>> byDay = days.stream().collect(Collectors.groupingBy(d -> d.meterId + "@" + d.dayStartMs));
        assertThat(byDay).as("2 meters x 3 days").hasSize(6);
        for (List<ApplianceEnergyDaily> rows : byDay.values()) {
            assertThat(rows).hasSize(5);
            ApplianceEnergyDaily any = rows.get(0);
            assertThat(rows.stream().mapToDouble(d -> d.kwh).sum()).isCloseTo(any.measuredKwh, within(1e-6));
            double fromMinutes = minutes.stream().filter(m -> m.meterId.equals(any.meterId) && m.startMs >= any.dayStartMs
                    && m.startMs < any.dayStartMs + 86_400_000L).mapToDouble(m -> m.watts / 60_000).sum();
            assertThat(fromMinutes).as("the day's minutes, summed").isCloseTo(any.measuredKwh, within(1e-3));
            long dayMinutes = minutes.stream().filter(m -> m.meterId.equals(any.meterId) && m.startMs >= any.dayStartMs
                    && m.startMs < any.dayStartMs + 86_400_000L).count() / 5;
            assertThat(rows).allSatisfy(d -> assertThat(d.minutes).isEqualTo((int) dayMinutes));
        }
    }

    @Test
    void activationsAreOfTheShippedModelInsideTheMetersData() throws Exception {
        List<ApplianceActivation> runs = ParquetOutputs.readAll(out.resolve(IngestOutputs.APPLIANCE_ACTIVATIONS), ApplianceActivation.class);
        long start = Instant.parse("2024-01-15T00:00:00Z").toEpochMilli();
        assertThat(runs).as("three days of two households with kettles and dishwashers").isNotEmpty();
        for (ApplianceActivation a : runs) {
            assertThat(a.startMs).isGreaterThanOrEqualTo(start).isLessThan(a.endMs);
            assertThat(a.endMs).isLessThanOrEqualTo(start + 3 * 86_400_000L);
            assertThat(a.energyWh).isPositive();
            assertThat(a.confidence).isBetween(0.5, 1.0);
            assertThat(a.model).isEqualTo(shipped.name);
        }
    }

    @Test
    void runsAreNamedFromTheEstimatesOfTheirMinutes() throws Exception {
        List<io.wattflow.record.ApplianceRun> runs = ParquetOutputs.readAll(out.resolve(IngestOutputs.APPLIANCE_RUNS),
                io.wattflow.record.ApplianceRun.class);
        List<ApplianceMinute> minutes = ParquetOutputs.readAll(out.resolve(IngestOutputs.APPLIANCE_MINUTES), ApplianceMinute.class);
        Map<String, Double> estimate = new HashMap<>();  // meter|appliance|minute -> W
        Map<String, java.util.Set<Long>> estimated = new HashMap<>();
        for (ApplianceMinute m : minutes) {
            estimate.put(m.meterId + "|" + m.appliance + "|" + m.startMs, m.watts);
            estimated.computeIfAbsent(m.meterId, k -> new java.util.HashSet<>()).add(m.startMs);
        }
        List<String> appliances = shipped.appliances.stream().map(a -> a.name).toList();
        int byNilm = 0;
        int unknown = 0;
        for (io.wattflow.record.ApplianceRun r : runs) {
            long m = Math.floorDiv(r.startMs, 60_000L) * 60_000L;
            if (!estimated.getOrDefault(r.meterId, java.util.Set.of()).contains(m) || !(r.onDeltaW > 0)) {
                continue;
            }
            // The rise the recognition reads: the highest estimate of the ON minute and the two after,
            // minus the lower of the two before (0 where not estimated).
            String best = null;
            double bestRise = 0.5 * r.onDeltaW;
            for (String a : appliances) {
                java.util.function.LongFunction<Double> w = t -> estimate.getOrDefault(r.meterId + "|" + a + "|" + t, 0.0);
                double rise = Math.max(w.apply(m), Math.max(w.apply(m + 60_000L), w.apply(m + 120_000L)))
                        - Math.min(w.apply(m - 60_000L), w.apply(m - 120_000L));
                if (rise >= bestRise - 1e-3) {
                    bestRise = rise;
                    best = a;
                }
            }
            if (best != null) {
                assertThat(r.appliance).as("run at %s", Instant.ofEpochMilli(r.startMs)).isEqualTo(best);
                assertThat(r.recognisedBy).isEqualTo(shipped.name + " " + shipped.version);
                byNilm++;
            } else {
                assertThat(r.appliance).as("no estimate rose by half its step").isEqualTo(io.wattflow.record.ApplianceRun.UNKNOWN);
                unknown++;
            }
        }
        assertThat(byNilm).as("the households' kettles and dishwashers").isPositive();
        assertThat(unknown).isPositive();
    }
}
