package io.wattflow.jobs.nilm;

import io.wattflow.jobs.testing.FailAfterCheckpoint;
import io.wattflow.jobs.testing.FailingIntervals;
import io.wattflow.record.ApplianceActivation;
import io.wattflow.record.ApplianceEnergyDaily;
import io.wattflow.record.ApplianceMinute;
import io.wattflow.record.IntervalReading;
import io.wattflow.sink.ParquetOutputs;
import io.wattflow.sink.ParquetSinks;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The NILM stage across an injected failure (restored from its last checkpoint on a MiniCluster of
 * parallelism 2, Parquet committed exactly once): every minute, day and activation is written as an
 * uninterrupted run writes it, none lost and none twice.
 */
@Timeout(240)
class NilmStageFailureTest {
    static final long MINUTE = 60_000L;
    static final long T0 = 19_700 * 86_400_000L;
    static final String FAILING = "nilm-stage";

    @TempDir
    java.nio.file.Path dir;

    /** Two days of a 1-min house: base load, a kettle now and then, a long 2 kW program some evenings. */
    static List<IntervalReading> house(String meter, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<IntervalReading> out = new ArrayList<>();
        int kettleLeft = 0;
        int programLeft = 0;
        for (int m = 0; m < 2 * 1440; m++) {
            double w = 120 + 30 * rng.nextDouble();
            if (kettleLeft == 0 && rng.nextDouble() < 0.004) {
                kettleLeft = 3;
            }
            if (programLeft == 0 && m % 1440 == 19 * 60 && rng.nextDouble() < 0.7) {
                programLeft = 90;
            }
            if (kettleLeft > 0) {
                w += 2800;
                kettleLeft--;
            }
            if (programLeft > 0) {
                w += programLeft > 60 || programLeft < 20 ? 2000 : 80;
                programLeft--;
            }
            long start = T0 + m * MINUTE;
            out.add(IntervalReading.fromMeter(meter, start, start + MINUTE, w / 60_000));
        }
        return out;
    }

    /** Runs the stage and returns the output folder. */
    java.nio.file.Path run(String name, boolean fail) throws Exception {
        List<IntervalReading> intervals = new ArrayList<>(house("a", 1));
        intervals.addAll(house("b", 2));
        intervals.sort(Comparator.comparingLong(r -> r.startMs));
        StreamExecutionEnvironment env = FailingIntervals.environment();
        DataStream<IntervalReading> in = FailingIntervals.source(env, intervals,
                        new FailAfterCheckpoint<>(FAILING + name, fail ? 1 : 0, 3000, 2, 1))
                .keyBy(r -> r.meterId).map(r -> r).uid("by-meter").name("by meter");
        NilmSettings settings = NilmSettings.defaults();
        settings.minutes = true;
        NilmStage stage = NilmStage.attach(in, settings, ZoneOffset.UTC, Duration.ofDays(7), null);
        java.nio.file.Path out = dir.resolve(name);
        Path base = new Path(out.toUri());
        stage.activations.sinkTo(ParquetSinks.forRecords(ApplianceActivation.class, new Path(base, "activations"), a -> a.startMs))
                .uid("activations-sink").name("activations");
        stage.daily.sinkTo(ParquetSinks.forRecords(ApplianceEnergyDaily.class, new Path(base, "daily"), d -> d.dayStartMs))
                .uid("daily-sink").name("daily");
        stage.minutes.sinkTo(ParquetSinks.forRecords(ApplianceMinute.class, new Path(base, "minutes"), m -> m.startMs))
                .uid("minutes-sink").name("minutes");
        env.execute("nilm stage " + name);
        return out;
    }

    static List<String> rows(java.nio.file.Path folder, Class<?> type) throws Exception {
        List<String> rows = new ArrayList<>();
        for (Object r : ParquetOutputs.readAll(folder, type)) {
            rows.add(r.toString());
        }
        rows.sort(null);
        return rows;
    }

    @Test
    void aRestoredStageWritesWhatAnUninterruptedOneWrites() throws Exception {
        java.nio.file.Path whole = run("whole", false);
        java.nio.file.Path restored = run("restored", true);
        assertThat(FailAfterCheckpoint.failures(FAILING + "restored")).isEqualTo(1);

        List<String> minutes = rows(whole.resolve("minutes"), ApplianceMinute.class);
        assertThat(minutes).as("two meters, two days less the first window's lag, 5 rows a minute").hasSizeGreaterThan(2 * 5 * 2500);
        assertThat(rows(restored.resolve("minutes"), ApplianceMinute.class)).isEqualTo(minutes);
        assertThat(rows(restored.resolve("daily"), ApplianceEnergyDaily.class))
                .isEqualTo(rows(whole.resolve("daily"), ApplianceEnergyDaily.class)).hasSize(2 * 2 * 5);
        assertThat(rows(restored.resolve("activations"), ApplianceActivation.class))
                .isEqualTo(rows(whole.resolve("activations"), ApplianceActivation.class)).isNotEmpty();
    }
}
