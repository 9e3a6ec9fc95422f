package io.wattflow.operators.forecast;

import io.wattflow.operators.SilentMeterTtl;
import io.wattflow.operators.forecast.ConsumptionForecaster.Quantiles;
import io.wattflow.operators.profile.DailyProfile;
import io.wattflow.record.DayProfile;
import io.wattflow.record.Forecast;
import io.wattflow.record.ForecastError;
import io.wattflow.record.IntervalReading;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.util.Collector;

import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.LongToDoubleFunction;

/**
 * What the forecasts operators do with a meter's {@link ForecastState}, with or without a weather
 * stream: book each interval into its local hour, and at local midnight score the day that ended,
 * pass on its shape, and issue the forecasts of the day that starts.
 */
final class MidnightForecasts implements Serializable {
    private static final long serialVersionUID = 1L;
    static final int DAYS_AHEAD = 7;

    private final ForecastSettings settings;

    MidnightForecasts(ForecastSettings settings) {
        this.settings = settings;
    }

    static ValueStateDescriptor<ForecastState> stateDescriptor(Duration stateTtl) {
        ValueStateDescriptor<ForecastState> descriptor = new ValueStateDescriptor<>("forecast-history", ForecastState.class);
        descriptor.enableTimeToLive(SilentMeterTtl.of(stateTtl));
        return descriptor;
    }

    /** Books the interval into the meter's state; returns the next local midnight, when the day's forecasts are due. */
    long book(ValueState<ForecastState> state, IntervalReading r) throws IOException {
        ForecastState s = state.value();
        if (s == null) {
            s = new ForecastState();
        }
        long midnight = add(s, r);
        state.update(s);
        return midnight;
    }

    /** Books the interval into its local hour; returns the next local midnight, when the day's forecasts are due. */
    private long add(ForecastState s, IntervalReading r) {
        ZonedDateTime start = Instant.ofEpochMilli(r.startMs).atZone(settings.zone);
        long day = start.toLocalDate().toEpochDay();
        int minutes = (int) Math.round((r.endMs - r.startMs) / 60_000.0 * (r.coverage == null ? 1.0 : Math.min(1.0, r.coverage)));
        s.add(day, start.getHour(), r.energyKwh, minutes);
        return startOf(day + 1);
    }

    /** The local day a midnight at {@code timestamp} begins. */
    private long dayOf(long timestamp) {
        return Instant.ofEpochMilli(timestamp).atZone(settings.zone).toLocalDate().toEpochDay();
    }

    /** Books the outdoor temperature of each hour of {@code day} ({@code celsiusAt}: an hour's start in ms to degC, NaN if unknown). */
    private void addTemperatures(ForecastState s, long day, LongToDoubleFunction celsiusAt) {
        for (int h = 0; h < ForecastState.HOURS; h++) {
            s.addTemperature(day, celsiusAt.applyAsDouble(hourStart(day, h)));
        }
    }

    /**
     * At the midnight {@code timestamp}, for a meter with state: books the ended day's temperatures
     * ({@code celsiusAt}: an hour's start in ms to degC; null without weather), then {@link #issue}s;
     * false for a meter without state.
     */
    boolean issue(ValueState<ForecastState> state, String meter, long timestamp, LongToDoubleFunction celsiusAt, Collector<Forecast> out,
            Consumer<ForecastError> errors, Consumer<DayProfile> profiles) throws IOException {
        ForecastState s = state.value();
        if (s == null) {
            return false;
        }
        if (celsiusAt != null) {
            addTemperatures(s, dayOf(timestamp) - 1, celsiusAt);
        }
        if (issue(meter, s, timestamp, out, errors, profiles) || celsiusAt != null) {
            // Not written when unchanged: every meter of a new fleet at its first midnight, one state write each.
            state.update(s);
        }
        return true;
    }

    /**
     * At the midnight {@code timestamp}: the ended day's shape and error, then the forecasts of the day
     * that starts; whether the state changed (hourly forecasts issued, or the day before's cleared).
     */
    private boolean issue(String meter, ForecastState s, long timestamp, Collector<Forecast> out, Consumer<ForecastError> errors,
            Consumer<DayProfile> profiles) {
        long day = dayOf(timestamp);
        DayProfile profile = profile(meter, s, day - 1);
        if (profile != null) {
            profiles.accept(profile);
        }
        if (s.issuedDay == day - 1) {
            ForecastError e = score(meter, s, day - 1);
            if (e != null) {
                errors.accept(e);
            }
        }
        Quantiles[] hours = ConsumptionForecaster.hours(s, day, settings);
        boolean changed = standing(s);
        Arrays.fill(s.p10, Float.NaN);
        Arrays.fill(s.p50, Float.NaN);
        Arrays.fill(s.p90, Float.NaN);
        for (int h = 0; h < ForecastState.HOURS; h++) {
            if (hours[h] != null) {
                out.collect(forecast(meter, timestamp, hourStart(day, h), hourStart(day, h + 1), Forecast.HOUR, h + 1, hours[h]));
                s.p10[h] = (float) hours[h].p10();
                s.p50[h] = (float) hours[h].p50();
                s.p90[h] = (float) hours[h].p90();
                changed = true;
            }
        }
        Quantiles[] days = ConsumptionForecaster.days(s, day, DAYS_AHEAD, settings);
        for (int k = 0; k < DAYS_AHEAD; k++) {
            if (days[k] != null) {
                out.collect(forecast(meter, timestamp, startOf(day + k), startOf(day + k + 1), Forecast.DAY, k + 1, days[k]));
            }
        }
        if (changed) {
            s.issuedDay = day;
        }
        return changed;
    }

    /** Whether an hourly forecast is held (to be scored at the next midnight; the quantiles mean nothing before the first issue). */
    private static boolean standing(ForecastState s) {
        if (s.issuedDay == Long.MIN_VALUE) {
            return false;
        }
        for (float p : s.p50) {
            if (!Float.isNaN(p)) {
                return true;
            }
        }
        return false;
    }

    /** The day's shape when all its 24 hours were measured, else null. */
    private DayProfile profile(String meter, ForecastState s, long day) {
        double[] hours = new double[ForecastState.HOURS];
        double total = 0;
        for (int h = 0; h < hours.length; h++) {
            hours[h] = s.hour(day, h);
            if (Double.isNaN(hours[h])) {
                return null;
            }
            total += hours[h];
        }
        double[] shape = DailyProfile.shape(hours);
        return shape == null ? null : new DayProfile(meter, day, startOf(day), total, shape);
    }

    /** The day's error over its measured hours that had a forecast; null for a day with too few of them. */
    private ForecastError score(String meter, ForecastState s, long day) {
        double abs = 0;
        double bias = 0;
        double actual = 0;
        double forecast = 0;
        int inBand = 0;
        int n = 0;
        for (int h = 0; h < ForecastState.HOURS; h++) {
            double truth = s.hour(day, h);
            if (Double.isNaN(truth) || Float.isNaN(s.p50[h])) {
                continue;
            }
            abs += Math.abs(s.p50[h] - truth);
            bias += s.p50[h] - truth;
            actual += truth;
            forecast += s.p50[h];
            inBand += truth >= s.p10[h] && truth <= s.p90[h] ? 1 : 0;
            n++;
        }
        if (n < ForecastState.MIN_HOURS) {
            return null;
        }
        ForecastError e = new ForecastError();
        e.meterId = meter;
        e.day = LocalDate.ofEpochDay(day).toString();
        e.dayStartMs = startOf(day);
        e.hours = n;
        e.maeKwh = abs / n;
        e.biasKwh = bias / n;
        e.actualKwh = actual;
        e.forecastKwh = forecast;
        e.bandCoverage = inBand / (double) n;
        e.model = ForecastSettings.MODEL;
        e.modelVersion = ForecastSettings.VERSION;
        return e;
    }

    private static Forecast forecast(String meter, long issuedAt, long start, long end, String horizon, int step, Quantiles q) {
        Forecast f = new Forecast();
        f.meterId = meter;
        f.issuedAtMs = issuedAt;
        f.targetStartMs = start;
        f.targetEndMs = end;
        f.horizon = horizon;
        f.step = step;
        f.p10Kwh = q.p10();
        f.p50Kwh = q.p50();
        f.p90Kwh = q.p90();
        f.model = ForecastSettings.MODEL;
        f.modelVersion = ForecastSettings.VERSION;
        return f;
    }

    private long startOf(long day) {
        return LocalDate.ofEpochDay(day).atStartOfDay(settings.zone).toInstant().toEpochMilli();
    }

    /** Local hour {@code h} of the day (24: the next midnight); a DST gap moves it to the next valid instant. */
    private long hourStart(long day, int h) {
        return h >= 24 ? startOf(day + 1) : LocalDate.ofEpochDay(day).atTime(h, 0).atZone(settings.zone).toInstant().toEpochMilli();
    }
}
