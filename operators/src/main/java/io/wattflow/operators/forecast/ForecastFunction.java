package io.wattflow.operators.forecast;

import io.wattflow.operators.SilentMeterTtl;
import io.wattflow.operators.forecast.ConsumptionForecaster.Quantiles;
import io.wattflow.record.DayProfile;
import io.wattflow.record.Forecast;
import io.wattflow.record.ForecastError;
import io.wattflow.record.IntervalReading;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Arrays;

/**
 * Per meter, at each local midnight (an event-time timer set by the meter's intervals): scores the
 * forecast issued for the day that ended ({@link #ERRORS}), then issues the 24 hourly and 7 daily
 * forecasts of the day that starts ({@link ConsumptionForecaster}); a complete day's shape goes to
 * {@link #DAY_PROFILES} for the load-profile clustering. State: one {@link ForecastState},
 * about 6.4 KB per meter, read and written once per interval record and once per day.
 *
 * <p>At the end of a bounded input (a replay) the pending midnight fires too: the last day, if it
 * has {@link ForecastState#MIN_HOURS} measured hours, is scored, and the next day is forecast.
 */
public final class ForecastFunction extends KeyedProcessFunction<String, IntervalReading, Forecast> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<ForecastError> ERRORS = new OutputTag<>("forecast-errors", TypeInformation.of(ForecastError.class));
    /** Each complete day's shape (24 measured hours), for the load-profile clustering: no second copy of the hours. */
    public static final OutputTag<DayProfile> DAY_PROFILES = new OutputTag<>("day-profiles", TypeInformation.of(DayProfile.class));
    static final int DAYS_AHEAD = 7;

    private final ForecastSettings settings;
    private final Duration stateTtl;
    private transient ValueState<ForecastState> state;
    private transient Counter issued;

    public ForecastFunction(ForecastSettings settings, Duration stateTtl) {
        this.settings = settings;
        this.stateTtl = stateTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<ForecastState> descriptor = new ValueStateDescriptor<>("forecast-history", ForecastState.class);
        descriptor.enableTimeToLive(SilentMeterTtl.of(stateTtl));
        state = getRuntimeContext().getState(descriptor);
        issued = getRuntimeContext().getMetricGroup().addGroup("wattflow").counter("forecasts_issued");
    }

    @Override
    public void processElement(IntervalReading r, Context ctx, Collector<Forecast> out) throws Exception {
        ForecastState s = state.value();
        if (s == null) {
            s = new ForecastState();
        }
        ZonedDateTime start = Instant.ofEpochMilli(r.startMs).atZone(settings.zone);
        long day = start.toLocalDate().toEpochDay();
        int minutes = (int) Math.round((r.endMs - r.startMs) / 60_000.0 * (r.coverage == null ? 1.0 : Math.min(1.0, r.coverage)));
        s.add(day, start.getHour(), r.energyKwh, minutes);
        state.update(s);
        ctx.timerService().registerEventTimeTimer(startOf(day + 1));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Forecast> out) throws Exception {
        ForecastState s = state.value();
        if (s == null) {
            return;
        }
        long day = Instant.ofEpochMilli(timestamp).atZone(settings.zone).toLocalDate().toEpochDay();
        String meter = ctx.getCurrentKey();
        DayProfile profile = profile(meter, s, day - 1);
        if (profile != null) {
            ctx.output(DAY_PROFILES, profile);
        }
        if (s.issuedDay == day - 1) {
            ForecastError e = score(meter, s, day - 1);
            if (e != null) {
                ctx.output(ERRORS, e);
            }
        }
        Quantiles[] hours = ConsumptionForecaster.hours(s, day, settings);
        Arrays.fill(s.p10, Float.NaN);
        Arrays.fill(s.p50, Float.NaN);
        Arrays.fill(s.p90, Float.NaN);
        for (int h = 0; h < ForecastState.HOURS; h++) {
            if (hours[h] != null) {
                out.collect(forecast(meter, timestamp, hourStart(day, h), hourStart(day, h + 1), Forecast.HOUR, h + 1, hours[h]));
                s.p10[h] = (float) hours[h].p10();
                s.p50[h] = (float) hours[h].p50();
                s.p90[h] = (float) hours[h].p90();
            }
        }
        Quantiles[] days = ConsumptionForecaster.days(s, day, DAYS_AHEAD, settings);
        for (int k = 0; k < DAYS_AHEAD; k++) {
            if (days[k] != null) {
                out.collect(forecast(meter, timestamp, startOf(day + k), startOf(day + k + 1), Forecast.DAY, k + 1, days[k]));
            }
        }
        s.issuedDay = day;
        issued.inc();
        state.update(s);
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
        double[] shape = io.wattflow.operators.profile.DailyProfile.shape(hours);
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
