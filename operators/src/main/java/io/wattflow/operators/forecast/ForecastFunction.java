package io.wattflow.operators.forecast;

import io.wattflow.record.DayProfile;
import io.wattflow.record.Forecast;
import io.wattflow.record.ForecastError;
import io.wattflow.record.IntervalReading;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.time.Duration;

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

    private final MidnightForecasts forecasts;
    private final Duration stateTtl;
    private transient ValueState<ForecastState> state;
    private transient Counter issued;

    public ForecastFunction(ForecastSettings settings, Duration stateTtl) {
        this.forecasts = new MidnightForecasts(settings);
        this.stateTtl = stateTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(MidnightForecasts.stateDescriptor(stateTtl));
        issued = getRuntimeContext().getMetricGroup().addGroup("wattflow").counter("forecasts_issued");
    }

    @Override
    public void processElement(IntervalReading r, Context ctx, Collector<Forecast> out) throws Exception {
        ctx.timerService().registerEventTimeTimer(forecasts.book(state, r));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Forecast> out) throws Exception {
        if (forecasts.issue(state, ctx.getCurrentKey(), timestamp, null, out, e -> ctx.output(ERRORS, e), p -> ctx.output(DAY_PROFILES, p))) {
            issued.inc();
        }
    }
}
