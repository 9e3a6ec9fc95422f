package io.wattflow.jobs.nilm;

import io.wattflow.jobs.ingest.MeterKeys;
import io.wattflow.models.ModelFiles;
import io.wattflow.operators.inference.BatchedInference;
import io.wattflow.operators.inference.ModelResult;
import io.wattflow.operators.nilm.NilmFunction;
import io.wattflow.operators.nilm.NilmModelSpec;
import io.wattflow.operators.nilm.NilmWindowFunction;
import io.wattflow.record.ApplianceActivation;
import io.wattflow.record.ApplianceEnergyDaily;
import io.wattflow.record.ApplianceEstimates;
import io.wattflow.operators.recognition.NilmRunNaming;
import io.wattflow.operators.runs.RunPairing;
import io.wattflow.record.ApplianceMinute;
import io.wattflow.record.IntervalReading;
import io.wattflow.jobs.control.ModelServingOperators;
import io.wattflow.operators.inference.ModelWindow;
import io.wattflow.record.ControlError;
import io.wattflow.record.ModelControl;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

import javax.annotation.Nullable;
import java.time.Duration;
import java.time.ZoneId;

/**
 * Appliance disaggregation (NILM) on a meter's 1-min intervals: per-meter windows, one batched
 * ONNX operator for all appliances, then each meter's books (activations, daily energy per
 * appliance, optionally every minute). The stream stays partitioned by meter from the intervals to
 * the books: the windows and the inference run in the intervals' tasks, no shuffle.
 */
public final class NilmStage {
    public final DataStream<ApplianceActivation> activations;
    public final DataStream<ApplianceEnergyDaily> daily;
    /** Null unless {@link NilmSettings#minutes}. */
    public final DataStream<ApplianceMinute> minutes;
    /** Model-control commands the model refused. */
    public final DataStream<ControlError> controlErrors;
    /** Each window's newly estimated minutes, for the appliance recognition. */
    public final DataStream<ApplianceEstimates> estimates;
    /** How the recognition names runs from {@link #estimates}. */
    public final NilmRunNaming runNaming;

    private NilmStage(DataStream<ApplianceActivation> activations, DataStream<ApplianceEnergyDaily> daily,
            DataStream<ApplianceMinute> minutes, DataStream<ControlError> controlErrors, DataStream<ApplianceEstimates> estimates,
            NilmRunNaming runNaming) {
        this.activations = activations;
        this.daily = daily;
        this.minutes = minutes;
        this.controlErrors = controlErrors;
        this.estimates = estimates;
        this.runNaming = runNaming;
    }

    /**
     * Reads the manifest now (at job build time), so a wrong or non-NILM model fails before submission.
     * {@code control}: model-control commands, or null.
     */
    public static NilmStage attach(DataStream<IntervalReading> minuteIntervals, NilmSettings settings, ZoneId zone,
            Duration stateTtl, @Nullable DataStream<ModelControl> control) {
        return attach(minuteIntervals, settings, zone, stateTtl, control, RunPairing.defaults().maxDuration());
    }

    /** {@code longestRun}: the longest appliance run the pairing forms (how long the recognition keeps estimates). */
    public static NilmStage attach(DataStream<IntervalReading> minuteIntervals, NilmSettings settings, ZoneId zone,
            Duration stateTtl, @Nullable DataStream<ModelControl> control, Duration longestRun) {
        var manifest = ModelFiles.load(settings.models, settings.model).manifest;
        NilmModelSpec spec = settings.stride == null ? NilmModelSpec.of(manifest) : NilmModelSpec.of(manifest, settings.stride);
        DataStream<ModelWindow> windows = DataStreamUtils
                .reinterpretAsKeyedStream(minuteIntervals, MeterKeys::ofInterval)
                .process(new NilmWindowFunction(spec, stateTtl))
                .uid("nilm-windows").name("NILM windows");
        SingleOutputStreamOperator<ModelResult> results = ModelServingOperators.attach(windows, control,
                new BatchedInference(settings.models, spec.model, settings.maxBatch, settings.maxDelay.toMillis()).keepingInputs(),
                spec.model + " (ONNX, batch " + settings.maxBatch + ")", "nilm-inference");
        SingleOutputStreamOperator<ApplianceActivation> activations = DataStreamUtils
                .reinterpretAsKeyedStream(results, r -> r.meterId)
                .process(new NilmFunction(spec, zone, settings.minutes, true, stateTtl))
                .uid("nilm-books").name("appliance activations and daily energy");
        return new NilmStage(activations, activations.getSideOutput(NilmFunction.DAILY),
                settings.minutes ? activations.getSideOutput(NilmFunction.MINUTES) : null,
                results.getSideOutput(BatchedInference.CONTROL_ERRORS), activations.getSideOutput(NilmFunction.ESTIMATES),
                NilmRunNaming.of(spec, longestRun));
    }
}
