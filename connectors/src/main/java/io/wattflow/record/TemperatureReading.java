package io.wattflow.record;

import java.time.Instant;
import java.util.Objects;

/** Outdoor temperature of a weather region (a station or an area) at one time. */
public class TemperatureReading {
    public String region;
    public long timestampMs;
    public double temperatureC;

    public TemperatureReading() {}

    public TemperatureReading(String region, long timestampMs, double temperatureC) {
        this.region = region;
        this.timestampMs = timestampMs;
        this.temperatureC = temperatureC;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TemperatureReading)) {
            return false;
        }
        TemperatureReading t = (TemperatureReading) o;
        return timestampMs == t.timestampMs && Double.compare(temperatureC, t.temperatureC) == 0
                && Objects.equals(region, t.region);
    }

    @Override
    public int hashCode() {
        return Objects.hash(region, timestampMs, temperatureC);
    }

    @Override
    public String toString() {
        return "TemperatureReading{" + region + " @ " + Instant.ofEpochMilli(timestampMs) + ", " + temperatureC + " degC}";
    }
}
