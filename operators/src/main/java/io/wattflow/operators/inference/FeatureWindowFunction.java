package io.wattflow.operators.inference;

import io.wattflow.operators.SilentMeterTtl;
import io.wattflow.record.IntervalReading;
import io.wattflow.record.TemperatureReading;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts each meter's interval energy into the windows its models read, joined with the outdoor
 * temperature of the meter's weather region (a broadcast stream), normalised as each model's
 * manifest says.
 *
 * <p>One energy ring per meter serves every model (the longest window and an hour):
 * 2.8 KB per meter for the 7-day heat-pump detection and the 1-day disaggregation together.
 * Windows end at multiples of the model's stride counted from the epoch (for a 1-day stride: UTC
 * midnight). The energy of a window is taken when its last slot closes and kept until the
 * watermark passes its end (an event-time timer), so the temperatures up to the end have arrived
 * by then (the watermark is the slower of both inputs); only while the watermark lags does a
 * meter hold such pending windows.
 *
 * <p>A window with more than {@value #MAX_MISSING_ENERGY} of its energy slots missing, or more than
 * {@value #MAX_MISSING_TEMPERATURE} of its temperatures, is skipped and counted; smaller holes carry
 * the previous value forward.
 */
public final class FeatureWindowFunction extends KeyedBroadcastProcessFunction<String, IntervalReading, TemperatureReading, ModelWindow> {
    private static final long serialVersionUID = 1L;
    static final double MAX_MISSING_ENERGY = 0.05;
    static final double MAX_MISSING_TEMPERATURE = 0.25;
    /** Slots beyond the longest window, so a window is still whole when the next slot has begun. */
    private static final int SLACK_SLOTS = 4;
    static final int WEATHER_AHEAD_HOURS = 31 * 24;

    public static final MapStateDescriptor<String, TemperatureHistory> TEMPERATURES =
            new MapStateDescriptor<>("region-temperatures", Types.STRING, TypeInformation.of(TemperatureHistory.class));

    private final List<WindowPlan> plans;
    private final Map<String, String> meterRegions;
    private final String defaultRegion;
    private final Duration stateTtl;
    private final long periodMs;
    private final int capacity;
    private final int temperatureHours;

    private transient ValueState<MeterSeries> series;
    /** Window end (ms) -> the energy of the longest window ending there, until the watermark passes it. */
    private transient MapState<Long, float[]> pending;
    private transient Counter windows;
    private transient Counter late;
    private transient Counter skippedMissingEnergy;
    private transient Counter skippedNoTemperature;

    public FeatureWindowFunction(List<WindowPlan> plans, Map<String, String> meterRegions, String defaultRegion,
            Duration stateTtl) {
        if (plans.isEmpty()) {
            throw new IllegalArgumentException("Give at least one model to cut windows for.");
        }
        this.plans = List.copyOf(plans);
        this.meterRegions = new HashMap<>(meterRegions);
        this.defaultRegion = defaultRegion;
        this.stateTtl = stateTtl;
        this.periodMs = plans.get(0).periodMs;
        int longest = 0;
        for (WindowPlan p : plans) {
            if (p.periodMs != periodMs) {
                throw new IllegalArgumentException("Models " + plans.get(0).model + " and " + p.model
                        + " use different sample periods; run them in separate window operators.");
            }
            longest = Math.max(longest, p.length);
        }
        this.capacity = longest + SLACK_SLOTS;
        // A month beyond the longest window, so weather that runs ahead of the meters (a replay reads a
        // weather file long before the readings are through) is still there when a window is cut.
        // Per region, not per meter: 3.6 KB each.
        this.temperatureHours = (int) Math.ceil(capacity * (double) periodMs / TemperatureHistory.HOUR_MS) + WEATHER_AHEAD_HOURS;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<MeterSeries> descriptor = new ValueStateDescriptor<>("model-input-series", MeterSeries.class);
        descriptor.enableTimeToLive(SilentMeterTtl.of(stateTtl));
        series = getRuntimeContext().getState(descriptor);
        MapStateDescriptor<Long, float[]> pendingDescriptor = new MapStateDescriptor<>("model-pending-windows",
                Types.LONG, TypeInformation.of(float[].class));
        pendingDescriptor.enableTimeToLive(SilentMeterTtl.of(stateTtl));
        pending = getRuntimeContext().getMapState(pendingDescriptor);
        var metrics = getRuntimeContext().getMetricGroup();
        windows = metrics.counter("modelWindows");
        late = metrics.counter("lateIntervals");
        skippedMissingEnergy = metrics.counter("windowsSkippedMissingEnergy");
        skippedNoTemperature = metrics.counter("windowsSkippedNoTemperature");
    }

    @Override
    public void processElement(IntervalReading r, ReadOnlyContext ctx, Collector<ModelWindow> out) throws Exception {
        MeterSeries s = series.value();
        if (s == null) {
            s = new MeterSeries(capacity);
        }
        long closed = s.add(r.startMs, r.endMs, r.energyKwh, periodMs);
        if (closed == MeterSeries.LATE) {
            late.inc();
            return;
        }
        if (closed != MeterSeries.NONE) {
            long end = closed + 1;
            int longest = 0;
            for (WindowPlan p : plans) {
                if (end % p.stride == 0) {
                    longest = Math.max(longest, p.length);
                }
            }
            int available = s.available(end, longest);
            if (longest > 0 && available > 0) {
                float[] energy = new float[available];
                s.copy(end, available, periodMs, energy);
                pending.put(end * periodMs, energy);
                ctx.timerService().registerEventTimeTimer(end * periodMs);
            }
        }
        series.update(s);
    }

    @Override
    public void processBroadcastElement(TemperatureReading t, Context ctx, Collector<ModelWindow> out) throws Exception {
        TemperatureHistory.record(ctx.getBroadcastState(TEMPERATURES), t, temperatureHours);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ModelWindow> out) throws Exception {
        float[] all = pending.get(timestamp);
        if (all == null) {
            return;
        }
        pending.remove(timestamp);
        long endSlot = timestamp / periodMs;
        for (WindowPlan p : plans) {
            if (endSlot % p.stride != 0 || all.length < p.length) {
                continue; // not this model's end, or the meter is younger than its window
            }
            float[] energy = java.util.Arrays.copyOfRange(all, all.length - p.length, all.length);
            if (!fillHoles(energy, MAX_MISSING_ENERGY)) {
                skippedMissingEnergy.inc();
                continue;
            }
            long startMs = timestamp - p.length * periodMs;
            float[] temperature = p.needsTemperature() ? temperatures(ctx, startMs, p.length) : null;
            if (p.needsTemperature() && temperature == null) {
                skippedNoTemperature.inc();
                continue;
            }
            ModelWindow window = new ModelWindow(ctx.getCurrentKey(), p.model, startMs, timestamp, normalise(p, energy, temperature));
            window.cutMs = ctx.timerService().currentWatermark();
            out.collect(window);
            windows.inc();
        }
    }

    private float[] temperatures(OnTimerContext ctx, long startMs, int length) throws Exception {
        ReadOnlyBroadcastState<String, TemperatureHistory> state = ctx.getBroadcastState(TEMPERATURES);
        TemperatureHistory h = state.get(meterRegions.getOrDefault(ctx.getCurrentKey(), defaultRegion));
        if (h == null) {
            return null;
        }
        float[] t = new float[length];
        for (int i = 0; i < length; i++) {
            t[i] = h.at(startMs + i * periodMs);
        }
        return fillHoles(t, MAX_MISSING_TEMPERATURE) ? t : null;
    }

    private static float[] normalise(WindowPlan p, float[] energy, float[] temperature) {
        float[] values = new float[p.valuesPerWindow()];
        for (int f = 0; f < p.features.size(); f++) {
            var spec = p.features.get(f);
            float[] source = spec.name.equals(WindowPlan.ENERGY) ? energy : temperature;
            for (int i = 0; i < p.length; i++) {
                values[f * p.length + i] = spec.normalise(source[i]);
            }
        }
        return values;
    }

    /** Carries the previous value into NaN holes (the next one at the start); false if too many. */
    public static boolean fillHoles(float[] v, double maxMissingShare) {
        int missing = 0;
        int firstValid = -1;
        for (int i = 0; i < v.length; i++) {
            if (Float.isNaN(v[i])) {
                missing++;
            } else if (firstValid < 0) {
                firstValid = i;
            }
        }
        if (firstValid < 0 || missing > maxMissingShare * v.length) {
            return false;
        }
        float last = v[firstValid];
        for (int i = 0; i < v.length; i++) {
            if (Float.isNaN(v[i])) {
                v[i] = last;
            } else {
                last = v[i];
            }
        }
        return true;
    }
}
