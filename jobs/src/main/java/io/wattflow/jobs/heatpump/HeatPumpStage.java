package io.wattflow.jobs.heatpump;

import io.wattflow.models.ModelFiles;
import io.wattflow.models.ModelManifest;
import io.wattflow.operators.heatpump.DetectionGate;
import io.wattflow.operators.heatpump.HeatPumpGate;
import io.wattflow.operators.inference.BatchedInference;
import io.wattflow.operators.inference.FeatureWindowFunction;
import io.wattflow.operators.inference.ModelResult;
import io.wattflow.operators.inference.ModelWindow;
import io.wattflow.operators.inference.WindowPlan;
import io.wattflow.record.HeatPumpDetection;
import io.wattflow.record.HeatPumpEnergy;
import io.wattflow.record.IntervalReading;
import io.wattflow.record.TemperatureReading;
import io.wattflow.jobs.control.ModelServingOperators;
import io.wattflow.record.ControlError;
import io.wattflow.record.ModelControl;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

import javax.annotation.Nullable;
import java.util.List;

/**
 * The heat-pump models on a stream of interval energy: per-meter windows joined with the region's
 * outdoor temperature (one keyed operator for both models), then one batched ONNX operator per
 * model, then the results as detection records and per-interval energy records gated by the
 * detection of the same window.
 */
public final class HeatPumpStage {
    public final DataStream<HeatPumpDetection> detections;
    public final DataStream<HeatPumpEnergy> energy;
    /** Model-control commands either model refused. */
    public final DataStream<ControlError> controlErrors;

    private HeatPumpStage(DataStream<HeatPumpDetection> detections, DataStream<HeatPumpEnergy> energy, DataStream<ControlError> controlErrors) {
        this.detections = detections;
        this.energy = energy;
        this.controlErrors = controlErrors;
    }

    /**
     * Reads both manifests now (at job build time) so a wrong model location fails before submission.
     * {@code control}: model-control commands for either model, or null.
     */
    public static HeatPumpStage attach(DataStream<IntervalReading> intervals, DataStream<TemperatureReading> weather,
            HeatPumpSettings settings, @Nullable DataStream<ModelControl> control) {
        ModelManifest detection = ModelFiles.load(settings.models, settings.detectionModel).manifest;
        ModelManifest disaggregation = ModelFiles.load(settings.models, settings.disaggregationModel).manifest;
        if (detection.threshold == null) {
            throw new IllegalArgumentException(detection.id() + " has no decision threshold in its manifest; add one.");
        }
        SingleOutputStreamOperator<ModelWindow> windows = intervals
                .keyBy(r -> r.meterId)
                .connect(weather.broadcast(FeatureWindowFunction.TEMPERATURES))
                .process(new FeatureWindowFunction(List.of(WindowPlan.of(detection), WindowPlan.of(disaggregation)),
                        settings.meterRegions, settings.defaultRegion, settings.stateTtl))
                .uid("heatpump-windows").name("heat-pump model windows");

        double threshold = detection.threshold;
        SingleOutputStreamOperator<ModelResult> detectionResults = infer(windows, control, detection.name, settings, "heatpump-detection");
        SingleOutputStreamOperator<ModelResult> disaggregationResults = infer(windows, control, disaggregation.name, settings,
                "heatpump-disaggregation");
        DataStream<HeatPumpDetection> detections = detectionResults
                .map(r -> detection(r, threshold)).uid("heatpump-detections").name("heat-pump detections");
        long periodMs = disaggregation.window.samplePeriodMs();
        // The windows' operator is keyed by meter and the inference keeps its partitioning: no shuffle to the gate.
        DataStream<HeatPumpEnergy> energy = DataStreamUtils.reinterpretAsKeyedStream(detectionResults, r -> r.meterId)
                .connect(DataStreamUtils.reinterpretAsKeyedStream(disaggregationResults, r -> r.meterId))
                .process(new DetectionGate(threshold, periodMs, HeatPumpGate.SHIPPED))
                .uid("heatpump-energy").name("heat-pump energy per interval, gated by the detection");
        return new HeatPumpStage(detections, energy, detectionResults.getSideOutput(BatchedInference.CONTROL_ERRORS)
                .union(disaggregationResults.getSideOutput(BatchedInference.CONTROL_ERRORS)));
    }

    private static SingleOutputStreamOperator<ModelResult> infer(DataStream<ModelWindow> windows, DataStream<ModelControl> control,
            String model, HeatPumpSettings s, String uid) {
        DataStream<ModelWindow> own = windows.filter(w -> w.model.equals(model)).uid(uid + "-windows").name(model + " windows");
        return ModelServingOperators.attach(own, control, new BatchedInference(s.models, model, s.maxBatch, s.maxDelay.toMillis()),
                model + " (ONNX, batch " + s.maxBatch + ")", uid + "-inference");
    }

    static HeatPumpDetection detection(ModelResult r, double threshold) {
        HeatPumpDetection d = new HeatPumpDetection();
        d.meterId = r.meterId;
        d.windowStartMs = r.startMs;
        d.windowEndMs = r.endMs;
        d.probability = r.values[0];
        d.threshold = threshold;
        d.heatPump = r.values[0] >= threshold;
        d.model = r.model;
        d.modelVersion = r.modelVersion;
        return d;
    }
}
