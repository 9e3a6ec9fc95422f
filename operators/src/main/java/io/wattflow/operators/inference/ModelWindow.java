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
    /**
     * The watermark at which the window was cut, when a timer cut it (else {@code Long.MIN_VALUE}): for
     * a meter whose data came after the watermark had passed the window's end (a meter-by-meter
     * export), later than the end. The window's results reach every consumer before the watermark
     * passes this.
     */
    public long cutMs = Long.MIN_VALUE;

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
