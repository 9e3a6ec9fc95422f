package io.wattflow.operators.anomaly;

/**
 * The expected energy of an hour, learned online from the meter's own past, at three levels of
 * calendar detail: hour-of-week (168 slots), day type x hour (weekday or weekend/holiday, 48) and hour
 * of day (24). The finest level with enough past hours judges, so a meter is judged by its hour of day
 * after a few days, by weekday/weekend after about a week and by its full weekly pattern after three
 * weeks, sharpening as the weights settle (about 10 weeks of memory).
 *
 * <p>Energy is modelled as log(kWh + 0.05): household hours are skewed, a kettle hour is three times
 * a quiet one, and in log space a mean and a spread describe that far better than in kWh. Each slot
 * keeps an exponentially weighted mean and variance; the weight starts as 1/n (a plain average while
 * young) and settles at {@link #ALPHA_WEEK} / {@link #ALPHA_COARSE}.
 */
final class HourlyProfiles {
    static final double OFFSET_KWH = 0.05;
    static final double ALPHA_WEEK = 0.1;
    static final double ALPHA_COARSE = 0.05;
    /** The smallest spread believed, log units: about 20 %, so a meter that never varies is not judged by noise. */
    static final double SPREAD_FLOOR = 0.2;

    private HourlyProfiles() {}

    /** The judgement of one hour: the slot level used, its mean and spread (log space) and past hours. */
    static final class Expectation {
        final String level;
        final double mean;
        final double spread;
        final int hours;

        Expectation(String level, double mean, double spread, int hours) {
            this.level = level;
            this.mean = mean;
            this.spread = spread;
            this.hours = hours;
        }

        double expectedKwh() {
            return Math.max(0, Math.exp(mean) - OFFSET_KWH);
        }

        /** The band's half-width in standard deviations: wider while the slot has few hours (x1.33 at 3, x1.1 at 10). */
        double sigmas(double bandSigma) {
            return bandSigma * (1 + 1.0 / hours);
        }
    }

    static double toLog(double kwh) {
        return Math.log(Math.max(0, kwh) + OFFSET_KWH);
    }

    /** The finest slot with at least {@code minHours} past hours, or null when none has. */
    static Expectation expect(MeterBaseline b, int weekSlot, int dayTypeSlot, int hourSlot, int minHours) {
        if (b.weekN[weekSlot] >= minHours) {
            return of("hour-of-week", b.weekMean[weekSlot], b.weekVar[weekSlot], b.weekN[weekSlot]);
        }
        if (b.dayTypeN[dayTypeSlot] >= minHours) {
            return of("day-type-hour", b.dayTypeMean[dayTypeSlot], b.dayTypeVar[dayTypeSlot], b.dayTypeN[dayTypeSlot]);
        }
        if (b.hourN[hourSlot] >= minHours) {
            return of("hour-of-day", b.hourMean[hourSlot], b.hourVar[hourSlot], b.hourN[hourSlot]);
        }
        return null;
    }

    /** The level the hour of day {@code hourSlot} usually holds for most of the hour, or null with fewer than {@code minHours}. */
    static Expectation expectHeld(MeterBaseline b, int hourSlot, int minHours) {
        return b.heldN[hourSlot] >= minHours ? of("hour-of-day", b.heldMean[hourSlot], b.heldVar[hourSlot], b.heldN[hourSlot]) : null;
    }

    /** Learns the level an hour held ({@code y} in log space, limited to the band by the caller as in {@link #learn}). */
    static void learnHeld(MeterBaseline b, int hourSlot, double y) {
        update(b.heldMean, b.heldVar, b.heldN, hourSlot, y, ALPHA_COARSE);
    }

    private static Expectation of(String level, float mean, float var, short n) {
        return new Expectation(level, mean, Math.sqrt(var + SPREAD_FLOOR * SPREAD_FLOOR), n);
    }

    /**
     * Learns an hour. {@code y} is in log space and already limited to the band by the caller when the
     * hour was anomalous, so one heater night does not teach the baseline that nights are warm.
     */
    static void learn(MeterBaseline b, int weekSlot, int dayTypeSlot, int hourSlot, double y) {
        update(b.weekMean, b.weekVar, b.weekN, weekSlot, y, ALPHA_WEEK);
        update(b.dayTypeMean, b.dayTypeVar, b.dayTypeN, dayTypeSlot, y, ALPHA_COARSE);
        update(b.hourMean, b.hourVar, b.hourN, hourSlot, y, ALPHA_COARSE);
    }

    private static void update(float[] mean, float[] var, short[] count, int slot, double y, double alphaMin) {
        int n = count[slot] < Short.MAX_VALUE ? count[slot] + 1 : count[slot];
        count[slot] = (short) n;
        double alpha = Math.max(1.0 / n, alphaMin);
        double d = y - mean[slot];
        mean[slot] = (float) (mean[slot] + alpha * d);
        var[slot] = (float) ((1 - alpha) * (var[slot] + alpha * d * d));
    }
}
