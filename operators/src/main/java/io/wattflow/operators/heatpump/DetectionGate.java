package io.wattflow.operators.heatpump;

import io.wattflow.operators.inference.ModelResult;
import io.wattflow.record.HeatPumpEnergy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Gates a meter's heat-pump energy by the detection of the same window: the disaggregation estimates
 * a heat pump's energy on every meter (it cannot tell a heat pump from other large loads), so where
 * the detection says the meter has none, the energy is 0. Each interval keeps the raw estimate and
 * the detection's probability beside the gated value.
 *
 * <p>Both results of a window are cut at the same instant and reach this operator before the
 * watermark passes the window's end; whichever comes first waits in state, and an event-time timer at
 * the window's end drops a result whose partner never came (counted). State: while the watermark lags,
 * at most a window's estimates (96 floats) or a probability per meter; none once it has passed.
 */
public final class DetectionGate extends KeyedCoProcessFunction<String, ModelResult, ModelResult, HeatPumpEnergy> {
    private static final long serialVersionUID = 1L;

    private final double threshold;
    private final long periodMs;

    /** Window end -> the disaggregation's result waiting for its detection. */
    private transient MapState<Long, ModelResult> estimates;
    /** Window end -> the detection's probability waiting for its estimates. */
    private transient MapState<Long, Float> detections;
    private transient Counter unmatched;

    public DetectionGate(double threshold, long periodMs) {
        this.threshold = threshold;
        this.periodMs = periodMs;
    }

    @Override
    public void open(OpenContext openContext) {
        estimates = getRuntimeContext().getMapState(new MapStateDescriptor<>("gate-estimates", Types.LONG,
                TypeInformation.of(ModelResult.class)));
        detections = getRuntimeContext().getMapState(new MapStateDescriptor<>("gate-detections", Types.LONG, Types.FLOAT));
        unmatched = getRuntimeContext().getMetricGroup().counter("heatPumpResultsWithoutPartner");
    }

    /** A detection result: one probability. */
    @Override
    public void processElement1(ModelResult detection, Context ctx, Collector<HeatPumpEnergy> out) throws Exception {
        ModelResult waiting = estimates.get(detection.endMs);
        if (waiting != null) {
            estimates.remove(detection.endMs);
            ctx.timerService().deleteEventTimeTimer(detection.endMs);
            emit(waiting, detection.values[0], out);
        } else {
            detections.put(detection.endMs, detection.values[0]);
            ctx.timerService().registerEventTimeTimer(detection.endMs);
        }
    }

    /** A disaggregation result: the energy of the window's last intervals. */
    @Override
    public void processElement2(ModelResult estimate, Context ctx, Collector<HeatPumpEnergy> out) throws Exception {
        Float probability = detections.get(estimate.endMs);
        if (probability != null) {
            detections.remove(estimate.endMs);
            ctx.timerService().deleteEventTimeTimer(estimate.endMs);
            emit(estimate, probability, out);
        } else {
            estimates.put(estimate.endMs, estimate);
            ctx.timerService().registerEventTimeTimer(estimate.endMs);
        }
    }

    private void emit(ModelResult r, float probability, Collector<HeatPumpEnergy> out) {
        boolean heatPump = probability >= threshold;
        // The estimates are of the window's last intervals (a model may read more history than it estimates).
        for (int i = 0; i < r.values.length; i++) {
            long start = r.endMs - (r.values.length - i) * periodMs;
            out.collect(new HeatPumpEnergy(r.meterId, start, start + periodMs, r.values[i], probability, heatPump, r.model,
                    r.modelVersion));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<HeatPumpEnergy> out) throws Exception {
        if (estimates.contains(timestamp)) {
            estimates.remove(timestamp);
            unmatched.inc();
        }
        if (detections.contains(timestamp)) {
            detections.remove(timestamp);
            unmatched.inc();
        }
    }
}
