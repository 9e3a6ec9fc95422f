package io.wattflow.jobs.control;

import io.wattflow.operators.inference.BatchedInference;
import io.wattflow.operators.inference.ModelResult;
import io.wattflow.operators.inference.ModelWindow;
import io.wattflow.record.ModelControl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;

import javax.annotation.Nullable;

/** How every stage puts its batched ONNX operator in a job: the windows in, the model-control commands beside them. */
public final class ModelServingOperators {
    private ModelServingOperators() {}

    /**
     * {@code windows} through {@code inference} (uid {@code uid}), which also hears every command of
     * {@code control} (broadcast to each of its tasks; null: none). Results keep the windows'
     * partitioning; refused commands are the result's {@link BatchedInference#CONTROL_ERRORS} side output.
     */
    public static SingleOutputStreamOperator<ModelResult> attach(DataStream<ModelWindow> windows, @Nullable DataStream<ModelControl> control,
            BatchedInference inference, String name, String uid) {
        if (control == null) {
            // No commands: an input that never carries one (its watermarks are ignored anyway).
            control = windows.flatMap((ModelWindow w, Collector<ModelControl> out) -> { })
                    .returns(TypeInformation.of(ModelControl.class)).uid(uid + "-no-control").name("no model control");
        }
        if (!windows.getExecutionEnvironment().getCheckpointConfig().isCheckpointingEnabled()) {
            inference.switchingAtOnce();
        }
        return windows.connect(control.broadcast())
                .transform(name, TypeInformation.of(ModelResult.class), inference)
                .uid(uid);
    }
}
