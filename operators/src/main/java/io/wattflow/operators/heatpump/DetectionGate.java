package io.wattflow.operators.heatpump;

import io.wattflow.operators.inference.ModelResult;
import io.wattflow.record.HeatPumpEnergy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Gates a meter's heat-pump energy by its detection: the disaggregation estimates a heat pump's
 * energy on every meter (it cannot tell a heat pump from other large loads), so the energy reported
 * is the estimate passed through a {@link HeatPumpGate} ({@link HeatPumpGate#SHIPPED} in the stage:
 * 0 where the detection says the meter has none). The meter is judged as a whole, not day by day: by
 * the median probability of its last {@value #WINDOWS} detection windows up to and including the
 * estimate's own (a heat pump that hardly runs on a mild day is still there; one window's probability
 * swings with the weather). Each interval keeps the raw estimate and that median.
 *
 * <p>Both results of a window are cut at the same instant and reach this operator before the
 * watermark passes the watermark that cut them ({@link ModelResult#cutMs}: the window's end, or later
 * for a meter whose data came after the watermark had passed it, as in a meter-by-meter export);
 * whichever comes first waits in state, and an event-time timer then drops a result whose partner
 * never came (counted). (A timer at the window's end fired before the partner of such a late window
 * came, and its day was lost.) State: the last 7 probabilities (30 bytes) and, while the watermark
 * lags, a window's estimates (96 floats) or a median per meter, with when it may be dropped.
 */
public final class DetectionGate extends KeyedCoProcessFunction<String, ModelResult, ModelResult, HeatPumpEnergy> {
    private static final long serialVersionUID = 1L;
    /** Detection windows the median is taken over: a week of daily windows. */
    public static final int WINDOWS = 7;

    private final double threshold;
    private final long periodMs;
    private final HeatPumpGate gate;

    /** Window end -> the disaggregation's result waiting for its detection. */
    private transient MapState<Long, ModelResult> estimates;
    /** Window end -> the meter's median probability up to that window, waiting for its estimates. */
    private transient MapState<Long, Float> detections;
    /** The meter's last detection probabilities, newest last (at most {@value #WINDOWS}; 30 bytes). */
    private transient ValueState<float[]> recent;
    /** Window end -> when its waiting result is dropped, if later than the end (a window cut late). */
    private transient MapState<Long, Long> deadlines;
    private transient Counter unmatched;

    public DetectionGate(double threshold, long periodMs, HeatPumpGate gate) {
        this.threshold = threshold;
        this.periodMs = periodMs;
        this.gate = gate;
    }

    @Override
    public void open(OpenContext openContext) {
        estimates = getRuntimeContext().getMapState(new MapStateDescriptor<>("gate-estimates", Types.LONG,
                TypeInformation.of(ModelResult.class)));
        detections = getRuntimeContext().getMapState(new MapStateDescriptor<>("gate-detections", Types.LONG, Types.FLOAT));
        recent = getRuntimeContext().getState(new ValueStateDescriptor<>("gate-recent-probabilities",
                PrimitiveArrayTypeInfo.FLOAT_PRIMITIVE_ARRAY_TYPE_INFO));
        deadlines = getRuntimeContext().getMapState(new MapStateDescriptor<>("gate-deadlines", Types.LONG, Types.LONG));
        unmatched = getRuntimeContext().getMetricGroup().counter("heatPumpResultsWithoutPartner");
    }

    /** A detection result: one probability. */
    @Override
    public void processElement1(ModelResult detection, Context ctx, Collector<HeatPumpEnergy> out) throws Exception {
        float median = remember(detection.values[0]);
        ModelResult waiting = estimates.get(detection.endMs);
        if (waiting != null) {
            estimates.remove(detection.endMs);
            matched(detection.endMs, ctx);
            emit(waiting, median, out);
        } else {
            detections.put(detection.endMs, median);
            waitFor(detection, ctx);
        }
    }

    /** Adds a window's probability to the meter's recent ones; returns their median. */
    private float remember(float probability) throws Exception {
        float[] next = withNewest(recent.value(), probability);
        recent.update(next);
        return median(next);
    }

    /** The last {@value #WINDOWS} values, newest last, after {@code value} joins {@code last} (may be null). */
    public static float[] withNewest(float[] last, float value) {
        float[] next;
        if (last == null) {
            next = new float[] {value};
        } else if (last.length < WINDOWS) {
            next = Arrays.copyOf(last, last.length + 1);
            next[last.length] = value;
        } else {
            next = Arrays.copyOfRange(last, 1, WINDOWS + 1);
            next[WINDOWS - 1] = value;
        }
        return next;
    }

    /** The median of a meter's recent probabilities, as the gate judges it (the evaluation scores the same). */
    public static float median(float[] probabilities) {
        float[] sorted = probabilities.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** A disaggregation result: the energy of the window's last intervals. */
    @Override
    public void processElement2(ModelResult estimate, Context ctx, Collector<HeatPumpEnergy> out) throws Exception {
        Float probability = detections.get(estimate.endMs);
        if (probability != null) {
            detections.remove(estimate.endMs);
            matched(estimate.endMs, ctx);
            emit(estimate, probability, out);
        } else {
            estimates.put(estimate.endMs, estimate);
            waitFor(estimate, ctx);
        }
    }

    /** The waiting result's partner can still come until the watermark passes the one that cut the window. */
    private void waitFor(ModelResult r, Context ctx) throws Exception {
        long deadline = Math.max(r.endMs, r.cutMs);
        if (deadline > r.endMs) {
            deadlines.put(r.endMs, deadline);
        }
        ctx.timerService().registerEventTimeTimer(deadline);
    }

    private void matched(long endMs, Context ctx) throws Exception {
        Long deadline = deadlines.get(endMs);
        deadlines.remove(endMs);
        ctx.timerService().deleteEventTimeTimer(deadline == null ? endMs : deadline);
    }

    private void emit(ModelResult r, float medianProbability, Collector<HeatPumpEnergy> out) {
        // The estimates are of the window's last intervals (a model may read more history than it estimates).
        for (int i = 0; i < r.values.length; i++) {
            long start = r.endMs - (r.values.length - i) * periodMs;
            out.collect(new HeatPumpEnergy(r.meterId, start, start + periodMs, r.values[i], medianProbability,
                    gate.apply(r.values[i], medianProbability, threshold), r.model,
                    r.modelVersion));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<HeatPumpEnergy> out) throws Exception {
        // The waiting results whose deadline this is (a window cut late waits past its end).
        List<Long> due = new ArrayList<>();
        for (Long end : estimates.keys()) {
            due.add(end);
        }
        for (Long end : detections.keys()) {
            due.add(end);
        }
        for (Long end : due) {
            Long deadline = deadlines.get(end);
            if ((deadline == null ? end : deadline) != timestamp) {
                continue;
            }
            deadlines.remove(end);
            if (estimates.contains(end)) {
                estimates.remove(end);
                unmatched.inc();
            }
            if (detections.contains(end)) {
                detections.remove(end);
                unmatched.inc();
            }
        }
    }
}
