package io.wattflow.operators.meter;

import io.wattflow.record.DeadLetterReason;
import io.wattflow.ingest.ValidationConfig;
import io.wattflow.operators.SilentMeterTtl;
import io.wattflow.operators.bundle.KeyBatches;
import io.wattflow.operators.changepoint.ChangeDetector;
import io.wattflow.operators.changepoint.ChangepointPipeline;
import io.wattflow.operators.changepoint.SignatureState;
import io.wattflow.operators.ingest.DeadLetters;
import io.wattflow.operators.interval.IntervalAccumulator;
import io.wattflow.record.GapRecord;
import io.wattflow.record.IntervalReading;
import io.wattflow.record.LoadEvent;
import io.wattflow.record.MeterReading;
import io.wattflow.record.PowerSample;
import io.wattflow.record.SourcedReading;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import javax.annotation.Nullable;
import java.time.Duration;
import java.util.Arrays;

/**
 * Everything done per 1 Hz reading of a meter, in one operator with one state value per meter:
 * duplicates and late readings to the dead letters, gaps, 1-min intervals (the main output) and load
 * events from the changepoint detector with their signatures. They were four operators, each with its
 * own state and its own time-to-live check on every reading; the per-reading state accesses, not the
 * work, were most of the pipeline's cost (see the README's benchmarks).
 *
 * <ul>
 *   <li>A reading behind the meter's newest one by more than the out-of-orderness, or behind the
 *   watermark, is {@code LATE}; a timestamp the meter already sent is {@code DUPLICATE_TIMESTAMP}. Both
 *   go to {@link DeadLetters#TAG} with their original bytes.</li>
 *   <li>A silence longer than the gap threshold is a candidate gap until the watermark passes its end
 *   (an out-of-order reading inside it splits or closes it), then a {@link GapRecord} on {@link #GAPS}.</li>
 *   <li>Each 1-min interval with readings is emitted once no reading can reach it any more: when the
 *   meter's newest reading is past its end by the out-of-orderness, or else when the watermark passes
 *   its end (a meter that fell silent).</li>
 *   <li>Readings out of time order (inside the out-of-orderness) are skipped by the detector, which
 *   cannot be rewound, and counted in {@code wattflow.changepoint.out_of_order_skipped}.</li>
 * </ul>
 *
 * <p>State per meter: {@link MeterStreamState} (about 30 bytes, 55 with two open minutes) with the
 * detector's state (edge about 40, CUSUM about 65 and 105 while it holds a change, BOCPD at most about
 * 1.9 KB) and the signature ring (about 60 bytes for a meter reporting tenths of a watt, 150 for powers
 * that are no meter's decimals), one value that expires after {@code stateTtl} without readings: about
 * 160 bytes for a 1 Hz meter in tenths, read and written with every reading on RocksDB, so its size is
 * most of what a reading costs there (README "Scale").
 */
public final class MeterStreamFunction<S> extends KeyedProcessFunction<String, SourcedReading, IntervalReading>
        implements KeyBatches {
    private static final long serialVersionUID = 1L;
    public static final String ACCEPTED_ACCUMULATOR = "readings.accepted";
    public static final OutputTag<GapRecord> GAPS = new OutputTag<>("gaps", TypeInformation.of(GapRecord.class));
    public static final OutputTag<LoadEvent> EVENTS = new OutputTag<>("load-events", TypeInformation.of(LoadEvent.class));
    /** Every accepted reading's active power, when {@link #withPowerSamples()} asked for them. */
    public static final OutputTag<PowerSample> POWER_SAMPLES = new OutputTag<>("power-samples", TypeInformation.of(PowerSample.class));

    /** A silence is a gap when longer than the gap threshold and than this many of the meter's own steps. */
    static final int GAP_STEPS = 3;
    /** Steps between held readings before a meter's cadence is known; until then --sample-period stands in. */
    static final int CADENCE_MIN_STEPS = 2;
    private static final long[] NONE = new long[0];
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MeterStreamFunction.class);

    private final long outOfOrdernessMs;
    private final long gapThresholdMs;
    private final long intervalMs;
    private final long samplePeriodMs;
    private final ChangepointPipeline<S> changepoints;
    private final Duration stateTtl;
    private boolean powerSamples;

    private transient ValueState<Tuple3<MeterStreamState, S, SignatureState>> state;
    private transient DeadLetters deadLetters;
    private transient Counter accepted;
    private transient LongCounter acceptedAccumulator;
    private transient Counter outOfOrderSkipped;
    private transient Counter refusedCandidates;
    private transient Counter events;
    private transient int[] refused;
    private transient Counter offSamplePeriod;
    private transient boolean offSamplePeriodLogged;
    /** Set by a bundling operator: the current key's value is held from its first reading in a bundle to {@link #endOfKey()}. */
    private transient boolean batching;
    /** The current key's value as changed by its readings so far in the bundle; null: none changed it yet. */
    private transient Tuple3<MeterStreamState, S, SignatureState> held;
    private transient long arrivedAfter = Long.MIN_VALUE;

    public MeterStreamFunction(ValidationConfig validation, Duration gapThreshold, Duration interval, Duration samplePeriod,
                               ChangepointPipeline<S> changepoints, Duration stateTtl) {
        if (!positive(gapThreshold) || !positive(interval) || !positive(samplePeriod)) {
            throw new IllegalArgumentException("The gap threshold, interval length and sample period must be positive, were "
                    + gapThreshold + ", " + interval + " and " + samplePeriod + ".");
        }
        this.outOfOrdernessMs = validation.outOfOrdernessMs();
        this.gapThresholdMs = gapThreshold.toMillis();
        this.intervalMs = interval.toMillis();
        this.samplePeriodMs = samplePeriod.toMillis();
        this.changepoints = changepoints;
        this.stateTtl = stateTtl;
    }

    /** Also emits each accepted reading to {@link #POWER_SAMPLES} (after the duplicate and lateness checks). */
    public MeterStreamFunction<S> withPowerSamples() {
        this.powerSamples = true;
        return this;
    }

    private static boolean positive(Duration d) {
        return !d.isZero() && !d.isNegative();
    }

    @Override
    public void open(OpenContext openContext) {
        ChangeDetector<S> detector = changepoints.detector();
        ValueStateDescriptor<Tuple3<MeterStreamState, S, SignatureState>> descriptor = new ValueStateDescriptor<>(
                "meter-" + detector.name(), new TupleTypeInfo<>(TypeInformation.of(MeterStreamState.class),
                TypeInformation.of(detector.stateClass()), TypeInformation.of(SignatureState.class)));
        descriptor.enableTimeToLive(SilentMeterTtl.of(stateTtl));
        state = getRuntimeContext().getState(descriptor);
        deadLetters = new DeadLetters(getRuntimeContext());
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("wattflow");
        accepted = group.counter("readings_accepted");
        acceptedAccumulator = new LongCounter();
        getRuntimeContext().addAccumulator(ACCEPTED_ACCUMULATOR, acceptedAccumulator);
        MetricGroup changepoint = group.addGroup("changepoint");
        outOfOrderSkipped = changepoint.counter("out_of_order_skipped");
        refusedCandidates = changepoint.counter("candidates_below_min_step");
        events = changepoint.counter("events");
        refused = new int[1];
        offSamplePeriod = group.counter("intervals_off_sample_period");
    }

    @Override
    public void processElement(SourcedReading in, Context ctx, Collector<IntervalReading> out) throws Exception {
        MeterReading r = in.reading;
        long t = r.timestampMs;
        Tuple3<MeterStreamState, S, SignatureState> meter = held != null ? held : state.value();
        if (meter == null) {
            meter = Tuple3.of(new MeterStreamState(), changepoints.detector().newState(), new SignatureState());
        }
        MeterStreamState m = meter.f0;
        // Every reading accepted in time order is in the signature ring (the detector is fed exactly
        // those), so its newest time is the meter's newest reading and its times are most of what a
        // duplicate can repeat; the readings accepted out of order are kept apart.
        long newest = meter.f2.newestTime();
        boolean first = newest == Long.MIN_VALUE;
        if (t <= Math.max(arrivedAfter, ctx.timerService().currentWatermark()) || (!first && t < newest - outOfOrdernessMs)) {
            refuse(ctx, in, DeadLetterReason.LATE, "behind the meter's newest reading or the watermark by more than "
                    + outOfOrdernessMs + " ms");
            return;
        }
        if (t <= newest && (meter.f2.holds(t) || OutOfOrderTimes.contains(m.outOfOrder, t))) {
            refuse(ctx, in, DeadLetterReason.DUPLICATE_TIMESTAMP, "the meter already sent this timestamp");
            return;
        }
        accepted.inc();
        acceptedAccumulator.add(1L);
        if (powerSamples) {
            ctx.output(POWER_SAMPLES, new PowerSample(r.meterId, t, r.activePowerW));
        }

        if (!first && t > newest && t - newest > gapThresholdMs) {
            // Judged against the meter's own cadence too: a meter sending every minute is not silent
            // between its readings, whatever --gap-threshold says for 1 Hz meters.
            if (t - newest > gapThreshold(cadence(meter.f2))) {
                m.gaps = GapCandidates.append(m.gaps, newest, t);
                ctx.timerService().registerEventTimeTimer(t);
            }
        } else if (!first && t < newest) {
            m.gaps = GapCandidates.split(m.gaps, t, gapThreshold(cadence(meter.f2)));
        }
        if (t < newest) {
            m.outOfOrder = OutOfOrderTimes.add(m.outOfOrder, t, newest, outOfOrdernessMs);
        } else if (m.outOfOrder.length > 0) {
            m.outOfOrder = OutOfOrderTimes.prune(m.outOfOrder, t, outOfOrdernessMs);
        }

        closeCompleteIntervals(meter, Math.max(newest, t), ctx, out);
        addToInterval(m, t, r.activePowerW, ctx);
        LoadEvent event = detect(meter, r);
        if (batching) {
            held = meter;
        } else {
            state.update(meter);
        }
        emit(event, ctx);
    }

    private void emit(@Nullable LoadEvent event, Context ctx) {
        if (event != null) {
            events.inc();
            ctx.output(EVENTS, event);
        }
    }

    @Override
    public void startBatching() {
        batching = true;
    }

    @Override
    public void arrivedAfter(long watermark) {
        arrivedAfter = watermark;
    }

    @Override
    public void endOfKey() throws Exception {
        if (held != null) {
            state.update(held);
        }
        held = null;
        arrivedAfter = Long.MIN_VALUE;
    }

    /**
     * Emits the open intervals no reading can still reach: once the meter's newest reading is past an
     * interval's end by the out-of-orderness, every later reading of that interval is refused as late,
     * so it is complete. Closing it here, in the reading's own state access, instead of at its timer
     * spreads a fleet's minute closes over the readings that show them (at the timer every meter's
     * minute closed in the one step the watermark passed it, one block of work ahead of any checkpoint
     * barrier) and does not wait for the slowest input's watermark. The timer is deleted; it stays the
     * close of a meter that falls silent.
     */
    private void closeCompleteIntervals(Tuple3<MeterStreamState, S, SignatureState> meter, long newest, Context ctx,
                                        Collector<IntervalReading> out) {
        MeterStreamState m = meter.f0;
        long lastStart = newest - outOfOrdernessMs - intervalMs;
        if (!anyStartsBy(m.openStarts, lastStart)) {
            return; // nearly every reading: the cadence below sorts the ring's steps, worked out only when a minute closes
        }
        for (long start : emitIntervals(m, lastStart, ctx.getCurrentKey(), cadence(meter.f2), out)) {
            long timer = start + intervalMs - 1;
            // A gap ending by then is emitted by the next timer at or after its end (one split by a
            // reading out of order has no timer of its own): such a timer stays.
            if (!GapCandidates.anyEndingBy(m.gaps, timer)) {
                ctx.timerService().deleteEventTimeTimer(timer);
            }
        }
    }

    private static boolean anyStartsBy(long[] starts, long lastStart) {
        for (long start : starts) {
            if (start <= lastStart) {
                return true;
            }
        }
        return false;
    }

    /**
     * Emits, in time order, the open intervals starting at or before {@code lastStart} and drops them
     * from {@code m}; returns their starts.
     */
    private long[] emitIntervals(MeterStreamState m, long lastStart, String key, long cadence, Collector<IntervalReading> out) {
        if (!anyStartsBy(m.openStarts, lastStart)) {
            return NONE;
        }
        long[] due = Arrays.stream(m.openStarts).filter(start -> start <= lastStart).sorted().toArray();
        for (long start : due) {
            int i = indexOf(m.openStarts, start);
            out.collect(m.open[i].toRecord(key, start, intervalMs, samplePeriod(key, cadence)));
        }
        int keep = 0;
        for (int i = 0; i < m.openStarts.length; i++) {
            if (m.openStarts[i] > lastStart) {
                m.openStarts[keep] = m.openStarts[i];
                m.open[keep++] = m.open[i];
            }
        }
        m.openStarts = Arrays.copyOf(m.openStarts, keep);
        m.open = Arrays.copyOf(m.open, keep);
        return due;
    }

    private static int indexOf(long[] values, long value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        throw new IllegalStateException("no open interval starts at " + value);
    }

    private void addToInterval(MeterStreamState m, long t, double activeW, Context ctx) {
        long start = t - Math.floorMod(t, intervalMs);
        for (int i = 0; i < m.openStarts.length; i++) {
            if (m.openStarts[i] == start) {
                m.open[i].add(activeW);
                return;
            }
        }
        IntervalAccumulator acc = new IntervalAccumulator();
        acc.add(activeW);
        m.openStarts = Arrays.copyOf(m.openStarts, m.openStarts.length + 1);
        m.openStarts[m.openStarts.length - 1] = start;
        m.open = Arrays.copyOf(m.open, m.open.length + 1);
        m.open[m.open.length - 1] = acc;
        ctx.timerService().registerEventTimeTimer(start + intervalMs - 1);
    }

    private LoadEvent detect(Tuple3<MeterStreamState, S, SignatureState> meter, MeterReading r) {
        if (!changepoints.inOrder(meter.f2, r.timestampMs)) {
            outOfOrderSkipped.inc();
            return null;
        }
        refused[0] = 0;
        LoadEvent event = changepoints.process(meter.f1, meter.f2, r.meterId, r.timestampMs, r.activePowerW, r.reactivePowerVar, refused);
        refusedCandidates.inc(refused[0]);
        return event;
    }

    /** Emits the intervals and gaps the watermark has passed (an interval's timer is at its last millisecond, a gap's at its end). */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<IntervalReading> out) throws Exception {
        Tuple3<MeterStreamState, S, SignatureState> meter = state.value();
        if (meter == null) {
            return;
        }
        MeterStreamState m = meter.f0;
        String key = ctx.getCurrentKey();
        // The timer fires only for intervals or gaps it closes: the meter's cadence judges them all.
        long cadence = cadence(meter.f2);
        boolean changed = emitIntervals(m, timestamp + 1 - intervalMs, key, cadence, out).length > 0;
        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE && meter.f2.pending) {
            // The end of a bounded input (a replay, a drained stop): no reading will close the settle
            // window of a change in the meter's last seconds, so it is measured from the samples there
            // are, as `wattflow detect` does at the end of a file. Every meter with readings has a
            // minute open, so its timer fires here. Before, such a last switching was lost.
            refused[0] = 0;
            LoadEvent last = changepoints.flush(meter.f2, key, refused);
            refusedCandidates.inc(refused[0]);
            emit(last, ctx);
            changed = true;
        }
        long[] pending = new long[0];
        for (int i = 0; i < m.gaps.length; i += 2) {
            if (m.gaps[i + 1] <= timestamp) {
                // Judged again with what the meter has shown of its cadence since: the first steps of a
                // meter that sends every minute looked like gaps against --sample-period.
                if (m.gaps[i + 1] - m.gaps[i] > gapThreshold(cadence)) {
                    ctx.output(GAPS, new GapRecord(key, m.gaps[i], m.gaps[i + 1]));
                }
            } else {
                pending = GapCandidates.append(pending, m.gaps[i], m.gaps[i + 1]);
            }
        }
        changed |= pending.length < m.gaps.length;
        m.gaps = pending;
        if (changed) {
            state.update(meter);
        }
    }

    /** The meter's own cadence: the median step of its last readings, -1 until it has shown {@link #CADENCE_MIN_STEPS}. */
    private static long cadence(SignatureState ring) {
        return ring.medianStepMs(CADENCE_MIN_STEPS);
    }

    /**
     * The shortest silence that is a gap for this meter: the gap threshold, or {@link #GAP_STEPS} of
     * the meter's own steps when longer; until its cadence is known, --sample-period stands in for them.
     */
    private long gapThreshold(long cadence) {
        return Math.max(gapThresholdMs, GAP_STEPS * (cadence > 0 ? cadence : samplePeriodMs));
    }

    /**
     * The period an interval's coverage is measured in: the meter's own cadence, --sample-period until
     * that is known (fewer than three readings held). A cadence far from --sample-period is counted,
     * and said once per task in the log.
     */
    private long samplePeriod(String meterId, long cadence) {
        if (cadence <= 0) {
            return samplePeriodMs;
        }
        if (cadence > 2 * samplePeriodMs || 2 * cadence < samplePeriodMs) {
            offSamplePeriod.inc();
            if (!offSamplePeriodLogged) {
                offSamplePeriodLogged = true;
                LOG.warn("Meter {} sends a reading every {} ms, not every {} ms (--sample-period): its intervals' coverage is "
                        + "measured in its own cadence, and so is every such meter's (metric intervals_off_sample_period).",
                        meterId, cadence, samplePeriodMs);
            }
        }
        return cadence;
    }

    private void refuse(Context ctx, SourcedReading in, DeadLetterReason reason, String detail) {
        ctx.output(DeadLetters.TAG, deadLetters.refuse(reason, detail, in.origin, in.raw, in.reading.meterId));
    }
}
