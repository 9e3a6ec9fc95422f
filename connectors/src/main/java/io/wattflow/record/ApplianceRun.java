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

    public ApplianceRun() {}

    @Override
    public String toString() {
        return "ApplianceRun{" + meterId + " " + status + " " + Instant.ofEpochMilli(startMs)
                + (endMs != null ? " .. " + Instant.ofEpochMilli(endMs) : "") + String.format(", %.1f W", meanPowerW)
                + (energyKwh != null ? String.format(", %.4f kWh", energyKwh) : "") + '}';
    }
}
