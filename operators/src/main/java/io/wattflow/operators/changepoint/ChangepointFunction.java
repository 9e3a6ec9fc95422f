package io.wattflow.operators.changepoint;

import io.wattflow.record.LoadEvent;
import io.wattflow.record.MeterReading;
import org.apache.flink.api.common.functions.OpenContext;
import io.wattflow.operators.SilentMeterTtl;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;

/**
 * Runs a {@link ChangepointPipeline} per meter, keyed by meter id, on active power (and reactive
 * power for the signature where the meter sends it). State per meter: the detector's state (CUSUM
 * 84 bytes, edge 46, BOCPD at most about 1.9 KB) and the signature ring (about 560 bytes), both
 * expiring after {@code stateTtl} without readings.
 *
 * <p>Readings arriving out of time order (allowed up to the out-of-orderness) are skipped by the
 * detector, since a changepoint statistic cannot be rewound; they are counted in
 * {@code wattflow.changepoint.out_of_order_skipped}, and stay in every other output.
 */
public final class ChangepointFunction<S> extends KeyedProcessFunction<String, MeterReading, LoadEvent> {
    private static final long serialVersionUID = 1L;

    private final ChangepointPipeline<S> pipeline;
    private final Duration stateTtl;
    /** Detector and signature state of a meter in one value: one state access (and TTL check) per reading. */
    private transient ValueState<Tuple2<S, SignatureState>> state;
    private transient Counter outOfOrder;
    private transient Counter refusedCandidates;
    private transient Counter events;
    private transient int[] refused;

    public ChangepointFunction(ChangepointPipeline<S> pipeline, Duration stateTtl) {
        this.pipeline = pipeline;
        this.stateTtl = stateTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        ChangeDetector<S> detector = pipeline.detector();
        ValueStateDescriptor<Tuple2<S, SignatureState>> descriptor = new ValueStateDescriptor<>(detector.name() + "-changepoints",
                new TupleTypeInfo<>(TypeInformation.of(detector.stateClass()), TypeInformation.of(SignatureState.class)));
        descriptor.enableTimeToLive(SilentMeterTtl.of(stateTtl));
        state = getRuntimeContext().getState(descriptor);
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("wattflow").addGroup("changepoint");
        outOfOrder = group.counter("out_of_order_skipped");
        refusedCandidates = group.counter("candidates_below_min_step");
        events = group.counter("events");
        refused = new int[1];
    }

    @Override
    public void processElement(MeterReading r, Context ctx, Collector<LoadEvent> out) throws Exception {
        Tuple2<S, SignatureState> meter = state.value();
        if (meter == null) {
            meter = Tuple2.of(pipeline.detector().newState(), new SignatureState());
        } else if (r.timestampMs <= meter.f1.newestTime()) {
            outOfOrder.inc();
            return;
        }
        refused[0] = 0;
        LoadEvent event = pipeline.process(meter.f0, meter.f1, r.meterId, r.timestampMs, r.activePowerW,
                r.reactivePowerVar, refused);
        refusedCandidates.inc(refused[0]);
        state.update(meter);
        if (event != null) {
            events.inc();
            out.collect(event);
        }
    }
}
