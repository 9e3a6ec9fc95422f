package io.wattflow.operators.changepoint;

import io.wattflow.record.LoadEvent;
import io.wattflow.record.MeterReading;
import org.apache.flink.api.common.functions.OpenContext;
import io.wattflow.operators.SilentMeterTtl;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
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
    private transient ValueState<S> detectorState;
    private transient ValueState<SignatureState> signatureState;
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
        StateTtlConfig ttl = SilentMeterTtl.of(stateTtl);
        ChangeDetector<S> detector = pipeline.detector();
        ValueStateDescriptor<S> detectorDescriptor = new ValueStateDescriptor<>(detector.name() + "-detector",
                TypeInformation.of(detector.stateClass()));
        detectorDescriptor.enableTimeToLive(ttl);
        ValueStateDescriptor<SignatureState> signatureDescriptor = new ValueStateDescriptor<>(detector.name() + "-signature",
                SignatureState.class);
        signatureDescriptor.enableTimeToLive(ttl);
        detectorState = getRuntimeContext().getState(detectorDescriptor);
        signatureState = getRuntimeContext().getState(signatureDescriptor);
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("wattflow").addGroup("changepoint");
        outOfOrder = group.counter("out_of_order_skipped");
        refusedCandidates = group.counter("candidates_below_min_step");
        events = group.counter("events");
        refused = new int[1];
    }

    @Override
    public void processElement(MeterReading r, Context ctx, Collector<LoadEvent> out) throws Exception {
        SignatureState signature = signatureState.value();
        if (signature == null) {
            signature = new SignatureState();
        } else if (r.timestampMs <= signature.newestTime()) {
            outOfOrder.inc();
            return;
        }
        S detector = detectorState.value();
        if (detector == null) {
            detector = pipeline.detector().newState();
        }
        refused[0] = 0;
        LoadEvent event = pipeline.process(detector, signature, r.meterId, r.timestampMs, r.activePowerW,
                r.reactivePowerVar, refused);
        refusedCandidates.inc(refused[0]);
        detectorState.update(detector);
        signatureState.update(signature);
        if (event != null) {
            events.inc();
            out.collect(event);
        }
    }
}
