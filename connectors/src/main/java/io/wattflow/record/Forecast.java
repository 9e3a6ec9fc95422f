package io.wattflow.record;

/**
 * A consumption forecast of one meter for one target period (an hour, or a local day), issued at
 * local midnight: the 10th, 50th and 90th percentile of its energy, kWh. Each issue writes the 24
 * hours of the day it starts ({@code horizon = "hour"}, steps 1-24) and that day and the 6 after it
 * ({@code horizon = "day"}, steps 1-7).
 */
public class Forecast {
    public static final String HOUR = "hour";
    public static final String DAY = "day";

    public String meterId;
    public long issuedAtMs;
    public long targetStartMs;
    public long targetEndMs;
    public String horizon;
    /** 1 for the first hour (or day) after the issue. */
    public int step;
    public double p10Kwh;
    public double p50Kwh;
    public double p90Kwh;
    public String model;
    public String modelVersion;

    public Forecast() {}

    @Override
    public String toString() {
        return "Forecast{" + meterId + " " + horizon + " " + step + " @" + targetStartMs + " " + p10Kwh + "/" + p50Kwh + "/" + p90Kwh + "}";
    }
}
