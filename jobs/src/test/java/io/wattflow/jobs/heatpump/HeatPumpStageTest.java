package io.wattflow.jobs.heatpump;

import io.wattflow.jobs.eval.heatpump.HeatPumpEvaluation;
import io.wattflow.jobs.testing.FailAfterCheckpoint;
import io.wattflow.jobs.testing.FailingIntervals;
import io.wattflow.operators.heatpump.HeatPumpGate;
import io.wattflow.record.HeatPumpDetection;
import io.wattflow.record.HeatPumpEnergy;
import io.wattflow.record.IntervalReading;
import io.wattflow.record.TemperatureReading;
import io.wattflow.sink.ParquetOutputs;
import io.wattflow.sink.ParquetSinks;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heat-pump stage with the shipped models on a MiniCluster (parallelism 2): nine days of 15-min
 * energy of four meters, two with a heat pump, and their region's weather; a failure injected after
 * a completed checkpoint; detections and per-interval energy read back from Parquet, each once.
 */
@Timeout(180)
class HeatPumpStageTest {
    private static final long SLOT = 15 * 60_000L;
    private static final long DAY = 86_400_000L;
    static final long T0 = 19_700 * DAY;
    private static final int DAYS = 9;
    private static final List<String> WITH_HEAT_PUMP = List.of("hp-1", "hp-2");
    private static final List<String> WITHOUT = List.of("plain-1", "plain-2");
    static final String FAILING = "heatpump-stage";

    @TempDir
    static java.nio.file.Path dir;
    static final Map<String, Double> meterKwh = new HashMap<>();
    static List<HeatPumpDetection> detections;
    static List<HeatPumpEnergy> energy;

    static double celsius(long t) {
        return 2 + 4 * Math.sin(2 * Math.PI * ((t - T0) % DAY) / DAY - 2.0);
    }

    /** A home: small base, evening cooking, appliances at random; with a heat pump that cycles harder in the cold. */
    static List<IntervalReading> home(String meter, boolean heatPump, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<IntervalReading> out = new ArrayList<>();
        for (int s = 0; s < DAYS * 96; s++) {
            long start = T0 + s * SLOT;
            int slotOfDay = s % 96;
            double kwh = 0.02 + 0.01 * rng.nextDouble();
            if (slotOfDay >= 72 && slotOfDay < 80) {
                kwh += 0.15 + 0.1 * rng.nextDouble();
            }
            if (rng.nextDouble() < 0.03) {
                kwh += 0.3 * rng.nextDouble();
            }
            if (heatPump) {
                double duty = Math.max(0, Math.min(1, (15 - celsius(start)) / 25));
                if (rng.nextDouble() < duty * 1.3) {
                    kwh += 0.5 * (0.7 + 0.3 * rng.nextDouble());
                }
            }
            out.add(IntervalReading.fromMeter(meter, start, start + SLOT, kwh));
            meterKwh.put(meter + "@" + start, kwh);
        }
        return out;
    }

    @BeforeAll
    static void runTheStage() throws Exception {
        List<IntervalReading> intervals = new ArrayList<>();
        long seed = 1;
        for (String m : WITH_HEAT_PUMP) {
            intervals.addAll(home(m, true, seed++));
        }
        for (String m : WITHOUT) {
            intervals.addAll(home(m, false, seed++));
        }
        intervals.sort(java.util.Comparator.comparingLong(r -> r.startMs));
        List<TemperatureReading> weather = new ArrayList<>();
        for (long t = T0; t < T0 + DAYS * DAY; t += 3_600_000L) {
            weather.add(new TemperatureReading("alps", t, celsius(t)));
        }

        StreamExecutionEnvironment env = FailingIntervals.environment();
        DataStream<IntervalReading> energyIn = FailingIntervals.source(env, intervals,
                new FailAfterCheckpoint<IntervalReading>(FAILING, 1, 1200, 1, 1));
        DataStream<TemperatureReading> weatherIn = env.fromData(weather, TypeInformation.of(TemperatureReading.class))
                .setParallelism(1).uid("weather").name("weather")
                .assignTimestampsAndWatermarks(HeatPumpEvaluation.everyRecord((t, ts) -> t.timestampMs)).setParallelism(1)
                .uid("weather-time").name("weather time");
        HeatPumpSettings settings = HeatPumpSettings.defaults();
        settings.defaultRegion = "alps";
        settings.maxBatch = 3;
        HeatPumpStage stage = HeatPumpStage.attach(energyIn, weatherIn, settings, null);
        Path out = new Path(dir.toUri());
        stage.detections.sinkTo(ParquetSinks.forRecords(HeatPumpDetection.class, new Path(out, "detections"), d -> d.windowEndMs))
                .uid("detections-sink").name("detections");
        stage.energy.sinkTo(ParquetSinks.forRecords(HeatPumpEnergy.class, new Path(out, "energy"), e -> e.startMs))
                .uid("energy-sink").name("energy");
        env.execute("heat-pump stage test");
        detections = ParquetOutputs.readAll(dir.resolve("detections"), HeatPumpDetection.class);
        energy = ParquetOutputs.readAll(dir.resolve("energy"), HeatPumpEnergy.class);
    }

    @Test
    void aFailureWasInjected() {
        assertThat(FailAfterCheckpoint.failures(FAILING)).isEqualTo(1);
    }

    @Test
    void everyMeterGetsOneDetectionPerDayOnceSevenDaysAreThereAndNoneTwice() {
        Map<String, List<Long>> byMeter = detections.stream().collect(Collectors.groupingBy(d -> d.meterId,
                Collectors.mapping(d -> (d.windowEndMs - T0) / DAY, Collectors.toList())));
        assertThat(byMeter.keySet()).containsExactlyInAnyOrder("hp-1", "hp-2", "plain-1", "plain-2");
        byMeter.values().forEach(days -> assertThat(days).containsExactlyInAnyOrder(7L, 8L, 9L));
        assertThat(detections).allSatisfy(d -> {
            assertThat(d.model).isEqualTo("heatpump-detection");
            assertThat(d.modelVersion).isNotBlank();
            assertThat(d.windowEndMs - d.windowStartMs).isEqualTo(7 * DAY);
            assertThat(d.heatPump).isEqualTo(d.probability >= d.threshold);
        });
    }

    @Test
    void homesWithAHeatPumpScoreAboveHomesWithout() {
        double lowestWith = detections.stream().filter(d -> WITH_HEAT_PUMP.contains(d.meterId))
                .mapToDouble(d -> d.probability).min().orElseThrow();
        double highestWithout = detections.stream().filter(d -> WITHOUT.contains(d.meterId))
                .mapToDouble(d -> d.probability).max().orElseThrow();
        assertThat(lowestWith).isGreaterThan(highestWithout);
    }

    @Test
    void everyIntervalAfterTheFirstWeekGetsOneEstimateThatNeverExceedsTheMeter() {
        // The shipped disaggregation reads a week (its baseload is the lowest of seven nights).
        int days = DAYS - 6;
        assertThat(energy).hasSize(4 * days * 96);
        assertThat(energy).allSatisfy(e -> assertThat(e.startMs).isGreaterThanOrEqualTo(T0 + 6 * DAY));
        assertThat(energy.stream().map(e -> e.meterId + "@" + e.startMs).distinct().count()).isEqualTo(energy.size());
        assertThat(energy).allSatisfy(e -> {
            assertThat(e.estimatedKwh).isBetween(0.0, meterKwh.get(e.meterId + "@" + e.startMs) + 1e-6);
            assertThat(e.endMs - e.startMs).isEqualTo(SLOT);
        });
        double withHeatPump = energy.stream().filter(e -> WITH_HEAT_PUMP.contains(e.meterId)).mapToDouble(e -> e.heatPumpKwh).sum();
        double without = energy.stream().filter(e -> WITHOUT.contains(e.meterId)).mapToDouble(e -> e.heatPumpKwh).sum();
        assertThat(withHeatPump).isGreaterThan(2 * without);
    }

    @Test
    void theEnergyIsGatedByTheMetersDetectionUpToItsOwnWindow() {
        Map<String, List<HeatPumpDetection>> byMeter = detections.stream().sorted(java.util.Comparator.comparingLong(d -> d.windowEndMs))
                .collect(Collectors.groupingBy(d -> d.meterId));
        assertThat(energy).allSatisfy(e -> {
            // An interval is the last day of the window ending at the next midnight; the gate reads the
            // median of the meter's last 7 windows up to that one.
            long end = (Math.floorDiv(e.startMs, DAY) + 1) * DAY;
            double[] upTo = byMeter.get(e.meterId).stream().filter(d -> d.windowEndMs <= end).mapToDouble(d -> d.probability)
                    .sorted().toArray();
            assertThat(upTo).as("the meter's detections up to " + e).isNotEmpty().hasSizeLessThanOrEqualTo(7);
            int n = upTo.length;
            double median = n % 2 == 1 ? upTo[n / 2] : (upTo[n / 2 - 1] + upTo[n / 2]) / 2;
            assertThat(e.heatPumpProbability).isCloseTo(median, org.assertj.core.api.Assertions.within(1e-6));
            assertThat(e.heatPumpKwh).isCloseTo(HeatPumpGate.SHIPPED.apply(e.estimatedKwh, median, 0.5), org.assertj.core.api.Assertions.within(1e-6));
        });
        double without = energy.stream().filter(e -> WITHOUT.contains(e.meterId)).mapToDouble(e -> e.heatPumpKwh).sum();
        double estimatedWithout = energy.stream().filter(e -> WITHOUT.contains(e.meterId)).mapToDouble(e -> e.estimatedKwh).sum();
        assertThat(estimatedWithout).as("the disaggregation alone gives homes without a heat pump some").isPositive();
        assertThat(without).as("the detection takes most of it back").isLessThan(0.1 * estimatedWithout);
        assertThat(energy.stream().filter(e -> WITH_HEAT_PUMP.contains(e.meterId)).mapToDouble(e -> e.heatPumpKwh).sum()).isPositive();
    }
}
