package io.wattflow.operators.inference;

import java.util.Arrays;

/** One meter's normalised input window for one model, feature-major ({@code [feature][step]}). */
public class ModelWindow {
    public String meterId;
    public String model;
    public long startMs;
    public long endMs;
    public float[] values;
    /**
     * What the result's consumer needs besides the model's output, in place of {@link #values}, when
     * that is not the model input itself (NILM: the measured power with its holes still NaN); else null.
     */
    public float[] context;

    public ModelWindow() {}

    public ModelWindow(String meterId, String model, long startMs, long endMs, float[] values) {
        this.meterId = meterId;
        this.model = model;
        this.startMs = startMs;
        this.endMs = endMs;
        this.values = values;
    }

    @Override
    public String toString() {
        return "ModelWindow{" + meterId + " " + model + " [" + startMs + ", " + endMs + "), " + values.length + " values "
                + Arrays.toString(Arrays.copyOf(values, Math.min(4, values.length))) + "...}";
    }
}
