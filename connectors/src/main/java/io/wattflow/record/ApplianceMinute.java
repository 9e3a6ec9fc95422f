package io.wattflow.record;

/** An appliance's estimated mean power in one minute of a meter (written only with {@code --nilm-minutes}). */
public class ApplianceMinute {
    public String meterId;
    public long startMs;
    public String appliance;
    public double watts;
    /** The model's ON probability for the minute; 0 for {@link ApplianceEnergyDaily#OTHER}, which no head estimates. */
    public double probability;
    public String model;
    public String modelVersion;

    public ApplianceMinute() {}

    @Override
    public String toString() {
        return "ApplianceMinute{" + meterId + " " + java.time.Instant.ofEpochMilli(startMs) + " " + appliance + " "
                + Math.round(watts) + " W}";
    }
}
