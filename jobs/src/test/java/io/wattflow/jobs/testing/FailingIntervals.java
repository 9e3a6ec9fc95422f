package io.wattflow.jobs.testing;

import io.wattflow.jobs.eval.heatpump.HeatPumpEvaluation;
import io.wattflow.jobs.local.LocalRunner;
import io.wattflow.record.IntervalReading;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;
import java.util.List;

/**
 * A stage's test input on a MiniCluster that restarts (parallelism 2, checkpoints every 200 ms, three
 * restarts): interval records in event time through a {@link FailAfterCheckpoint} that fails as told.
 */
public final class FailingIntervals {
    private FailingIntervals() {}

    public static StreamExecutionEnvironment environment() {
        Configuration conf = LocalRunner.configuration(2, Duration.ofMillis(200));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        return StreamExecutionEnvironment.createLocalEnvironment(conf);
    }

    /**
     * The records in time order, timestamped by their end, then {@code failure} (which also paces them:
     * slow enough for checkpoints to complete mid-input, on the restored attempt too; when the input
     * ends before a checkpoint after a restore, Flink 2.2.0's file compactor trips an assertion in
     * CompactorOperator.endInput, see README).
     */
    public static DataStream<IntervalReading> source(StreamExecutionEnvironment env, List<IntervalReading> intervals,
            FailAfterCheckpoint<IntervalReading> failure) {
        return env.fromData(intervals, TypeInformation.of(IntervalReading.class))
                .setParallelism(1).uid("intervals").name("intervals")
                .assignTimestampsAndWatermarks(HeatPumpEvaluation.everyRecord((r, ts) -> r.endMs)).setParallelism(1)
                .uid("intervals-time").name("interval time")
                .map(failure).setParallelism(1).uid("fail-once").name("fails once");
    }
}
