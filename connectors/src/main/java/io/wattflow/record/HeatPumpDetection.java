package io.wattflow.record;

/** Whether a meter has a heat pump, judged from the 7 days before {@code windowEndMs}; one per meter and day. */
public class HeatPumpDetection {
    public String meterId;
    public long windowStartMs;
    public long windowEndMs;
    public double probability;
    /** probability >= threshold. */
    public boolean heatPump;
    public double threshold;
    public String model;
    public String modelVersion;

    public HeatPumpDetection() {}

    @Override
    public String toString() {
        return "HeatPumpDetection{" + meterId + " until " + java.time.Instant.ofEpochMilli(windowEndMs) + ": p="
                + String.format("%.3f", probability) + (heatPump ? " heat pump" : " none") + ", " + model + " " + modelVersion + '}';
    }
}
