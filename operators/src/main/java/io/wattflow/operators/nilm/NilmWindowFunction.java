package io.wattflow.operators.nilm;

import io.wattflow.operators.SilentMeterTtl;
import io.wattflow.operators.inference.FeatureWindowFunction;
import io.wattflow.operators.inference.MeterSeries;
import io.wattflow.operators.inference.ModelWindow;
import io.wattflow.record.IntervalReading;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;

/**
 * Cuts each meter's 1-min intervals into the NILM model's windows: every {@code stride} minutes
 * (counted from the epoch, so all meters' windows end together) the last {@code window} minutes of
 * mean power, scaled as the manifest says, as soon as the window's last minute closes.
 *
 * <p>State: one ring of the window and 4 minutes of energy per meter, {@code 4 * (window + 4) + 50}
 * bytes (1.1 KB for the shipped 256-minute model). A window with more than
 * {@value #MAX_MISSING} of its minutes missing is skipped and counted; smaller holes carry the
 * previous minute forward.
 */
public final class NilmWindowFunction extends KeyedProcessFunction<String, IntervalReading, ModelWindow> {
    private static final long serialVersionUID = 1L;
    static final double MAX_MISSING = 0.05;
    private static final int SLACK = 4;

    private final NilmModelSpec spec;
    private final Duration stateTtl;

    private transient ValueState<MeterSeries> series;
    private transient float[] energy;
    private transient Counter windows;
    private transient Counter skipped;
    private transient Counter late;

    public NilmWindowFunction(NilmModelSpec spec, Duration stateTtl) {
        this.spec = spec;
        this.stateTtl = stateTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<MeterSeries> d = new ValueStateDescriptor<>("nilm-input-series", MeterSeries.class);
        d.enableTimeToLive(SilentMeterTtl.of(stateTtl));
        series = getRuntimeContext().getState(d);
        energy = new float[spec.window];
        var metrics = getRuntimeContext().getMetricGroup();
        windows = metrics.counter("nilmWindows");
        skipped = metrics.counter("nilmWindowsSkippedMissing");
        late = metrics.counter("nilmLateIntervals");
    }

    @Override
    public void processElement(IntervalReading r, Context ctx, Collector<ModelWindow> out) throws Exception {
        MeterSeries s = series.value();
        if (s == null) {
            s = new MeterSeries(spec.window + SLACK);
        }
        long before = s.closedThrough;
        long closed = s.add(r.startMs, r.endMs, r.energyKwh, spec.periodMs);
        if (closed == MeterSeries.LATE) {
            late.inc();
            return;
        }
        if (closed != MeterSeries.NONE) {
            // Every window end passed by this record, also those a jump over a hole left behind.
            long from = before == Long.MIN_VALUE ? closed + 1 : Math.max(before + 2, closed + 1 - SLACK);
            for (long end = from; end <= closed + 1; end++) {
                if (end % spec.stride == 0) {
                    cut(ctx.getCurrentKey(), s, end, out);
                }
            }
        }
        series.update(s);
    }

    private void cut(String meterId, MeterSeries s, long endSlot, Collector<ModelWindow> out) {
        if (!s.copy(endSlot, spec.window, spec.periodMs, energy)) {
            return; // the meter is younger than a window
        }
        double wattsPerKwh = 3_600_000_000.0 / spec.periodMs;
        // The estimated minutes as measured, holes NaN: the books skip minutes the meter did not send.
        float[] measured = new float[spec.window];
        for (int i = 0; i < measured.length; i++) {
            measured[i] = spec.scaled(energy[i] * wattsPerKwh);
        }
        float[] values = measured.clone();
        if (!FeatureWindowFunction.fillHoles(values, MAX_MISSING)) {
            skipped.inc();
            return;
        }
        long endMs = endSlot * spec.periodMs;
        ModelWindow w = new ModelWindow(meterId, spec.model, endMs - spec.window * spec.periodMs, endMs, values);
        w.context = measured;
        out.collect(w);
        windows.inc();
    }
}
