package io.wattflow.operators.inference;

import java.util.Arrays;

/** What a model said about one window of one meter, with the model's name and version. */
public class ModelResult {
    public String meterId;
    public String model;
    public String modelVersion;
    public long startMs;
    public long endMs;
    public float[] values;
    /** The window the model read (or its {@link ModelWindow#context}), when the consumer needs it (NILM splits the measured power); else null. */
    public float[] input;
    /** The window's {@link ModelWindow#cutMs}. */
    public long cutMs = Long.MIN_VALUE;

    public ModelResult() {}

    public ModelResult(String meterId, String model, String modelVersion, long startMs, long endMs, float[] values) {
        this.meterId = meterId;
        this.model = model;
        this.modelVersion = modelVersion;
        this.startMs = startMs;
        this.endMs = endMs;
        this.values = values;
    }

    @Override
    public String toString() {
        return "ModelResult{" + meterId + " " + model + " " + modelVersion + " [" + startMs + ", " + endMs + "), "
                + Arrays.toString(Arrays.copyOf(values, Math.min(4, values.length))) + (values.length > 4 ? "...}" : "}");
    }
}
