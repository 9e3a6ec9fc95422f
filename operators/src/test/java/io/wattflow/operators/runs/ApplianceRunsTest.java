package io.wattflow.operators.runs;

import io.wattflow.operators.testing.Harnesses;
import io.wattflow.record.ApplianceRun;
import io.wattflow.record.LoadEvent;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ApplianceRunsTest {
    private static final long H = 3_600_000L;

    static LoadEvent event(String meter, long ms, double delta) {
        LoadEvent e = new LoadEvent();
        e.meterId = meter;
        e.timestampMs = ms;
        e.detector = "edge";
        e.deltaActivePowerW = delta;
        return e;
    }

    @Test
    void pairingNeedsMatchingSizeWithinTheMaximumDuration() {
        RunPairing p = RunPairing.defaults();
        assertThat(p.closes(event("m", 0, 2000), event("m", 60_000, -1900))).isTrue();
        assertThat(p.closes(event("m", 0, 2000), event("m", 60_000, -2400))).as("an OFF 20 %% larger").isFalse();
        assertThat(p.closes(event("m", 0, 2000), event("m", 60_000, -1600))).as("an OFF 20 %% smaller: a motor's draw fell").isTrue();
        assertThat(p.closes(event("m", 0, 2000), event("m", 60_000, -1450))).as("an OFF 27.5 %% smaller").isFalse();
        assertThat(p.closes(event("m", 0, 100), event("m", 60_000, -80))).as("within 25 W").isTrue();
        assertThat(p.closes(event("m", 0, 2000), event("m", 7 * H, -2000))).as("too long").isFalse();
        assertThat(p.closes(event("m", 0, 2000), event("m", 60_000, 2000))).as("not an OFF").isFalse();
        ApplianceRun run = RunPairing.matched(event("m", 0, 2000), event("m", 1_800_000, -2000));
        assertThat(run.energyKwh).isCloseTo(1.0, within(1e-9));
        assertThat(run.durationMs).isEqualTo(1_800_000L);
    }

    @Test
    @Timeout(120)
    void cepPairsRunsAndReportsOnsWithoutOff() throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        List<LoadEvent> events = List.of(
                event("a", 0, 2000),             // kettle on
                event("a", 60_000, 120),         // fridge on, while the kettle runs
                event("a", 180_000, -1980),      // kettle off
                event("a", 1_200_000, -118),     // fridge off
                event("a", 2 * H, 900),          // a load that never switches off within 6 h
                event("a", 9 * H, 50),           // moves event time past the 6 h window
                event("b", 0, 500),
                event("b", 600_000, -510));
        DataStream<LoadEvent> stream = env.fromData(events).assignTimestampsAndWatermarks(
                WatermarkStrategy.<LoadEvent>forMonotonousTimestamps().withTimestampAssigner((e, t) -> e.timestampMs));
        List<ApplianceRun> runs = new ArrayList<>();
        try (CloseableIterator<ApplianceRun> it = ApplianceRuns.of(stream.keyBy(e -> e.meterId), RunPairing.defaults(), "runs")
                .executeAndCollect()) {
            it.forEachRemaining(runs::add);
        }
        assertThat(runs).filteredOn(r -> r.status.equals(ApplianceRun.MATCHED))
                .extracting(r -> r.meterId + ":" + r.startMs / 1000 + "-" + r.endMs / 1000)
                .containsExactlyInAnyOrder("a:0-180", "a:60-1200", "b:0-600");
        assertThat(runs).filteredOn(r -> r.status.equals(ApplianceRun.UNMATCHED))
                .extracting(r -> r.meterId + ":" + r.startMs / 1000).contains("a:7200");
    }

    static final java.util.concurrent.atomic.AtomicInteger RESTARTS = new java.util.concurrent.atomic.AtomicInteger();

    /** Passes events on slowly and fails once, after a checkpoint, while runs are still open. */
    static final class FailOnceAfterCheckpoint extends org.apache.flink.api.common.functions.RichMapFunction<LoadEvent, LoadEvent>
            implements org.apache.flink.api.common.state.CheckpointListener {
        private transient boolean checkpointed;
        private transient int seen;

        @Override
        public LoadEvent map(LoadEvent e) throws Exception {
            Thread.sleep(40);
            if (++seen >= 12 && checkpointed && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0) {
                RESTARTS.incrementAndGet();
                throw new IllegalStateException("injected failure while runs are open");
            }
            return e;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }

    @Test
    @Timeout(120)
    void pendingRunsSurviveARestoreFromACheckpoint() throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        conf.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        List<LoadEvent> events = new ArrayList<>();
        long[] sizes = new long[10];
        for (int i = 0; i < 10; i++) {
            sizes[i] = Math.round(100 * Math.pow(1.5, i)); // far enough apart that each OFF fits one ON only
            events.add(event("m", i * 60_000L, sizes[i]));
        }
        for (int i = 0; i < 10; i++) {
            events.add(event("m", (20 + i) * 60_000L, -sizes[i])); // most of them after the failure
        }
        DataStream<LoadEvent> stream = env.fromData(events)
                .map(new FailOnceAfterCheckpoint()).uid("fail-once")
                .assignTimestampsAndWatermarks(WatermarkStrategy.<LoadEvent>forMonotonousTimestamps()
                        .withTimestampAssigner((e, t) -> e.timestampMs));
        List<ApplianceRun> runs = new ArrayList<>();
        try (CloseableIterator<ApplianceRun> it = ApplianceRuns.of(stream.keyBy(e -> e.meterId), RunPairing.defaults(), "runs")
                .executeAndCollect()) {
            it.forEachRemaining(runs::add);
        }
        assertThat(RESTARTS.get()).as("the job failed once with runs open").isEqualTo(1);
        assertThat(runs).filteredOn(r -> r.status.equals(ApplianceRun.MATCHED))
                .extracting(r -> Math.round(r.onDeltaW)).containsExactlyInAnyOrderElementsOf(
                        java.util.Arrays.stream(sizes).boxed().toList());
        assertThat(runs).filteredOn(r -> r.status.equals(ApplianceRun.UNMATCHED)).isEmpty();
    }

    @Test
    void anOffClosesOneRunAndTheOtherOnIsReportedUnmatched() throws Exception {
        var h = Harnesses.keyed(new OneRunPerOff(), (ApplianceRun r) -> r.meterId, null);
        ApplianceRun first = RunPairing.matched(event("m", 0, 100), event("m", 500_000, -100));
        ApplianceRun second = RunPairing.matched(event("m", 1000, 105), event("m", 500_000, -100));
        h.processElement(new StreamRecord<>(first, 500_000));
        var snapshot = h.snapshot(1, 1);
        var restored = Harnesses.keyed(new OneRunPerOff(), (ApplianceRun r) -> r.meterId, snapshot);
        restored.processElement(new StreamRecord<>(second, 500_000));
        List<ApplianceRun> out = Harnesses.records(restored);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).status).isEqualTo(ApplianceRun.UNMATCHED);
        assertThat(out.get(0).startMs).isEqualTo(1000L);
        for (int i = 0; i < 40; i++) {
            restored.processElement(new StreamRecord<>(RunPairing.matched(event("m", i * 10L, 100), event("m", 1_000_000 + i, -100)), 1));
        }
        assertThat(restored.numKeyedStateEntries()).isEqualTo(1);
    }
}
