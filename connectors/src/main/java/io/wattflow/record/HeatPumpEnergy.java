package io.wattflow.record;

/**
 * The heat pump's energy in one 15-min interval of a meter: the disaggregation's estimate, and that
 * estimate gated by the meter's detection (as shipped: 0 where the median probability of its last 7
 * detection windows is below the threshold).
 */
public class HeatPumpEnergy {
    public String meterId;
    public long startMs;
    public long endMs;
    /** {@link #estimatedKwh} gated by the meter's detection: what to show and add up. */
    public double heatPumpKwh;
    /** What the disaggregation model estimated, whatever the detection said. */
    public double estimatedKwh;
    /** The median detection probability of the meter's last 7 windows up to this interval's: what the gate compared. */
    public double heatPumpProbability;
    public String model;
    public String modelVersion;

    public HeatPumpEnergy() {}

    public HeatPumpEnergy(String meterId, long startMs, long endMs, double estimatedKwh, double heatPumpProbability,
            double heatPumpKwh, String model, String modelVersion) {
        this.meterId = meterId;
        this.startMs = startMs;
        this.endMs = endMs;
        this.estimatedKwh = estimatedKwh;
        this.heatPumpProbability = heatPumpProbability;
        this.heatPumpKwh = heatPumpKwh;
        this.model = model;
        this.modelVersion = modelVersion;
    }

    @Override
    public String toString() {
        return "HeatPumpEnergy{" + meterId + " @ " + java.time.Instant.ofEpochMilli(startMs) + " "
                + String.format("%.3f", heatPumpKwh) + " kWh, " + model + " " + modelVersion + '}';
    }
}
