package io.wattflow.record;

import org.apache.avro.reflect.Nullable;

/**
 * What wattflow learned about a meter by the end of one local day: the day's baseload (a low quantile
 * of its 1-min power, whole day and night hours), the Always-On power (the median baseload of the
 * previous weeks) and what it costs in a year at the configured tariff, the day's dominant cycle.
 */
public class DailyBaseline {
    public String meterId;
    /** The local day, ISO yyyy-MM-dd. */
    public String day;
    public long dayStartMs;
    public double energyKwh;
    /** Share of the day's minutes with data, 0..1. */
    public double coverage;
    @Nullable public Double baseloadW;
    @Nullable public Double nightBaseloadW;
    /** Median baseload of up to the last 28 days, this one included. */
    @Nullable public Double alwaysOnW;
    @Nullable public Double alwaysOnKwhPerYear;
    @Nullable public Double alwaysOnCostPerYear;
    /** Dominant period of the day's 1-min series (autocorrelation), minutes; null when none is clear. */
    @Nullable public Double periodMin;
    @Nullable public Double periodStrength;
    public double baselineDays;

    public DailyBaseline() {}

    @Override
    public String toString() {
        return "DailyBaseline{" + meterId + " " + day + " " + String.format("%.2f kWh", energyKwh) + ", baseload " + baseloadW
                + " W, night " + nightBaseloadW + " W, always-on " + alwaysOnW + " W, period " + periodMin + " min}";
    }
}
