package io.wattflow.jobs;

import io.wattflow.jobs.bench.BenchRunner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.wattflow.jobs.cli.FriendlyConverters;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.util.EnvironmentInformation;
import picocli.CommandLine;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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

    /** The keys of Flink's options that wattflow's configurations may set. */
    static Set<String> knownKeys() throws IllegalAccessException {
        Set<String> known = new HashSet<>();
        for (Class<?> options : new Class<?>[] {CheckpointingOptions.class, StateBackendOptions.class, RestartStrategyOptions.class,
                PipelineOptions.class, RocksDBConfigurableOptions.class, RestOptions.class, HighAvailabilityOptions.class,
                TaskManagerOptions.class, CoreOptions.class}) {
            for (Field f : options.getFields()) {
                if (f.get(null) instanceof ConfigOption) {
                    known.add(((ConfigOption<?>) f.get(null)).key());
                }
            }
        }
        return known;
    }

    @Test
    void everyKeyIsAFlinkOptionAndTheEssentialsAreSet() throws Exception {
        Configuration conf = GlobalConfiguration.loadConfiguration(confDir().toString());
        Set<String> known = knownKeys();
        // A reporter's keys are named by the reporter (metrics.reporter.<name>.*): checked by the metrics test.
        assertThat(conf.keySet()).isNotEmpty().filteredOn(key -> !key.startsWith("metrics.reporter.prom."))
                .allSatisfy(key -> assertThat(known).as("a key Flink knows").contains(key));
        assertThat(conf.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(conf.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertThat(conf.get(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL)).as("as the benchmark measures it")
                .isEqualTo(BenchRunner.ROCKSDB_COMPRESSION);
        assertThat(conf.get(RocksDBConfigurableOptions.USE_BLOOM_FILTER)).as("as the benchmark measures it")
                .isEqualTo(BenchRunner.ROCKSDB_BLOOM_FILTER);
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE).name()).isEqualTo("EXACTLY_ONCE");
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isNotNull();
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("exponential-delay");
        assertThat(conf.get(PipelineOptions.MAX_PARALLELISM)).isGreaterThanOrEqualTo(128);
        assertThat(conf.get(PipelineOptions.AUTO_GENERATE_UIDS)).isFalse();
        assertThat(conf.get(PipelineOptions.OBJECT_REUSE)).as("as the local runner and the tests run").isTrue();
        assertThat(conf.get(CoreOptions.FLINK_TM_JVM_OPTIONS)).as("as ./wattflow runs the local MiniCluster and the bench")
                .isEqualTo("-XX:+UseParallelGC").isSubstringOf(Files.readString(confDir().getParent().resolve("wattflow")));
    }

    /**
     * flink-conf/kubernetes/wattflow.yaml: a FlinkDeployment in application mode with savepoint
     * upgrades, Kubernetes HA, RocksDB, checkpoints and savepoints in object storage and Prometheus;
     * its Flink options are keys Flink knows and agree with config.yaml; its job args are options
     * {@code wattflow run} parses. (The operator's CRD schema itself is not checked here: neither the
     * operator's API jar nor its CRD file is available to this build.)
     */
    @Test
    void theKubernetesDeploymentIsTheClusterConfigurationInApplicationMode() throws Exception {
        JsonNode d = new ObjectMapper(new YAMLFactory()).readTree(confDir().resolve("kubernetes/wattflow.yaml").toFile());
        assertThat(d.path("apiVersion").asText()).isEqualTo("flink.apache.org/v1beta1");
        assertThat(d.path("kind").asText()).isEqualTo("FlinkDeployment");
        JsonNode spec = d.path("spec");
        assertThat(spec.path("flinkVersion").asText()).as("the Flink this build runs on").isEqualTo("v" + EnvironmentInformation.getVersion()
                .replaceAll("^(\\d+)\\.(\\d+).*", "$1_$2"));
        JsonNode job = spec.path("job");
        assertThat(job.path("jarURI").asText()).startsWith("local:///opt/flink/usrlib/").endsWith("-cluster.jar");
        assertThat(job.path("entryClass").asText()).isEqualTo(WattflowCli.class.getName());
        assertThat(job.path("upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(job.path("state").asText()).isEqualTo("running");

        Map<String, String> flink = new java.util.TreeMap<>();
        spec.path("flinkConfiguration").fields().forEachRemaining(e -> flink.put(e.getKey(), e.getValue().asText()));
        Set<String> known = knownKeys();
        assertThat(flink.keySet()).filteredOn(k -> !k.startsWith("metrics.reporter.prom.") && !k.startsWith("s3."))
                .allSatisfy(key -> assertThat(known).as("a key Flink knows").contains(key));
        Configuration conf = GlobalConfiguration.loadConfiguration(confDir().toString());
        for (String key : conf.keySet()) {
            if (key.endsWith("dir") || key.startsWith("rest.") || key.equals("metrics.reporter.prom.port")) {
                continue;
            }
            if (key.equals("taskmanager.memory.process.size")) {
                assertThat(spec.path("taskManager").path("resource").path("memory").asText()).as("the TaskManager's memory")
                        .isEqualTo(conf.toMap().get(key));
                continue;
            }
            assertThat(flink).as("config.yaml's %s", key).containsEntry(key, conf.toMap().get(key));
        }
        assertThat(flink).containsEntry("high-availability.type", "kubernetes");
        for (String folder : List.of("high-availability.storageDir", "execution.checkpointing.dir", "execution.checkpointing.savepoint-dir")) {
            assertThat(flink.get(folder)).as(folder + " in object storage, where every JobManager finds it").startsWith("s3://");
        }
        assertThat(spec.path("podTemplate").path("metadata").path("annotations").path("prometheus.io/port").asText())
                .isEqualTo(flink.get("metrics.reporter.prom.port"));

        List<String> args = new ArrayList<>();
        job.path("args").forEach(a -> args.add(a.asText()));
        CommandLine cli = new CommandLine(new WattflowCli());
        FriendlyConverters.register(cli);
        CommandLine.ParseResult parsed = cli.parseArgs(args.toArray(String[]::new));
        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("run");
        assertThat(parsed.subcommand().matchedOptions()).hasSize((args.size() - 1) / 2);
    }

    @Test
    void theBenchGivesRocksDbTheManagedMemoryOfTheDeployedTaskManager() throws Exception {
        JsonNode d = new ObjectMapper(new YAMLFactory()).readTree(confDir().resolve("kubernetes/wattflow.yaml").toFile());
        JsonNode spec = d.path("spec");
        Configuration tm = new Configuration();
        // What the Kubernetes operator does with the TaskManager's resource memory.
        tm.set(TaskManagerOptions.TOTAL_PROCESS_MEMORY, org.apache.flink.configuration.MemorySize.parse(
                spec.path("taskManager").path("resource").path("memory").asText()));
        spec.path("flinkConfiguration").fields().forEachRemaining(e -> tm.setString(e.getKey(), e.getValue().asText()));
        long managed = org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils.processSpecFromConfig(tm)
                .getManagedMemorySize().getBytes();
        assertThat(org.apache.flink.configuration.MemorySize.parse(BenchRunner.MANAGED_MEMORY).getMebiBytes())
                .isEqualTo((int) (managed >> 20));
    }
}
