package io.wattflow.operators.forecast;

/**
 * How a meter's daily energy follows the outdoor temperature, fitted on the days its history holds
 * (least squares of the day's total on the day's mean temperature). A heat pump's home uses more on a
 * cold day; the forecaster rescales each past day's hours to the target day's temperature by the ratio
 * of the fitted energies, so a cold spell coming is not forecast from the mild week before it.
 */
final class TemperatureResponse {
    /** Days with both an energy and a temperature needed before the response is used. */
    static final int MIN_DAYS = 7;
    /** Below this spread of daily temperatures (degC) the slope is noise. */
    static final double MIN_SPREAD_C = 1.0;
    /** A past day's values are never rescaled by more than this factor (or its inverse). */
    static final double MAX_FACTOR = 2.0;

    private final double intercept;
    private final double slope;

    private TemperatureResponse(double intercept, double slope) {
        this.intercept = intercept;
        this.slope = slope;
    }

    /** The response fitted on the days before {@code day}, or null when there are too few days or too little spread. */
    static TemperatureResponse fit(ForecastState s, long day) {
        double n = 0;
        double sumT = 0;
        double sumE = 0;
        double sumTT = 0;
        double sumTE = 0;
        for (long d = day - ForecastState.DAYS; d < day; d++) {
            double t = s.celsius(d);
            double e = s.day(d);
            if (Double.isNaN(t) || Double.isNaN(e)) {
                continue;
            }
            n++;
            sumT += t;
            sumE += e;
            sumTT += t * t;
            sumTE += t * e;
        }
        if (n < MIN_DAYS) {
            return null;
        }
        double varT = sumTT / n - (sumT / n) * (sumT / n);
        if (varT < MIN_SPREAD_C * MIN_SPREAD_C) {
            return null;
        }
        double slope = (sumTE / n - sumT / n * sumE / n) / varT;
        return new TemperatureResponse(sumE / n - slope * sumT / n, slope);
    }

    /**
     * The factor that brings a value of a day at {@code pastC} to a day at {@code targetC}, raised to
     * {@code weight} (0: 1, no rescaling); 1 where either temperature is unknown or an energy is not positive.
     */
    double factor(double pastC, double targetC, double weight) {
        if (Double.isNaN(pastC) || Double.isNaN(targetC) || weight <= 0) {
            return 1;
        }
        double past = intercept + slope * pastC;
        double target = intercept + slope * targetC;
        if (past <= 0 || target <= 0) {
            return 1;
        }
        double f = Math.max(1 / MAX_FACTOR, Math.min(MAX_FACTOR, target / past));
        return Math.pow(f, weight);
    }
}
