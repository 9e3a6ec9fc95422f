package io.wattflow.record;

/**
 * One run of one appliance in a meter's load, as the NILM model estimated it: from its first ON
 * minute to the end of its last, with its energy, peak minute power and the model's mean ON
 * probability over its ON minutes.
 */
public class ApplianceActivation {
    public String meterId;
    public String appliance;
    public long startMs;
    public long endMs;
    public double energyWh;
    public double peakW;
    public double confidence;
    public String model;
    public String modelVersion;

    public ApplianceActivation() {}

    @Override
    public String toString() {
        return "ApplianceActivation{" + meterId + " " + appliance + " " + java.time.Instant.ofEpochMilli(startMs) + " "
                + (endMs - startMs) / 60_000 + " min " + Math.round(energyWh) + " Wh peak " + Math.round(peakW) + " W p="
                + String.format("%.2f", confidence) + '}';
    }
}
