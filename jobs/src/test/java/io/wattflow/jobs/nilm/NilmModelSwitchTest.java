package io.wattflow.jobs.nilm;

import io.wattflow.jobs.testing.FailAfterCheckpoint;
import io.wattflow.jobs.testing.FailingIntervals;
import io.wattflow.models.ModelFiles;
import io.wattflow.models.ModelSource;
import io.wattflow.record.ApplianceMinute;
import io.wattflow.record.ControlError;
import io.wattflow.record.IntervalReading;
import io.wattflow.record.ModelControl;
import io.wattflow.sink.ParquetOutputs;
import io.wattflow.sink.ParquetSinks;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model version served while the NILM stage runs (MiniCluster, parallelism 2, Parquet exactly once),
 * with a failure injected after the switch: every minute is estimated once, by the version serving
 * when its window ran, exactly as a run on that version alone estimates it; the restored attempt
 * serves the version it switched to (the command is not read again: it lies before the checkpoint);
 * a command with a wrong checksum is refused by each serving task and changes nothing.
 */
@Timeout(300)
class NilmModelSwitchTest {
    static final long MINUTE = 60_000L;
    static final String MODEL = "nilm-appliances";
    static final java.nio.file.Path V110 = java.nio.file.Path.of("../models/eval/nilm-1.1.0/fold-1").toAbsolutePath().normalize();
    /** The command comes with the data: when meter a's minute 1000 passes. */
    static final long COMMAND_AT = NilmStageFailureTest.T0 + 1000 * MINUTE;

    @TempDir
    java.nio.file.Path dir;

    java.nio.file.Path run(String name, ModelSource models, boolean switchAndFail) throws Exception {
        List<IntervalReading> intervals = new ArrayList<>(NilmStageFailureTest.house("a", 1));
        intervals.addAll(NilmStageFailureTest.house("b", 2));
        intervals.sort(Comparator.comparingLong(r -> r.startMs));
        StreamExecutionEnvironment env = FailingIntervals.environment();
        DataStream<IntervalReading> paced = FailingIntervals.source(env, intervals,
                new FailAfterCheckpoint<>("switch-" + name, switchAndFail ? 1 : 0, 3600, 2, 1));
        DataStream<IntervalReading> in = paced.keyBy(r -> r.meterId).map(r -> r).uid("by-meter").name("by meter");
        NilmSettings settings = NilmSettings.defaults();
        settings.minutes = true;
        settings.models = models;
        DataStream<ModelControl> control = null;
        if (switchAndFail) {
            String location = V110.toUri().toString();
            String sha = ModelFiles.load(ModelSource.of(location), MODEL).manifest.sha256;
            control = paced.flatMap((IntervalReading r, Collector<ModelControl> out) -> {
                if (r.meterId.equals("a") && r.startMs == COMMAND_AT) {
                    out.collect(ModelControl.serve(MODEL, "1.1.0", location, "0".repeat(64)));
                    out.collect(ModelControl.serve(MODEL, "1.1.0", location, sha));
                }
            }).returns(TypeInformation.of(ModelControl.class)).setParallelism(1).uid("commands").name("commands");
        }
        NilmStage stage = NilmStage.attach(in, settings, ZoneOffset.UTC, Duration.ofDays(7), control);
        java.nio.file.Path out = dir.resolve(name);
        Path base = new Path(out.toUri());
        stage.minutes.sinkTo(ParquetSinks.forRecords(ApplianceMinute.class, new Path(base, "minutes"), m -> m.startMs))
                .uid("minutes-sink").name("minutes");
        stage.controlErrors.sinkTo(ParquetSinks.forRecords(ControlError.class, new Path(base, "control_errors"), e -> 0L))
                .uid("errors-sink").name("control errors");
        env.execute("nilm model switch " + name);
        return out;
    }

    static Map<String, ApplianceMinute> byMinute(java.nio.file.Path folder) throws Exception {
        Map<String, ApplianceMinute> rows = new HashMap<>();
        for (ApplianceMinute m : ParquetOutputs.readAll(folder, ApplianceMinute.class)) {
            ApplianceMinute twice = rows.put(m.meterId + "@" + m.startMs + "/" + m.appliance, m);
            assertThat(twice).as("written twice: %s", m).isNull();
        }
        return rows;
    }

    @Test
    void everyMinuteIsEstimatedOnceByTheVersionServingThenAndARestoreKeepsTheNewVersion() throws Exception {
        Map<String, ApplianceMinute> v100 = byMinute(run("v100", ModelSource.classpath(), false).resolve("minutes"));
        Map<String, ApplianceMinute> v110 = byMinute(run("v110", ModelSource.of(V110.toUri().toString()), false).resolve("minutes"));
        java.nio.file.Path switched = run("switched", ModelSource.classpath(), true);
        assertThat(FailAfterCheckpoint.failures("switch-switched")).as("a failure after the switch").isEqualTo(1);

        Map<String, ApplianceMinute> rows = byMinute(switched.resolve("minutes"));
        assertThat(rows.keySet()).as("every minute once, none lost").isEqualTo(v100.keySet());
        long before = 0;
        long after = 0;
        long lastBefore = Long.MIN_VALUE;
        Map<String, Long> lastOld = new HashMap<>();
        Map<String, Long> firstNew = new HashMap<>();
        for (Map.Entry<String, ApplianceMinute> e : rows.entrySet()) {
            ApplianceMinute m = e.getValue();
            ApplianceMinute reference = (m.modelVersion.equals("1.0.0") ? v100 : v110).get(e.getKey());
            assertThat(m.modelVersion).isIn("1.0.0", "1.1.0");
            assertThat(m.watts).as("%s as version %s alone says", e.getKey(), m.modelVersion).isEqualTo(reference.watts);
            if (m.modelVersion.equals("1.0.0")) {
                before++;
                lastBefore = Math.max(lastBefore, m.startMs);
                lastOld.merge(m.meterId, m.startMs, Math::max);
            } else {
                after++;
                firstNew.merge(m.meterId, m.startMs, Math::min);
            }
        }
        for (String meter : List.of("a", "b")) {
            assertThat(lastOld.get(meter)).as("meter %s switches once: old version before, new after", meter).isLessThan(firstNew.get(meter));
        }
        assertThat(before).as("minutes estimated before the command").isGreaterThan(0);
        assertThat(after).as("minutes estimated after it").isGreaterThan(0);
        assertThat(lastBefore).as("the switch comes soon after the command (a checkpoint later; estimates lag their window by 2 h)")
                .isLessThan(COMMAND_AT + 8 * 60 * MINUTE);
        long differing = rows.entrySet().stream().filter(e -> e.getValue().watts != v100.get(e.getKey()).watts).count();
        assertThat(differing).as("the versions differ, so the test can tell them apart").isGreaterThan(100);

        List<ControlError> errors = ParquetOutputs.readAll(switched.resolve("control_errors"), ControlError.class);
        assertThat(errors).as("the wrong checksum, once per serving task (the restore does not read the command again)").hasSize(2)
                .allSatisfy(err -> {
                    assertThat(err.reason).contains("sha256");
                    assertThat(err.servingVersion).isEqualTo("1.0.0");
                });
        assertThat(errors).extracting(err -> err.task).containsExactlyInAnyOrder(0, 1);
    }
}
