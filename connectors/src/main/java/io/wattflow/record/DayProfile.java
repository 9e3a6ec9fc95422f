package io.wattflow.record;

/**
 * One meter's complete local day as the share of the day's energy in each of its 24 hours, passed
 * from the hourly history (the forecasts operator) to the profile clustering; not an output.
 */
public class DayProfile {
    public String meterId;
    /** Local epoch day. */
    public long day;
    public long dayStartMs;
    public double energyKwh;
    public double[] shape;

    public DayProfile() {}

    public DayProfile(String meterId, long day, long dayStartMs, double energyKwh, double[] shape) {
        this.meterId = meterId;
        this.day = day;
        this.dayStartMs = dayStartMs;
        this.energyKwh = energyKwh;
        this.shape = shape;
    }
}
