package io.wattflow.record;

import org.apache.avro.reflect.Nullable;

/**
 * A household's word about a run or a device: "the run that started at this time was my dryer", or
 * "new device 3 is the dryer". A later label of the same run or device corrects an earlier one.
 */
public class ApplianceLabel {
    public String meterId;
    /** When the label was given: it applies from then on (event time). */
    public long timestampMs;
    /** The start of the run named (as in {@code appliance_runs}), or null when a device cluster is named. */
    @Nullable public Long runStartMs;
    /** The device cluster named (as in {@code new_devices}), or null when a run is named. */
    @Nullable public Integer deviceCluster;
    public String appliance;

    public ApplianceLabel() {}

    public static ApplianceLabel ofRun(String meterId, long timestampMs, long runStartMs, String appliance) {
        ApplianceLabel l = new ApplianceLabel();
        l.meterId = meterId;
        l.timestampMs = timestampMs;
        l.runStartMs = runStartMs;
        l.appliance = appliance;
        return l;
    }

    public static ApplianceLabel ofDevice(String meterId, long timestampMs, int deviceCluster, String appliance) {
        ApplianceLabel l = new ApplianceLabel();
        l.meterId = meterId;
        l.timestampMs = timestampMs;
        l.deviceCluster = deviceCluster;
        l.appliance = appliance;
        return l;
    }

    @Override
    public String toString() {
        return "ApplianceLabel{" + meterId + " at " + timestampMs + ": " + (runStartMs != null ? "run " + runStartMs : "device " + deviceCluster)
                + " = " + appliance + '}';
    }
}
