package io.wattflow.jobs.heatpump;

import io.wattflow.models.ModelSource;

import java.io.Serializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Which heat-pump models run, where they are read from, how inference is batched, and meters' weather regions. */
public final class HeatPumpSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    public ModelSource models = ModelSource.classpath();
    public String detectionModel = "heatpump-detection";
    public String disaggregationModel = "heatpump-disaggregation";
    /** Windows per ONNX Runtime call at most. */
    public int maxBatch = 32;
    /** A part-filled batch runs after this much processing time. */
    public Duration maxDelay = Duration.ofMillis(200);
    /** meter id -> weather region; meters not listed are in {@link #defaultRegion}. */
    public Map<String, String> meterRegions = new HashMap<>();
    public String defaultRegion = "default";
    public Duration stateTtl = Duration.ofDays(14);

    public static HeatPumpSettings defaults() {
        return new HeatPumpSettings();
    }
}
