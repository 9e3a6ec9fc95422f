package io.wattflow.jobs.eval.heatpump;

import io.wattflow.jobs.heatpump.HeatPumpSettings;
import io.wattflow.jobs.heatpump.HeatPumpStage;
import io.wattflow.jobs.local.LocalRunner;
import io.wattflow.models.ModelFiles;
import io.wattflow.models.ModelManifest;
import io.wattflow.models.ModelSource;
import io.wattflow.record.HeatPumpDetection;
import io.wattflow.record.HeatPumpEnergy;
import io.wattflow.record.IntervalReading;
import io.wattflow.record.TemperatureReading;
import io.wattflow.sink.ParquetOutputs;
import io.wattflow.sink.ParquetSinks;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Leave-homes-out evaluation of the heat-pump models: each fold's models (exported by
 * {@code models/training/train_heatpump.py} with the homes they never saw named in their manifests)
 * run in the production heat-pump stage on a MiniCluster over exactly those homes, loaded from the
 * fold's directory, results read back from Parquet; the simple methods are scored on the same windows.
 */
public final class HeatPumpEvaluation {
    public static final String LOGISTIC = "heatpump-detection-logistic";
    /** Each fold's CNN disaggregation, scored beside the method the fold ships. */
    public static final String DISAGGREGATION_CNN = "heatpump-disaggregation-cnn";
    public static final String DETECTION = "heatpump-detection";
    public static final String DISAGGREGATION = "heatpump-disaggregation";

    private HeatPumpEvaluation() {}

    /**
     * The fold model of the kind the jar ships as {@value #DETECTION}: the training script ships the CNN
     * ensemble or the logistic regression, whichever scored the higher window AUC leaving homes out.
     */
    static String shippedDetectionKind() {
        String method = ModelFiles.load(ModelSource.classpath(), DETECTION).manifest.method;
        return "DetectionLogistic".equals(method) ? LOGISTIC : DETECTION;
    }

    /** What the models said about the held-out homes of one fold. */
    public static final class FoldRun {
        public final String fold;
        public final List<CkwHomes.Home> homes;
        public final List<HeatPumpDetection> cnn;
        public final List<HeatPumpDetection> logistic;
        /** The fold's shipped disaggregation method, and its CNN. */
        public final List<HeatPumpEnergy> energy;
        public final List<HeatPumpEnergy> cnnEnergy;
        public final String method;
        /**
         * The held-out homes without a heat pump made large ({@link LargeLoads}); the jobs ran them beside
         * the real homes, so the result lists hold their meters too.
         */
        public final List<CkwHomes.Home> largeLoads;

        FoldRun(String fold, List<CkwHomes.Home> homes, List<CkwHomes.Home> largeLoads, List<HeatPumpDetection> cnn,
                List<HeatPumpDetection> logistic, List<HeatPumpEnergy> energy, List<HeatPumpEnergy> cnnEnergy, String method) {
            this.fold = fold;
            this.homes = homes;
            this.largeLoads = largeLoads;
            this.cnn = cnn;
            this.logistic = logistic;
            this.energy = energy;
            this.cnnEnergy = cnnEnergy;
            this.method = method;
        }

        /** The detections of the kind the jar ships, which the stage gates the energy by. */
        public List<HeatPumpDetection> shippedDetections() {
            return LOGISTIC.equals(shippedDetectionKind()) ? logistic : cnn;
        }
    }

    /** The fold directories under {@code foldsDir} ({@code fold-0}, ...), in order. */
    public static List<Path> folds(Path foldsDir) throws IOException {
        try (Stream<Path> s = Files.list(foldsDir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("fold-")).sorted().collect(Collectors.toList());
        }
    }

    public static FoldRun run(CkwHomes data, Path foldDir, Path work) throws Exception {
        ModelSource source = ModelSource.of(foldDir.toUri().toString());
        ModelManifest manifest = ModelFiles.load(source, DETECTION).manifest;
        if (manifest.heldOutHomes == null || manifest.heldOutHomes.isEmpty()) {
            throw new IllegalArgumentException(foldDir + " names no held-out homes; export the folds with models/training/train_heatpump.py.");
        }
        List<CkwHomes.Home> homes = new ArrayList<>();
        for (String name : manifest.heldOutHomes) {
            CkwHomes.Home h = data.homes.get(name);
            if (h == null) {
                throw new IllegalArgumentException(foldDir + " holds out " + name + ", which is not in the CKW files.");
            }
            homes.add(h);
        }
        List<CkwHomes.Home> large = LargeLoads.of(homes);
        List<CkwHomes.Home> all = new ArrayList<>(homes);
        all.addAll(large);
        Path cnnOut = work.resolve(foldDir.getFileName() + "-cnn");
        Path logisticOut = work.resolve(foldDir.getFileName() + "-logistic");
        runJob(all, data.weather, source, DETECTION, DISAGGREGATION_CNN, cnnOut);
        runJob(all, data.weather, source, LOGISTIC, DISAGGREGATION, logisticOut);
        return new FoldRun(foldDir.getFileName().toString(), homes, large,
                ParquetOutputs.readAll(cnnOut.resolve("detections"), HeatPumpDetection.class),
                ParquetOutputs.readAll(logisticOut.resolve("detections"), HeatPumpDetection.class),
                ParquetOutputs.readAll(logisticOut.resolve("energy"), HeatPumpEnergy.class),
                ParquetOutputs.readAll(cnnOut.resolve("energy"), HeatPumpEnergy.class),
                ModelFiles.load(source, DISAGGREGATION).manifest.method);
    }

    /** The production heat-pump stage over the homes' intervals, with the weather as a broadcast. */
    static void runJob(List<CkwHomes.Home> homes, List<TemperatureReading> weather, ModelSource models,
            String detectionModel, String disaggregationModel, Path out) throws Exception {
        HeatPumpSettings settings = HeatPumpSettings.defaults();
        settings.models = models;
        settings.detectionModel = detectionModel;
        settings.disaggregationModel = disaggregationModel;
        settings.defaultRegion = CkwHomes.REGION;
        List<IntervalReading> intervals = homes.stream().flatMap(h -> h.intervals.stream())
                .sorted(Comparator.comparingLong((IntervalReading r) -> r.startMs)).collect(Collectors.toList());

        StreamExecutionEnvironment env = LocalRunner.environment(1, Duration.ofSeconds(5));
        DataStream<IntervalReading> energy = env.fromData(intervals, TypeInformation.of(IntervalReading.class))
                .uid("ckw-intervals").name("CKW intervals")
                .assignTimestampsAndWatermarks(everyRecord((r, ts) -> r.endMs)).uid("ckw-intervals-time").name("interval time");
        DataStream<TemperatureReading> temperatures = env.fromData(weather, TypeInformation.of(TemperatureReading.class))
                .uid("ckw-weather").name("CKW weather")
                .assignTimestampsAndWatermarks(everyRecord((t, ts) -> t.timestampMs)).uid("ckw-weather-time").name("weather time");
        HeatPumpStage stage = HeatPumpStage.attach(energy, temperatures, settings, null);
        org.apache.flink.core.fs.Path base = new org.apache.flink.core.fs.Path(out.toUri());
        stage.detections.sinkTo(ParquetSinks.forRecords(HeatPumpDetection.class, new org.apache.flink.core.fs.Path(base, "detections"),
                d -> d.windowEndMs)).uid("detections-parquet").name("detections");
        stage.energy.sinkTo(ParquetSinks.forRecords(HeatPumpEnergy.class, new org.apache.flink.core.fs.Path(base, "energy"),
                e -> e.startMs)).uid("energy-parquet").name("energy");
        LocalRunner.execute(env, "wattflow eval heatpump", acc -> { });
    }

    /** A watermark after every record: a replay in time order, so windows are cut as the data passes. */
    public static <T> WatermarkStrategy<T> everyRecord(SerializableTimestampAssigner<T> time) {
        return WatermarkStrategy.<T>forGenerator(ctx -> new WatermarkGenerator<T>() {
            @Override
            public void onEvent(T event, long timestamp, WatermarkOutput output) {
                output.emitWatermark(new Watermark(timestamp - 1));
            }

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                // every record already moved it
            }
        }).withTimestampAssigner(time);
    }
}
