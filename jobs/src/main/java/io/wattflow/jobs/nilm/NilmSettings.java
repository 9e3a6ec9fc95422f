package io.wattflow.jobs.nilm;

import io.wattflow.models.ModelSource;

import java.io.Serializable;
import java.time.Duration;

/** Which NILM model runs, where it is read from, how inference is batched, and whether per-minute splits are written. */
public final class NilmSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    public ModelSource models = ModelSource.classpath();
    public String model = "nilm-appliances";
    /** Windows per ONNX Runtime call at most. */
    public int maxBatch = 64;
    /** A part-filled batch runs after this much processing time. */
    public Duration maxDelay = Duration.ofMillis(200);
    /** Minutes between a meter's windows; null for the model's own (the minutes each window estimates). */
    public Integer stride;
    /** Also write every meter-minute's split ({@code appliance_minutes}): a row per appliance per minute. */
    public boolean minutes;

    public static NilmSettings defaults() {
        return new NilmSettings();
    }
}
