package io.wattflow.jobs.bench;

import io.wattflow.format.ReadingFormat;
import io.wattflow.jobs.ingest.MeterPipelineJob;
import io.wattflow.jobs.ingest.IngestOutputs;
import io.wattflow.jobs.ingest.IngestSettings;
import io.wattflow.jobs.ingest.ReadingsInput;
import io.wattflow.jobs.local.LocalRunner;
import io.wattflow.jobs.local.RunReport;
import io.wattflow.operators.SilentMeterTtl;
import io.wattflow.record.RawRecord;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.rocksdb.CompressionType;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** Runs one pipeline on one state backend on a local MiniCluster and measures it. */
public final class BenchRunner {
    public static final String REFERENCE = "reference";
    public static final String DETECTION = "detection";
    /** The detection pipeline without forecasts and profile clustering, to measure what they cost. */
    public static final String DETECTION_WITHOUT_FORECASTS = "detection-no-forecasts";
    /** The detection pipeline with forecasts but without profile clustering. */
    public static final String DETECTION_WITHOUT_PROFILES = "detection-no-profiles";
    /** The detection pipeline without appliance disaggregation (NILM), to measure what it costs. */
    public static final String DETECTION_WITHOUT_NILM = "detection-no-nilm";
    /** The detection pipeline with each reading run alone (no bundles), to measure what the bundles save. */
    public static final String DETECTION_WITHOUT_BUNDLES = "detection-no-bundles";
    /** The reference with a value of N bytes per meter: {@link #referenceOfBytes}. */
    private static final String REFERENCE_OF_BYTES = "reference-bytes-";
    /**
     * Managed memory of the bench's MiniCluster (RocksDB's block cache and write buffers): what Flink
     * gives the TaskManager of {@code flink-conf/kubernetes/wattflow.yaml} (4 GB process, 2 slots; a test
     * checks it). The MiniCluster's own default, 128 MB, is no TaskManager anyone runs, and measured
     * RocksDB at half the rate with 100,000 meters (README "Scale").
     */
    public static final String MANAGED_MEMORY = "1372m";
    /** Every stage on: the detection pipeline's defaults plus outdoor temperature, so the heat-pump models and the weather-aware forecasts run too. */
    public static final String EVERYTHING = "everything";
    /** The detection pipeline and its variants (each leaves one part out, or adds the weather stages). */
    private static final java.util.Set<String> DETECTION_PIPELINES = java.util.Set.of(DETECTION, DETECTION_WITHOUT_FORECASTS,
            DETECTION_WITHOUT_PROFILES, DETECTION_WITHOUT_NILM, DETECTION_WITHOUT_BUNDLES, EVERYTHING);
    /** RocksDB's compression in flink-conf/config.yaml, so the bench measures what a cluster runs (a test checks they agree). */
    public static final List<CompressionType> ROCKSDB_COMPRESSION = List.of(CompressionType.LZ4_COMPRESSION);
    /** RocksDB's bloom filters as in flink-conf/config.yaml (a test checks they agree); {@code -D state.backend.rocksdb.use-bloom-filter=false} measures without. */
    public static final boolean ROCKSDB_BLOOM_FILTER = true;

    private BenchRunner() {}

    /** What one run measured. */
    public static final class Result {
        public String pipeline;
        public String backend;
        public int meters;
        public long readings;
        public int parallelism;
        public double seconds;
        public double readingsPerSecond;
        public long stateBytes;
        public long gcMillis;
        public double latencyP50Ms;
        public double latencyP99Ms;
        /** Readings the detection pipeline accepted and refused (0 for the reference, which checks nothing). */
        public long accepted;
        public long deadLetters;
        /** Completed checkpoints, and the median and longest end-to-end duration among them (ms). */
        public long checkpoints;
        public double checkpointMedianMs;
        public double checkpointMaxMs;
        /** When the longest checkpoint was triggered, seconds after the job started (-1: not seen). */
        public double checkpointMaxAtSeconds;
        /** What the longest checkpoint wrote, bytes (incremental: what changed since the one before). */
        public long checkpointMaxBytes;
        public double checkpointMedianBytes;

        public double perCore() {
            return readingsPerSecond / Math.min(parallelism, Runtime.getRuntime().availableProcessors());
        }

        public double stateBytesPerMeter() {
            return (double) stateBytes / meters;
        }
    }

    /** A winter's hourly temperature of the default region over the readings' span (and a day either side). */
    public static Path hourlyWeather(Path workDir, long seconds) throws java.io.IOException {
        io.wattflow.synth.OutdoorTemperature winter = io.wattflow.synth.OutdoorTemperature.winter(7);
        StringBuilder csv = new StringBuilder("region,timestamp,temperature_c\n");
        for (long t = SyntheticMeters.START_MS - 86_400_000L; t <= SyntheticMeters.START_MS + seconds * 1000 + 86_400_000L; t += 3_600_000L) {
            csv.append("default,").append(java.time.Instant.ofEpochMilli(t)).append(',')
                    .append(String.format(java.util.Locale.ROOT, "%.1f", winter.at(t))).append('\n');
        }
        return Files.writeString(Files.createDirectories(workDir).resolve("weather-" + seconds + ".csv"), csv);
    }

    /** The name of the reference pipeline with a value of {@code bytes} per meter (read and written with each reading). */
    public static String referenceOfBytes(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("A reference value of " + bytes + " bytes: give at least 1.");
        }
        return REFERENCE_OF_BYTES + bytes;
    }

    public static Result run(String pipeline, String backend, int meters, long seconds, int parallelism, Path workDir)
            throws Exception {
        return run(pipeline, backend, meters, seconds, parallelism, workDir, Map.of());
    }

    /** As {@link #run(String, String, int, long, int, Path)}, with Flink settings on top of the bench's own (tuning experiments). */
    public static Result run(String pipeline, String backend, int meters, long seconds, int parallelism, Path workDir,
                             Map<String, String> flinkSettings) throws Exception {
        return run(pipeline, backend, meters, seconds, parallelism, workDir, flinkSettings, null, null);
    }

    /**
     * As {@link #run(String, String, int, long, int, Path, Map)}, with the detection pipeline's bundle size
     * and wait ({@code --bundle-readings}, {@code --bundle-wait}; null: the defaults) where it bundles at all.
     */
    public static Result run(String pipeline, String backend, int meters, long seconds, int parallelism, Path workDir,
                             Map<String, String> flinkSettings, Integer bundleReadings, Duration bundleWait) throws Exception {
        // Each run starts on a collected heap, as a new TaskManager would: the runs share one JVM, and
        // the previous run's state (a detection run's 100,000 meters are gigabytes of objects on the heap
        // backend) was otherwise collected during the next run and charged to it.
        System.gc();
        Path checkpoints = Files.createDirectories(workDir.resolve(pipeline + "-" + backend + "-" + System.nanoTime()));
        Configuration conf = LocalRunner.configuration(parallelism, Duration.ofSeconds(2));
        conf.set(StateBackendOptions.STATE_BACKEND, backend.equals("heap") ? "hashmap" : backend);
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, backend.equals("rocksdb"));
        conf.set(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL, ROCKSDB_COMPRESSION);
        conf.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, ROCKSDB_BLOOM_FILTER);
        conf.setString("taskmanager.memory.managed.size", MANAGED_MEMORY);
        conf.set(MetricOptions.LATENCY_INTERVAL, Duration.ofMillis(200));
        conf.setString("metrics.reporter.latency.factory.class", LatencyHistograms.Factory.class.getName());
        int restPort = CheckpointTimes.freePort();
        conf.set(org.apache.flink.configuration.RestOptions.BIND_PORT, String.valueOf(restPort));
        flinkSettings.forEach(conf::setString);
        LatencyHistograms.HISTOGRAMS.clear();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);

        long readings = SyntheticMeters.total(meters, seconds);
        DataGeneratorSource<RawRecord> source = new DataGeneratorSource<>(new SyntheticMeters(meters), readings,
                TypeInformation.of(RawRecord.class));
        if (pipeline.equals(REFERENCE) || pipeline.startsWith(REFERENCE_OF_BYTES)) {
            int bytes = pipeline.equals(REFERENCE) ? 0 : Integer.parseInt(pipeline.substring(REFERENCE_OF_BYTES.length()));
            env.fromSource(source, WatermarkStrategy.noWatermarks(), "readings").uid("bench-source")
                    .keyBy(r -> r.key)
                    .process(bytes == 0 ? new OneValueStateUpdate() : new OneValueOfBytes(bytes))
                    .uid(bytes == 0 ? "one-state-update" : "one-value-of-bytes")
                    .name(bytes == 0 ? "one ValueState update" : "one value of " + bytes + " bytes")
                    .sinkTo(new DiscardingSink<>()).uid("discard").name("discard");
        } else if (DETECTION_PIPELINES.contains(pipeline)) {
            IngestSettings settings = IngestSettings.defaults();
            settings.format = ReadingFormat.CSV;
            settings.forecasts = !pipeline.equals(DETECTION_WITHOUT_FORECASTS);
            settings.profiles = !pipeline.equals(DETECTION_WITHOUT_FORECASTS) && !pipeline.equals(DETECTION_WITHOUT_PROFILES);
            if (bundleReadings != null) {
                settings.bundleReadings = bundleReadings;
            }
            if (bundleWait != null) {
                settings.bundleWait = bundleWait;
            }
            if (pipeline.equals(DETECTION_WITHOUT_BUNDLES)) {
                settings.bundleReadings = 0;
            }
            if (pipeline.equals(DETECTION_WITHOUT_NILM)) {
                settings.nilm = null;
            }
            MeterPipelineJob job = new MeterPipelineJob(ReadingsInput.ofRaw(source), IngestOutputs.discarding(), settings);
            if (pipeline.equals(EVERYTHING)) {
                settings.heatPump = io.wattflow.jobs.heatpump.HeatPumpSettings.defaults();
                job.withWeather(io.wattflow.source.FileSources.csvLines(new org.apache.flink.core.fs.Path(
                        hourlyWeather(workDir, seconds).toUri())));
            }
            job.build(env);
        } else {
            throw new IllegalArgumentException("Unknown pipeline '" + pipeline + "': use reference or detection.");
        }

        AtomicLong maxState = new AtomicLong();
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                maxState.accumulateAndGet(checkpointBytes(checkpoints), Math::max);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-checkpoint-size");
        watcher.setDaemon(true);
        CheckpointTimes checkpointTimes = new CheckpointTimes(restPort);
        Thread timesWatcher = new Thread(checkpointTimes, "bench-checkpoint-times");
        timesWatcher.setDaemon(true);
        long gcBefore = gcMillis();
        watcher.start();
        timesWatcher.start();
        JobExecutionResult result = io.wattflow.jobs.local.LocalRunner.execute(env, "wattflow bench " + pipeline + " " + backend, accumulators -> { });
        watcher.interrupt();
        timesWatcher.interrupt();

        Result r = new Result();
        r.pipeline = pipeline;
        r.backend = backend;
        r.meters = meters;
        r.readings = readings;
        r.parallelism = parallelism;
        r.seconds = result.getNetRuntime() / 1000.0;
        r.readingsPerSecond = readings / r.seconds;
        r.gcMillis = gcMillis() - gcBefore;
        r.stateBytes = maxState.get();
        r.checkpoints = checkpointTimes.completed();
        r.checkpointMedianMs = checkpointTimes.medianMs();
        r.checkpointMaxMs = checkpointTimes.maxMs();
        r.checkpointMaxAtSeconds = checkpointTimes.longestAtSeconds();
        r.checkpointMaxBytes = checkpointTimes.longestBytes();
        r.checkpointMedianBytes = checkpointTimes.medianBytes();
        r.accepted = RunReport.accepted(result.getAllAccumulatorResults());
        r.deadLetters = RunReport.deadLetters(result.getAllAccumulatorResults()).values().stream().mapToLong(Long::longValue).sum();
        double[] latency = LatencyHistograms.worstPercentiles();
        r.latencyP50Ms = latency[0];
        r.latencyP99Ms = latency[1];
        return r;
    }

    /** The reference: the same source and keyBy, one ValueState update per reading. */
    static final class OneValueStateUpdate extends KeyedProcessFunction<String, RawRecord, RawRecord> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext openContext) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public void processElement(RawRecord r, Context ctx, Collector<RawRecord> out) throws Exception {
            Long c = count.value();
            count.update(c == null ? 1 : c + 1);
            out.collect(r);
        }
    }

    /**
     * The reference with a value of {@code bytes} per meter instead of a count, with the meter state's
     * time-to-live: what one read and write of a value that size costs the state backend, the detection's
     * own work left out. Half the bytes random and half zero, one changed with each reading: it compresses
     * worse than the meter operator's value (whose powers and times are mostly small differences), so it
     * bounds what a value of that size costs from above (README "Scale", session 27).
     */
    static final class OneValueOfBytes extends KeyedProcessFunction<String, RawRecord, RawRecord> {
        private final int bytes;
        private transient ValueState<byte[]> value;

        OneValueOfBytes(int bytes) {
            this.bytes = bytes;
        }

        @Override
        public void open(OpenContext openContext) {
            ValueStateDescriptor<byte[]> descriptor = new ValueStateDescriptor<>("value", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
            descriptor.enableTimeToLive(SilentMeterTtl.of(IngestSettings.defaults().stateTtl));
            value = getRuntimeContext().getState(descriptor);
        }

        @Override
        public void processElement(RawRecord r, Context ctx, Collector<RawRecord> out) throws Exception {
            byte[] v = value.value();
            if (v == null) {
                v = new byte[bytes];
                ThreadLocalRandom.current().nextBytes(v);
                for (int i = 0; i < v.length; i += 2) {
                    v[i] = 0;
                }
            }
            v[ThreadLocalRandom.current().nextInt(v.length)]++;
            value.update(v);
            out.collect(r);
        }
    }

    /**
     * Bytes of the newest complete checkpoint: its own folder plus, for incremental checkpoints, the
     * shared files it references (all of them here, since nothing is shared between jobs).
     */
    static long checkpointBytes(Path root) {
        try (Stream<Path> jobs = Files.list(root)) {
            long max = 0;
            for (Path job : (Iterable<Path>) jobs::iterator) {
                long shared = size(job.resolve("shared"));
                long newest = 0;
                try (Stream<Path> chks = Files.list(job)) {
                    for (Path chk : (Iterable<Path>) chks::iterator) {
                        if (chk.getFileName().toString().startsWith("chk-") && Files.exists(chk.resolve("_metadata"))) {
                            newest = Math.max(newest, size(chk));
                        }
                    }
                }
                max = Math.max(max, newest + shared);
            }
            return max;
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0; // a checkpoint was being written or removed under us; the next poll measures it
        }
    }

    private static long size(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }
}
