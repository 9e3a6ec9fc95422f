package io.wattflow.jobs.recognition;

import io.wattflow.operators.recognition.ClassifierSettings;
import io.wattflow.jobs.nilm.NilmStage;
import io.wattflow.operators.recognition.RecognitionFunction;
import io.wattflow.operators.recognition.RecognitionInput;
import io.wattflow.record.ApplianceLabel;
import io.wattflow.record.ApplianceRun;
import io.wattflow.record.DeadLetter;
import io.wattflow.record.DeviceHealthAlert;
import io.wattflow.record.HeatPumpDetection;
import io.wattflow.record.NewDevice;
import io.wattflow.operators.ingest.DeadLetters;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;

import javax.annotation.Nullable;
import java.time.Duration;
import java.time.ZoneId;

/**
 * Appliance recognition: the meter's runs named from its household's labels or the global classifier, unknown ones clustered
 * into new devices, cycling devices watched for worse behaviour. Keyed by meter after the runs (no exchange for them); the labels are keyed to it.
 * Without a labels input the runs are still clustered and new devices still found.
 */
public final class RecognitionStage {
    public final DataStream<ApplianceRun> runs;
    public final DataStream<NewDevice> newDevices;
    public final DataStream<DeviceHealthAlert> deviceHealth;
    /** Labels naming what the meter does not hold. */
    public final DataStream<DeadLetter> refusedLabels;

    private RecognitionStage(DataStream<ApplianceRun> runs, DataStream<NewDevice> newDevices, DataStream<DeviceHealthAlert> deviceHealth,
            DataStream<DeadLetter> refusedLabels) {
        this.runs = runs;
        this.newDevices = newDevices;
        this.deviceHealth = deviceHealth;
        this.refusedLabels = refusedLabels;
    }

    /**
     * {@code runs} must be partitioned by meter as a keyBy would (the CEP pairing's output is); {@code labels} may be null;
     * {@code classifier} null names runs from the household's labels alone; {@code zone}: the meters' local time;
     * {@code nilm}: the NILM stage whose estimates name runs (the classifier names the rest), or null;
     * {@code heatPumps}: the heat-pump stage's detections, or null (with them, a heat-pump home's runs are not named from NILM).
     */
    public static RecognitionStage attach(DataStream<ApplianceRun> runs, DataStream<ApplianceLabel> labels, Duration stateTtl,
            ClassifierSettings classifier, ZoneId zone, @Nullable NilmStage nilm, @Nullable DataStream<HeatPumpDetection> heatPumps) {
        DataStream<RecognitionInput> second;
        if (labels == null) {
            // No labels: an input that carries nothing but the runs' own watermarks, so it never holds them back.
            second = runs.flatMap((ApplianceRun r, Collector<RecognitionInput> out) -> { })
                    .returns(TypeInformation.of(RecognitionInput.class)).uid("labels-none").name("no labels");
        } else {
            second = labels.map(RecognitionInput::of).returns(TypeInformation.of(RecognitionInput.class))
                    .uid("labels-for-recognition").name("labels");
        }
        if (nilm != null) {
            second = second.union(nilm.estimates.map(RecognitionInput::of).returns(TypeInformation.of(RecognitionInput.class))
                    .uid("nilm-estimates-for-recognition").name("NILM estimates"));
            if (heatPumps != null) {
                second = second.union(heatPumps.map(RecognitionInput::of).returns(TypeInformation.of(RecognitionInput.class))
                        .uid("heatpump-detections-for-recognition").name("heat-pump detections"));
            }
        }
        SingleOutputStreamOperator<ApplianceRun> named = DataStreamUtils.reinterpretAsKeyedStream(runs, (ApplianceRun r) -> r.meterId)
                .connect(second.keyBy(RecognitionInput::meterId))
                .process(new RecognitionFunction(stateTtl, classifier, zone, nilm == null ? null : nilm.runNaming))
                .uid("appliance-recognition").name("appliance recognition");
        return new RecognitionStage(named, named.getSideOutput(RecognitionFunction.NEW_DEVICES),
                named.getSideOutput(RecognitionFunction.DEVICE_HEALTH), named.getSideOutput(DeadLetters.TAG));
    }
}
