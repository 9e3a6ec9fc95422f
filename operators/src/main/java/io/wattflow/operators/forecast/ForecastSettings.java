package io.wattflow.operators.forecast;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;

/**
 * How a meter's consumption is forecast from its own history ({@link ConsumptionForecaster}). The
 * defaults are the configuration {@code wattflow eval forecast} selects on the visible recordings;
 * the figures it reports were measured with configurations chosen without the house scored.
 */
public final class ForecastSettings implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String MODEL = "hour-of-day-quantiles";
    public static final String VERSION = "2";

    /** The meters' local time zone: forecasts are issued at local midnight, days and hours are local. */
    public ZoneId zone = ZoneId.of("UTC");
    /** Public holidays, forecast like Sundays. */
    public Set<LocalDate> holidays = new HashSet<>();
    /** Days of history a forecast draws on (at most {@link ForecastState#DAYS}). */
    public int windowDays = 10;
    /** Weight of a day halves every this many days back; 0: all days of the window weigh the same. */
    public double halfLifeDays = 3.5;
    /** Neighbouring hours (each side) pooled with half weight: a routine shifted by an hour still counts. */
    public int neighbourHours = 1;
    /** Weekdays and weekend days (holidays with them) are pooled apart, once each has enough days. */
    public boolean splitDayType = false;
    /**
     * How far past days are rescaled to the target day's expected temperature by the meter's fitted
     * temperature response (0: not at all, 1: fully); used only where the job has a weather stream.
     */
    public double temperatureWeight = 0.25;
    /** The p10-p90 band of the pooled values is stretched by this factor around the median. */
    public double spread = 1.0;
    /** The same for the daily totals (fewer values are pooled: their band is the one that needs stretching). */
    public double dailySpread = 1.6;

    public static ForecastSettings defaults() {
        return new ForecastSettings();
    }

    public ForecastSettings copy() {
        ForecastSettings s = new ForecastSettings();
        s.zone = zone;
        s.holidays = new HashSet<>(holidays);
        s.windowDays = windowDays;
        s.halfLifeDays = halfLifeDays;
        s.neighbourHours = neighbourHours;
        s.splitDayType = splitDayType;
        s.temperatureWeight = temperatureWeight;
        s.spread = spread;
        s.dailySpread = dailySpread;
        return s;
    }

    @Override
    public String toString() {
        return "window " + windowDays + " d, half-life " + (halfLifeDays == 0 ? "none" : halfLifeDays + " d") + ", neighbours +-"
                + neighbourHours + " h, " + (splitDayType ? "weekday/weekend apart" : "all days together") + (temperatureWeight > 0 ? ", temperature x " + temperatureWeight : "") + ", spread " + spread + " (daily " + dailySpread + ")";
    }
}
