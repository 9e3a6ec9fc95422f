package io.wattflow.operators.nilm;

import io.wattflow.operators.SilentMeterTtl;
import io.wattflow.operators.inference.ModelResult;
import io.wattflow.record.ApplianceActivation;
import io.wattflow.record.ApplianceEnergyDaily;
import io.wattflow.record.ApplianceEstimates;
import io.wattflow.record.ApplianceMinute;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.time.Duration;
import java.time.ZoneId;

/**
 * From the NILM model's results (with the windows they read) to what a household sees: appliance
 * activations (main output), each local day's energy per appliance and "other" ({@link #DAILY}), and,
 * when asked, every minute's split ({@link #MINUTES}).
 *
 * <p>Minutes the meter did not send are not booked (the model read them as the minute before). The split never gives an appliance more than the meter measured, and appliances plus "other"
 * add up to the measurement ({@link ApplianceSplit}). A day is written when the meter's first minute
 * of the next day arrives, or, for a meter that went silent, when the watermark passes the time its
 * last window would have come (an event-time timer), which also closes its open activations.
 * State: {@link NilmState}, 269 bytes per meter for four appliances.
 */
public final class NilmFunction extends KeyedProcessFunction<String, ModelResult, ApplianceActivation> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<ApplianceEnergyDaily> DAILY =
            new OutputTag<>("appliance-energy-daily", TypeInformation.of(ApplianceEnergyDaily.class));
    public static final OutputTag<ApplianceMinute> MINUTES =
            new OutputTag<>("appliance-minutes", TypeInformation.of(ApplianceMinute.class));
    /** Each result's newly estimated minutes in one record, for the appliance recognition (when asked). */
    public static final OutputTag<ApplianceEstimates> ESTIMATES =
            new OutputTag<>("appliance-estimates", TypeInformation.of(ApplianceEstimates.class));

    private final NilmModelSpec spec;
    private final ZoneId zone;
    private final boolean minutes;
    private final boolean estimates;
    private final Duration stateTtl;

    private transient ValueState<NilmState> state;
    private transient ApplianceLedger ledger;
    private transient float[] measured;
    private transient Counter results;
    private transient Counter refused;

    public NilmFunction(NilmModelSpec spec, ZoneId zone, boolean minutes, Duration stateTtl) {
        this(spec, zone, minutes, false, stateTtl);
    }

    /** {@code estimates}: also write each result's new minutes to {@link #ESTIMATES}. */
    public NilmFunction(NilmModelSpec spec, ZoneId zone, boolean minutes, boolean estimates, Duration stateTtl) {
        this.spec = spec;
        this.zone = zone;
        this.minutes = minutes;
        this.estimates = estimates;
        this.stateTtl = stateTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<NilmState> d = new ValueStateDescriptor<>("nilm-books", NilmState.class);
        d.enableTimeToLive(SilentMeterTtl.of(stateTtl));
        state = getRuntimeContext().getState(d);
        ledger = new ApplianceLedger(spec, zone);
        measured = new float[spec.estimates];
        results = getRuntimeContext().getMetricGroup().counter("nilmResults");
        refused = getRuntimeContext().getMetricGroup().counter("nilmResultsRefused");
    }

    @Override
    public void processElement(ModelResult r, Context ctx, Collector<ApplianceActivation> out) throws Exception {
        int a = spec.applianceCount();
        int steps = spec.estimates;
        if (r.input == null || r.input.length != spec.window || r.values.length != 2 * a * steps) {
            refused.inc(); // a result of another model, or without its window: nothing to split
            return;
        }
        results.inc();
        NilmState s = state.value();
        if (s == null) {
            s = new NilmState(a);
        }
        for (int t = 0; t < steps; t++) {
            measured[t] = spec.watts(r.input[spec.offset + t]);
        }
        long dayBefore = s.dayStartMs;
        long firstMinuteMs = r.startMs + spec.offset * spec.periodMs;
        NewlyEstimated fresh = estimates ? new NewlyEstimated(a, steps) : null;
        ledger.window(r.meterId, s, firstMinuteMs, measured, r.values, r.modelVersion, new Books(out, ctx),
                minutes || estimates ? (minuteMs, watts, probability, otherW) -> {
                    if (minutes) {
                        writeMinute(ctx, r.meterId, minuteMs, watts, probability, otherW, r.modelVersion);
                    }
                    if (fresh != null) {
                        fresh.add((int) ((minuteMs - firstMinuteMs) / spec.periodMs), watts);
                    }
                } : null);
        if (fresh != null && !fresh.isEmpty()) {
            ctx.output(ESTIMATES, fresh.record(r.meterId, firstMinuteMs, spec, r.modelVersion));
        }
        // A window's minutes cross one local midnight at most: a day they opened needs its silence timer.
        if (s.dayStartMs != dayBefore && s.dayOpen()) {
            ctx.timerService().registerEventTimeTimer(silentAfter(s.dayEndMs));
        }
        state.update(s);
    }

    /** When the watermark passes this, every window estimating minutes of a day ending at {@code dayEndMs} has come. */
    private long silentAfter(long dayEndMs) {
        return dayEndMs + spec.estimateLagMs() + spec.stride * spec.periodMs;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ApplianceActivation> out) throws Exception {
        NilmState s = state.value();
        if (s != null && s.dayOpen() && silentAfter(s.dayEndMs) == timestamp) {
            ledger.closeAll(ctx.getCurrentKey(), s, new Books(out, ctx));
            state.update(s);
        }
    }

    private void writeMinute(Context ctx, String meterId, long minuteMs, float[] watts, float[] probability, float otherW,
            String modelVersion) {
        for (int i = 0; i <= spec.applianceCount(); i++) {
            boolean isOther = i == spec.applianceCount();
            ApplianceMinute m = new ApplianceMinute();
            m.meterId = meterId;
            m.startMs = minuteMs;
            m.appliance = isOther ? ApplianceEnergyDaily.OTHER : spec.applianceName(i);
            m.watts = isOther ? otherW : watts[i];
            m.probability = isOther ? 0 : probability[i];
            m.model = spec.model;
            m.modelVersion = modelVersion;
            ctx.output(MINUTES, m);
        }
    }

    /** Closed activations to the main output, days to {@link #DAILY}. */
    private static final class Books implements ApplianceLedger.Books {
        private final Collector<ApplianceActivation> out;
        private final Context ctx;

        Books(Collector<ApplianceActivation> out, Context ctx) {
            this.out = out;
            this.ctx = ctx;
        }

        @Override
        public void activation(ApplianceActivation a) {
            out.collect(a);
        }

        @Override
        public void day(ApplianceEnergyDaily d) {
            ctx.output(DAILY, d);
        }
    }
}
