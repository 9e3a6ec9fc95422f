package io.wattflow.operators;

import org.apache.flink.api.common.state.StateTtlConfig;

import java.time.Duration;

/**
 * The time-to-live of per-meter state, so meters that stop sending do not keep state forever.
 * Cleanup is cheap on purpose: on the heap backend one entry is checked per state access (the
 * default of five cost a third of the pipeline's time in the benchmark), on RocksDB expired entries
 * are dropped by its compaction filter, and expired values are never returned either way.
 */
public final class SilentMeterTtl {
    private SilentMeterTtl() {}

    public static StateTtlConfig of(Duration ttl) {
        return StateTtlConfig.newBuilder(ttl)
                .cleanupIncrementally(1, false)
                .cleanupInRocksdbCompactFilter(10_000)
                .build();
    }
}
