package io.wattflow.jobs;

import io.wattflow.jobs.bench.BenchRunner;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** flink-conf/config.yaml: Flink reads it, knows every key, and it says what wattflow relies on. */
class ClusterConfigTest {
    static Path confDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("flink-conf/config.yaml"))) {
                return dir.resolve("flink-conf");
            }
        }
        throw new IllegalStateException("flink-conf/config.yaml not found above " + Path.of("").toAbsolutePath());
    }

    @Test
    void everyKeyIsAFlinkOptionAndTheEssentialsAreSet() throws Exception {
        Configuration conf = GlobalConfiguration.loadConfiguration(confDir().toString());
        Set<String> known = new HashSet<>();
        for (Class<?> options : new Class<?>[] {CheckpointingOptions.class, StateBackendOptions.class,
                RestartStrategyOptions.class, PipelineOptions.class, RocksDBConfigurableOptions.class}) {
            for (Field f : options.getFields()) {
                if (f.get(null) instanceof ConfigOption) {
                    known.add(((ConfigOption<?>) f.get(null)).key());
                }
            }
        }
        // A reporter's keys are named by the reporter (metrics.reporter.<name>.*): checked by the metrics test.
        assertThat(conf.keySet()).isNotEmpty().filteredOn(key -> !key.startsWith("metrics.reporter.prom."))
                .allSatisfy(key -> assertThat(known).as("a key Flink knows").contains(key));
        assertThat(conf.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(conf.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertThat(conf.get(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL)).as("as the benchmark measures it")
                .isEqualTo(BenchRunner.ROCKSDB_COMPRESSION);
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE).name()).isEqualTo("EXACTLY_ONCE");
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isNotNull();
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("exponential-delay");
        assertThat(conf.get(PipelineOptions.MAX_PARALLELISM)).isGreaterThanOrEqualTo(128);
        assertThat(conf.get(PipelineOptions.AUTO_GENERATE_UIDS)).isFalse();
        assertThat(conf.get(PipelineOptions.OBJECT_REUSE)).as("as the local runner and the tests run").isTrue();
    }
}
