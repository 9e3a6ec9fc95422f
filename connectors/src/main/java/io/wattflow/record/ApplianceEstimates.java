package io.wattflow.record;

import java.time.Instant;

/**
 * What the NILM model estimated for consecutive minutes of one meter (one window's estimated minutes):
 * each appliance's power, appliance after appliance ({@code watts[a * minutes + t]}), NaN for a minute
 * the meter did not send. Internal: it carries the NILM estimates to the appliance recognition.
 */
public class ApplianceEstimates {
    public String meterId;
    public long firstMinuteMs;
    public int minutes;
    public float[] watts;
    public String model;
    public String modelVersion;

    public ApplianceEstimates() {}

    @Override
    public String toString() {
        return "ApplianceEstimates{" + meterId + " " + Instant.ofEpochMilli(firstMinuteMs) + " +" + minutes + " min " + model + " "
                + modelVersion + "}";
    }
}
