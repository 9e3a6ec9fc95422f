package io.wattflow.operators.recognition;

import io.wattflow.operators.SilentMeterTtl;
import io.wattflow.operators.heatpump.DetectionGate;
import io.wattflow.operators.ingest.DeadLetters;
import io.wattflow.record.ApplianceLabel;
import io.wattflow.record.ApplianceRun;
import io.wattflow.record.DeadLetterReason;
import io.wattflow.record.DeviceHealthAlert;
import io.wattflow.record.NewDevice;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import javax.annotation.Nullable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Per meter: names each appliance run from the household's labels, else (when given) from the global
 * appliance classifier, and reports recurring unknown loads ({@link RunRecognizer}); takes the household's labels on the second input. A label applies at its
 * own time: it waits (list state, an event-time timer) until the watermark, the slower of runs and
 * labels, passes it, or until a run that began after it comes (one watermark step can carry both), so
 * the run it names has arrived and a replay gives the same result as the live stream. A label naming a run or device the meter does not hold goes to the dead letters
 * ({@link DeadLetterReason#UNKNOWN_REFERENCE}). Cycling devices are watched for worse behaviour
 * ({@link DeviceHealth}, {@link #DEVICE_HEALTH}). With NILM, the second input also carries the model's
 * estimates of the meter's minutes, and a run is named from them ({@link NilmRunNaming}) once they can
 * have come: runs and labels wait that long (about 2.5 h of event time) before they are taken. State:
 * one {@link RecognitionState} (about 3 KB per meter with runs), the labels not yet due, with NILM its
 * {@link NilmEvidence} (a few hundred bytes, at most 2.4 KB), the runs waiting for it and the estimates
 * not yet passed by the watermark (none to one window's while the branches keep pace).
 */
public final class RecognitionFunction extends KeyedCoProcessFunction<String, ApplianceRun, RecognitionInput, ApplianceRun> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<NewDevice> NEW_DEVICES = new OutputTag<>("new-devices", TypeInformation.of(NewDevice.class));
    public static final OutputTag<DeviceHealthAlert> DEVICE_HEALTH = new OutputTag<>("device-health", TypeInformation.of(DeviceHealthAlert.class));

    /** Runs of the same event time: by start, then power, then status, so the order never depends on arrival. */
    static final Comparator<ApplianceRun> RUN_ORDER = Comparator.comparingLong((ApplianceRun r) -> r.startMs)
            .thenComparingDouble(r -> r.meanPowerW).thenComparing(r -> r.status);

    private final Duration stateTtl;
    /** The global classifier's settings; null: runs are named from the household's labels alone. */
    @Nullable private final ClassifierSettings classifierSettings;
    /** The meters' local zone: the hour of day the classifier reads. */
    private final ZoneId zone;
    /** Names runs from the NILM estimates on the second input; null without NILM. */
    @Nullable private final NilmRunNaming nilm;
    /** How long after its own time a run or label waits: until the estimates of its minutes have come (0 without NILM). */
    private final long waitMs;
    private transient ApplianceClassifier classifier;
    private transient ValueState<NilmEvidence> evidence;
    /** NILM estimates and heat-pump detections by their event time, until the watermark passes it. */
    private transient MapState<Long, List<RecognitionInput>> heldEstimates;
    /** The meter's last heat-pump detections' verdicts, 1 for a heat pump (at most {@value DetectionGate#WINDOWS}). */
    private transient ValueState<float[]> heatPumpVerdicts;
    private transient ValueState<RecognitionState> state;
    private transient ListState<ApplianceLabel> pending;
    /** Runs by their event time, until the watermark passes it. */
    private transient MapState<Long, List<ApplianceRun>> heldRuns;
    private transient DeadLetters deadLetters;
    private transient Counter named;
    private transient Counter namedByModel;
    private transient Counter unknown;
    private transient Counter labels;
    private transient Counter newDevices;
    private transient Counter healthAlerts;

    public RecognitionFunction(Duration stateTtl) {
        this(stateTtl, null, ZoneOffset.UTC);
    }

    public RecognitionFunction(Duration stateTtl, @Nullable ClassifierSettings classifier, ZoneId zone) {
        this(stateTtl, classifier, zone, null);
    }

    /**
     * {@code nilm}: runs whose minutes the NILM model estimated are named from its estimates (the
     * classifier names the others), each once its estimates can have come; null: no NILM.
     */
    public RecognitionFunction(Duration stateTtl, @Nullable ClassifierSettings classifier, ZoneId zone, @Nullable NilmRunNaming nilm) {
        this.stateTtl = stateTtl;
        this.classifierSettings = classifier;
        this.zone = zone;
        this.nilm = nilm;
        this.waitMs = nilm == null ? 0 : nilm.waitMs();
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<RecognitionState> descriptor = new ValueStateDescriptor<>("appliance-library", RecognitionState.class);
        descriptor.enableTimeToLive(SilentMeterTtl.of(stateTtl));
        state = getRuntimeContext().getState(descriptor);
        ListStateDescriptor<ApplianceLabel> pendingDescriptor = new ListStateDescriptor<>("labels-not-yet-due", ApplianceLabel.class);
        pendingDescriptor.enableTimeToLive(SilentMeterTtl.of(stateTtl));
        pending = getRuntimeContext().getListState(pendingDescriptor);
        MapStateDescriptor<Long, List<ApplianceRun>> heldDescriptor = new MapStateDescriptor<>("runs-until-watermark", Types.LONG,
                Types.LIST(TypeInformation.of(ApplianceRun.class)));
        heldDescriptor.enableTimeToLive(SilentMeterTtl.of(stateTtl));
        heldRuns = getRuntimeContext().getMapState(heldDescriptor);
        ValueStateDescriptor<NilmEvidence> evidenceDescriptor = new ValueStateDescriptor<>("nilm-evidence", NilmEvidence.class);
        evidenceDescriptor.enableTimeToLive(SilentMeterTtl.of(stateTtl));
        evidence = getRuntimeContext().getState(evidenceDescriptor);
        MapStateDescriptor<Long, List<RecognitionInput>> heldEstimatesDescriptor = new MapStateDescriptor<>("estimates-until-watermark",
                Types.LONG, Types.LIST(TypeInformation.of(RecognitionInput.class)));
        heldEstimatesDescriptor.enableTimeToLive(SilentMeterTtl.of(stateTtl));
        heldEstimates = getRuntimeContext().getMapState(heldEstimatesDescriptor);
        ValueStateDescriptor<float[]> heatPumpDescriptor = new ValueStateDescriptor<>("heat-pump-verdicts",
                PrimitiveArrayTypeInfo.FLOAT_PRIMITIVE_ARRAY_TYPE_INFO);
        heatPumpDescriptor.enableTimeToLive(SilentMeterTtl.of(stateTtl));
        heatPumpVerdicts = getRuntimeContext().getState(heatPumpDescriptor);
        deadLetters = new DeadLetters(getRuntimeContext());
        var metrics = getRuntimeContext().getMetricGroup().addGroup("wattflow");
        named = metrics.counter("runs_named");
        namedByModel = metrics.counter("runs_named_by_model");
        unknown = metrics.counter("runs_unknown");
        labels = metrics.counter("labels_applied");
        newDevices = metrics.counter("new_devices");
        healthAlerts = metrics.counter("device_health_alerts");
        classifier = classifierSettings == null ? null : classifierSettings.open(zone);
    }

    @Override
    public void processElement1(ApplianceRun run, Context ctx, Collector<ApplianceRun> out) throws Exception {
        // Held until the watermark passes the run's time, then taken in event-time order: the pairing
        // emits matched and timed-out runs in an order that can differ from one replay to the next, and
        // the clusters (and the device numbers a household labels) depend on the order runs come in.
        long time = ctx.timestamp() != null ? ctx.timestamp() : run.endMs != null ? run.endMs : run.startMs;
        if (nilm != null) {
            time = Math.max(time, nilm.readyAtMs(run.startMs));
        }
        hold(heldRuns, time, run, ctx);
    }

    /** Keeps {@code item} under {@code time} until an event-time timer there takes it. */
    private static <T> void hold(MapState<Long, List<T>> held, long time, T item, Context ctx) throws Exception {
        List<T> at = held.get(time);
        if (at == null) {
            at = new ArrayList<>();
        }
        at.add(item);
        held.put(time, at);
        ctx.timerService().registerEventTimeTimer(time);
    }

    /** Recognises the held runs of {@code time}, in a fixed order, each after the labels given before it began. */
    private void recognise(long time, OnTimerContext ctx, Collector<ApplianceRun> out) throws Exception {
        List<ApplianceRun> runs = heldRuns.get(time);
        if (runs == null) {
            return;
        }
        heldRuns.remove(time);
        runs.sort(RUN_ORDER);
        NilmEvidence e = nilm == null || heatPumpHome() ? null : evidence.value();
        for (ApplianceRun run : runs) {
            applyDue(run.startMs, ctx);
            RecognitionState s = current();
            NewDevice found = RunRecognizer.recognise(s, run, namer(e));
            List<DeviceHealthAlert> health = DeviceHealth.observe(s, run);
            state.update(s);
            for (DeviceHealthAlert a : health) {
                ctx.output(DEVICE_HEALTH, a);
                healthAlerts.inc();
            }
            (ApplianceRun.UNKNOWN.equals(run.appliance) ? unknown : named).inc();
            if (run.recognisedBy != null && !ApplianceRun.FROM_HOME.equals(run.recognisedBy)) {
                namedByModel.inc();
            }
            out.collect(run);
            if (found != null) {
                ctx.output(NEW_DEVICES, found);
                newDevices.inc();
            }
        }
    }

    /** The NILM estimates where they cover the run, else the classifier (either may be absent; no NILM in a heat-pump home). */
    @Nullable
    private RunClassifier namer(@Nullable NilmEvidence e) {
        if (nilm == null || e == null) {
            return classifier;
        }
        return run -> nilm.covers(e, run) ? nilm.name(e, run) : classifier == null ? null : classifier.name(run);
    }

    @Override
    public void processElement2(RecognitionInput in, Context ctx, Collector<ApplianceRun> out) throws Exception {
        if (in.estimates != null || in.heatPump != null) {
            if (nilm == null) {
                return;
            }
            // Taken when the watermark passes them, in event-time order, so that what a run is named from
            // does not depend on how far the NILM or heat-pump branch runs ahead of the runs (a replay's would).
            long time = ctx.timestamp() != null ? ctx.timestamp() : in.estimates != null ? in.estimates.firstMinuteMs : in.heatPump.windowEndMs;
            if (time <= ctx.timerService().currentWatermark()) {
                take(List.of(in));
                return;
            }
            hold(heldEstimates, time, in, ctx);
            return;
        }
        ApplianceLabel label = in.label;
        // A label names a run that ended before it was given; with NILM that run is named only once its
        // estimates have come, so the label waits as long (else the meter would not hold the run yet).
        if (label.timestampMs + waitMs <= ctx.timerService().currentWatermark()) {
            apply(label, ctx);
            return;
        }
        pending.add(label);
        ctx.timerService().registerEventTimeTimer(label.timestampMs + waitMs);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ApplianceRun> out) throws Exception {
        takeEstimates(timestamp);
        recognise(timestamp, ctx, out);
        applyDue(timestamp - waitMs, ctx);
    }

    /** Takes the held estimates and detections of {@code time} and before, oldest first. */
    private void takeEstimates(long time) throws Exception {
        if (nilm == null || heldEstimates.isEmpty()) {
            return;
        }
        List<Long> due = new ArrayList<>();
        for (Long t : heldEstimates.keys()) {
            if (t <= time) {
                due.add(t);
            }
        }
        due.sort(null);
        for (Long t : due) {
            take(heldEstimates.get(t));
            heldEstimates.remove(t);
        }
    }

    /** Estimates to the meter's evidence; a detection to its recent heat-pump verdicts. */
    private void take(List<RecognitionInput> inputs) throws Exception {
        NilmEvidence e = null;
        for (RecognitionInput in : inputs) {
            if (in.estimates != null) {
                if (e == null) {
                    e = evidence.value();
                    e = e == null ? new NilmEvidence() : e;
                }
                nilm.add(e, in.estimates);
            } else if (in.heatPump != null) {
                heatPumpVerdicts.update(DetectionGate.withNewest(heatPumpVerdicts.value(), in.heatPump.heatPump ? 1 : 0));
            }
        }
        if (e != null) {
            evidence.update(e);
        }
    }

    /**
     * Whether the meter has a heat pump, as the heat-pump stage judges it (most of its last week's
     * detections say so): the NILM model has never seen such a home, and takes a heat pump's cycles for
     * a dishwasher's heating.
     */
    private boolean heatPumpHome() throws Exception {
        float[] last = heatPumpVerdicts.value();
        return last != null && last.length > 0 && DetectionGate.median(last) >= 0.5f;
    }

    /** Applies the pending labels given at or before {@code time}, oldest first. */
    private void applyDue(long time, Context ctx) throws Exception {
        List<ApplianceLabel> due = new ArrayList<>();
        List<ApplianceLabel> later = new ArrayList<>();
        for (ApplianceLabel l : pending.get()) {
            (l.timestampMs <= time ? due : later).add(l);
        }
        if (due.isEmpty()) {
            return;
        }
        due.sort((a, b) -> Long.compare(a.timestampMs, b.timestampMs));
        for (ApplianceLabel l : due) {
            apply(l, ctx);
        }
        pending.update(later);
    }

    private void apply(ApplianceLabel label, Context ctx) throws Exception {
        RecognitionState s = current();
        if (RunRecognizer.label(s, label)) {
            state.update(s);
            labels.inc();
        } else {
            ctx.output(DeadLetters.TAG, deadLetters.refuse(DeadLetterReason.UNKNOWN_REFERENCE,
                    "the meter holds no such " + (label.runStartMs != null ? "run (only its last " + RecognitionState.RECENT + ")" : "device")
                            + ", or has " + RecognitionState.NAMES + " names already",
                    "labels", label.toString().getBytes(StandardCharsets.UTF_8), label.meterId));
        }
    }

    @Override
    public void close() throws Exception {
        if (classifier != null) {
            classifier.close();
        }
        super.close();
    }

    private RecognitionState current() throws Exception {
        RecognitionState s = state.value();
        return s == null ? new RecognitionState() : s;
    }
}
