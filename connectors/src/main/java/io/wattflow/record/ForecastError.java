package io.wattflow.record;

/**
 * How a meter's hourly forecast for one local day did, written when the day is over: the mean
 * absolute error and bias (forecast minus actual) of the p50 over the day's measured hours, and the
 * share of them inside the p10-p90 band, so a utility can watch accuracy drift.
 */
public class ForecastError {
    public String meterId;
    /** The local day, ISO (2024-01-15). */
    public String day;
    public long dayStartMs;
    public int hours;
    public double maeKwh;
    public double biasKwh;
    public double actualKwh;
    public double forecastKwh;
    public double bandCoverage;
    public String model;
    public String modelVersion;

    public ForecastError() {}

    @Override
    public String toString() {
        return "ForecastError{" + meterId + " " + day + " MAE " + maeKwh + " bias " + biasKwh + " over " + hours + " h}";
    }
}
