package io.wattflow.record;

import org.apache.avro.reflect.Nullable;

import java.time.Instant;

/**
 * An ON event paired with the later OFF event of matching size: one run of an appliance. An ON event
 * that found no OFF within the maximum duration is written as an unmatched run (no end), not dropped.
 */
public class ApplianceRun {
    public static final String MATCHED = "matched";
    public static final String UNMATCHED = "unmatched";

    public String meterId;
    public long startMs;
    @Nullable public Long endMs;
    @Nullable public Long durationMs;
    /** Mean of the ON and OFF step sizes (the ON step alone when unmatched), W. */
    public double meanPowerW;
    /** meanPowerW x duration; null when unmatched. */
    @Nullable public Double energyKwh;
    public double onDeltaW;
    @Nullable public Double offDeltaW;
    public String status;
    /** The ON event's signature: reactive power step (var), inrush (its transient peak above the level before, W), settling time; null where the meter has none. */
    @Nullable public Double onDeltaVar;
    @Nullable public Double inrushW;
    @Nullable public Long settlingMs;
    /** What the run was recognised as: a name, {@link #UNKNOWN}, or null where recognition does not run. */
    @Nullable public String appliance;
    /** 0..1: how close the run is to what named it. */
    @Nullable public Double confidence;
    /** Where the name comes from: {@link #FROM_HOME} (the meter's own labelled runs) or a model's name and version. */
    @Nullable public String recognisedBy;
    /** The meter's cluster of unrecognised runs this run belongs to (the id a {@code new_device} row carries), if any. */
    @Nullable public Integer deviceCluster;

    public static final String UNKNOWN = "unknown";
    public static final String FROM_HOME = "home-labels";

    public ApplianceRun() {}

    @Override
    public String toString() {
        return "ApplianceRun{" + meterId + " " + status + " " + Instant.ofEpochMilli(startMs)
                + (endMs != null ? " .. " + Instant.ofEpochMilli(endMs) : "") + String.format(", %.1f W", meanPowerW)
                + (energyKwh != null ? String.format(", %.4f kWh", energyKwh) : "") + (appliance != null ? ", " + appliance : "")
                + (deviceCluster != null ? " #" + deviceCluster : "") + '}';
    }
}
