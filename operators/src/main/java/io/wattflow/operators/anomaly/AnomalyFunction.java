package io.wattflow.operators.anomaly;

import io.wattflow.operators.SilentMeterTtl;
import io.wattflow.record.Anomaly;
import io.wattflow.record.DailyBaseline;
import io.wattflow.record.IntervalReading;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The Flink shell of {@link AnomalyDetector}: one {@link MeterBaseline} per meter in keyed state
 * (one read and one write per interval record; at most 5.9 KB per meter), anomalies as output, the
 * daily baselines on a side output, and one event-time timer per meter so silence is reported as
 * missing data while it lasts, not only when data comes back.
 *
 * <p>The timer is lazy: it is set once per missing-data period, not moved with every record; when it
 * fires early (data came meanwhile) it is set again from the newest data.
 */
public final class AnomalyFunction extends KeyedProcessFunction<String, IntervalReading, Anomaly> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<DailyBaseline> DAILY_BASELINES =
            new OutputTag<>("daily-baselines", TypeInformation.of(DailyBaseline.class));

    private final AnomalySettings settings;
    private transient AnomalyDetector detector;
    private transient ValueState<MeterBaseline> state;
    private transient Counter anomalies;

    public AnomalyFunction(AnomalySettings settings) {
        this.settings = settings.validate();
    }

    @Override
    public void open(OpenContext openContext) {
        detector = new AnomalyDetector(settings);
        ValueStateDescriptor<MeterBaseline> descriptor = new ValueStateDescriptor<>("meter-baseline", MeterBaseline.class);
        descriptor.enableTimeToLive(SilentMeterTtl.of(settings.stateTtl));
        state = getRuntimeContext().getState(descriptor);
        anomalies = getRuntimeContext().getMetricGroup().counter("anomalies");
    }

    @Override
    public void processElement(IntervalReading r, Context ctx, Collector<Anomaly> out) throws Exception {
        MeterBaseline b = state.value();
        if (b == null) {
            b = new MeterBaseline();
        }
        detector.onInterval(ctx.getCurrentKey(), b, r, new Emitter(ctx, out));
        if (b.missingTimerMs == 0 && b.lastEndMs != Long.MIN_VALUE) {
            b.missingTimerMs = b.lastEndMs + detector.missingAfterMs();
            ctx.timerService().registerEventTimeTimer(b.missingTimerMs);
        }
        state.update(b);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Anomaly> out) throws Exception {
        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
            return; // the end of a bounded input (a replay), not a silent meter: no need to read every meter's baseline
        }
        MeterBaseline b = state.value();
        if (b == null || timestamp != b.missingTimerMs) {
            return;
        }
        detector.onSilence(ctx.getCurrentKey(), b, timestamp, new Emitter(ctx, out));
        long due = b.lastEndMs + detector.missingAfterMs();
        if (due > timestamp) {
            b.missingTimerMs = due;
            ctx.timerService().registerEventTimeTimer(due);
        } else {
            b.missingTimerMs = 0; // reported; the next record sets a new one
        }
        state.update(b);
    }

    private final class Emitter implements AnomalyDetector.Output {
        private final Context ctx;
        private final Collector<Anomaly> out;

        Emitter(Context ctx, Collector<Anomaly> out) {
            this.ctx = ctx;
            this.out = out;
        }

        @Override
        public void anomaly(Anomaly anomaly) {
            anomalies.inc();
            out.collect(anomaly);
        }

        @Override
        public void dailyBaseline(DailyBaseline baseline) {
            ctx.output(DAILY_BASELINES, baseline);
        }
    }
}
