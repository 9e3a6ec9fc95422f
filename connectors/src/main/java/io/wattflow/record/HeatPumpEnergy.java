package io.wattflow.record;

/** The heat pump's estimated energy in one 15-min interval of a meter. */
public class HeatPumpEnergy {
    public String meterId;
    public long startMs;
    public long endMs;
    public double heatPumpKwh;
    public String model;
    public String modelVersion;

    public HeatPumpEnergy() {}

    public HeatPumpEnergy(String meterId, long startMs, long endMs, double heatPumpKwh, String model, String modelVersion) {
        this.meterId = meterId;
        this.startMs = startMs;
        this.endMs = endMs;
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
