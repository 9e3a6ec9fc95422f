package io.wattflow.operators.forecast;

import io.wattflow.operators.inference.TemperatureHistory;
import io.wattflow.record.Forecast;
import io.wattflow.record.IntervalReading;
import io.wattflow.record.TemperatureReading;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link ForecastFunction} for a job with a weather stream: the same state (uid {@code forecasts}
 * restores into either), and at each local midnight the hourly temperatures of the meter's region for
 * the day that ended are booked with its hours, so the forecaster can rescale past days to the
 * temperature expected ({@link ConsumptionForecaster#expectedCelsius}). The watermark is the slower of
 * both inputs, so by midnight the day's temperatures have arrived. Broadcast state: the regions'
 * last {@value #TEMPERATURE_HOURS} hours, 3.1 KB per region on every task; per meter, 252 bytes more.
 */
public final class WeatherForecastFunction extends KeyedBroadcastProcessFunction<String, IntervalReading, TemperatureReading, Forecast> {
    private static final long serialVersionUID = 1L;
    /** A day and a month: a replay reads the weather file long before the meters' readings are through. */
    static final int TEMPERATURE_HOURS = 24 + 31 * 24;
    public static final MapStateDescriptor<String, TemperatureHistory> TEMPERATURES =
            new MapStateDescriptor<>("forecast-region-temperatures", Types.STRING, TypeInformation.of(TemperatureHistory.class));

    private final MidnightForecasts forecasts;
    private final Duration stateTtl;
    private final Map<String, String> meterRegions;
    private final String defaultRegion;
    private transient ValueState<ForecastState> state;
    private transient Counter issued;

    public WeatherForecastFunction(ForecastSettings settings, Duration stateTtl, Map<String, String> meterRegions, String defaultRegion) {
        this.forecasts = new MidnightForecasts(settings);
        this.stateTtl = stateTtl;
        this.meterRegions = new HashMap<>(meterRegions);
        this.defaultRegion = defaultRegion;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(MidnightForecasts.stateDescriptor(stateTtl));
        issued = getRuntimeContext().getMetricGroup().addGroup("wattflow").counter("forecasts_issued");
    }

    @Override
    public void processElement(IntervalReading r, ReadOnlyContext ctx, Collector<Forecast> out) throws Exception {
        ctx.timerService().registerEventTimeTimer(forecasts.book(state, r));
    }

    @Override
    public void processBroadcastElement(TemperatureReading t, Context ctx, Collector<Forecast> out) throws Exception {
        TemperatureHistory.record(ctx.getBroadcastState(TEMPERATURES), t, TEMPERATURE_HOURS);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Forecast> out) throws Exception {
        TemperatureHistory region = ctx.getBroadcastState(TEMPERATURES).get(meterRegions.getOrDefault(ctx.getCurrentKey(), defaultRegion));
        if (forecasts.issue(state, ctx.getCurrentKey(), timestamp, region == null ? null : region::at, out,
                e -> ctx.output(ForecastFunction.ERRORS, e), p -> ctx.output(ForecastFunction.DAY_PROFILES, p))) {
            issued.inc();
        }
    }
}
