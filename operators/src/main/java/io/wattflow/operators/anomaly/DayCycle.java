package io.wattflow.operators.anomaly;

/**
 * A day's dominant cycle (a fridge's or a freezer's compressor) found by autocorrelation of the
 * minute-to-minute changes, not the levels: a compressor's switching makes a regular train of small
 * steps, while the evening's lights and the oven make a few large ones (left out) and slow level
 * changes that would otherwise swamp the autocorrelation. Kept only while the day is closed, never in state.
 */
final class DayCycle {
    static final int MIN_LAG = 15;
    static final int MAX_LAG = 180;
    /** Cycles are looked for in steps up to this size: a fridge's or a freezer's, not the oven's. */
    static final double MAX_STEP_W = 300;
    /** Smaller steps are the meter's noise and slow drift, and on a busy house they drown a compressor's train. */
    static final double MIN_STEP_W = 20;

    /** Period in minutes, NaN when the day has no cycle. */
    final double period;
    /** Autocorrelation at the period, summed over the lag and its two neighbours. */
    final double strength;
    /** Autocorrelation by lag, each summed with its neighbours: a thermostat's period is no whole number of minutes and jitters. */
    private final double[] acf;

    private DayCycle(double period, double strength, double[] acf) {
        this.period = period;
        this.strength = strength;
        this.acf = acf;
    }

    /** The day's cycle, or null when less than 3/4 of the day is there. */
    static DayCycle of(short[] day) {
        int n = day.length;
        if (DayProfile.present(day, 0, n) < n * 3 / 4) {
            return null;
        }
        double[] y = new double[n];
        double energy = 0;
        for (int i = 1; i < n; i++) {
            if (day[i] != MeterBaseline.NO_DATA && day[i - 1] != MeterBaseline.NO_DATA) {
                double step = Math.abs(day[i] - day[i - 1]);
                y[i] = step >= MIN_STEP_W && step <= MAX_STEP_W ? day[i] - day[i - 1] : 0;
                energy += y[i] * y[i];
            }
        }
        double[] raw = new double[MAX_LAG + 3];
        if (energy > 1e-9) {
            for (int lag = MIN_LAG - 2; lag <= MAX_LAG + 2; lag++) {
                double s = 0;
                for (int i = 0; i + lag < n; i++) {
                    s += y[i] * y[i + lag];
                }
                raw[lag] = s / energy;
            }
        }
        double[] acf = new double[MAX_LAG + 2];
        for (int lag = MIN_LAG - 1; lag <= MAX_LAG + 1; lag++) {
            acf[lag] = raw[lag - 1] + raw[lag] + raw[lag + 1];
        }
        double best = 0;
        for (int lag = MIN_LAG; lag <= MAX_LAG; lag++) {
            if (isPeak(acf, lag)) {
                best = Math.max(best, acf[lag]);
            }
        }
        // The first peak nearly as strong as the strongest is the period; later ones are its multiples.
        for (int lag = MIN_LAG; lag <= MAX_LAG && best > 0; lag++) {
            if (isPeak(acf, lag) && acf[lag] >= 0.8 * best) {
                // The period is the lag the unsmoothed autocorrelation favours within the peak.
                int at = raw[lag - 1] > raw[lag] && raw[lag - 1] >= raw[lag + 1] ? lag - 1 : raw[lag + 1] > raw[lag] ? lag + 1 : lag;
                return new DayCycle(at, acf[lag], acf);
            }
        }
        return new DayCycle(Double.NaN, 0, acf);
    }

    boolean clear(double minStrength) {
        return !Double.isNaN(period) && strength >= minStrength;
    }

    /** The strongest autocorrelation (summed with neighbours) within 10 % of {@code period}, 0 when none is positive. */
    double strengthNear(double period) {
        int from = (int) Math.max(MIN_LAG, Math.floor(period * 0.9));
        int to = (int) Math.min(MAX_LAG, Math.ceil(period * 1.1));
        double best = 0;
        for (int lag = from; lag <= to; lag++) {
            best = Math.max(best, acf[lag]);
        }
        return best;
    }

    private static boolean isPeak(double[] acf, int lag) {
        return acf[lag] > acf[lag - 1] && acf[lag] >= acf[lag + 1];
    }
}
