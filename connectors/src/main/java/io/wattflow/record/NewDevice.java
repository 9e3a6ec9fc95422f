package io.wattflow.record;

import org.apache.avro.reflect.Nullable;

/**
 * A load the meter's runs keep showing that nothing recognised: a cluster of similar runs that recurred
 * on several days, described for a household ("a 1.2 kW load running about 40 min, mostly 18-21 h").
 */
public class NewDevice {
    public String meterId;
    /** The meter's id of this device cluster: name it with a label of this id. */
    public int deviceCluster;
    /** The end of the run that made the cluster recur enough. */
    public long detectedAtMs;
    public int runs;
    public int days;
    public double typicalPowerW;
    /** Null when its runs found no OFF. */
    @Nullable public Long typicalDurationMs;
    /** The hours of the day most of its runs start in, e.g. "18-21 h". */
    public String usualHours;
    public String description;

    public NewDevice() {}

    @Override
    public String toString() {
        return "NewDevice{" + meterId + " #" + deviceCluster + ": " + description + '}';
    }
}
