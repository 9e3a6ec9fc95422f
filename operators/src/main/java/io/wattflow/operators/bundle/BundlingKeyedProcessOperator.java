package io.wattflow.operators.bundle;

import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A keyed process operator that collects records into a bundle and hands them to its function key by
 * key, so that a function implementing {@link KeyBatches} reads and writes a key's state once per
 * bundle instead of once per record. On RocksDB every state access is a native get or put of the
 * serialized value: with 100,000 meters at 1 Hz they were two thirds of the per-reading operator's
 * time (JFR, README "Scale"), and a bundle holding k readings of each meter divides them by k.
 *
 * <p>A bundle is processed when it holds {@code maxRecords}, when {@code maxWait} (processing time)
 * has passed since its first record, before every checkpoint barrier (so a checkpoint holds every
 * record it acknowledged in keyed state, and nothing in the bundle), when the input goes idle, and at
 * the end of the input. Watermarks are held back while a bundle is open and passed on after it, so no
 * output is behind the watermark downstream and timers fire after the records before them; a record
 * is still judged late against the watermark the operator had received when it arrived
 * ({@link KeyBatches#arrivedAfter}). Per key, records keep their order; keys are taken in the order
 * they first arrived in the bundle. The cost: outputs wait up to {@code maxWait} longer, and the
 * bundle's records are held on the heap (about 250 bytes per 1 Hz reading). A bundle of at least
 * {@value #MIN_JUDGED} records (or a full one) with fewer than {@value #MIN_READINGS_PER_KEY} records per
 * key saves nothing (a task with more keys than a bundle gathers): {@value #PASS_THROUGH_BUNDLES} times
 * as many records as that bundle held then run one at a time, twice that after a second such bundle in a
 * row, and so on.
 *
 * <p>The input must not reuse record objects (Flink's network input creates each record anew; this
 * operator sits behind a keyBy).
 */
public final class BundlingKeyedProcessOperator<K, IN, OUT> extends KeyedProcessOperator<K, IN, OUT> {
    private static final long serialVersionUID = 1L;

    /** Below this many readings per key a full bundle does not pay (measured: 1.7x the rate at 4 per key, 0.7x at under 1). */
    static final double MIN_READINGS_PER_KEY = 1.5;
    /** A bundle is judged from this many records (or a full one): fewer say little about the keys' share. */
    static final int MIN_JUDGED = 1_000;
    /** Times the records of a bundle that did not pay that then run one at a time (doubled for each such bundle in a row). */
    static final int PASS_THROUGH_BUNDLES = 10;
    /** At most this many doublings: a task whose bundles never pay still tries a bundle after 2^10 x 10 times its size in records. */
    static final int MAX_DOUBLINGS = 10;

    private final int maxRecords;
    private final long maxWaitMs;

    private transient Map<Object, List<Arrival<IN>>> bundle;
    private transient int size;
    private transient long bundleNumber;
    private transient Watermark held;
    private transient long receivedWatermark;
    private transient KeyBatches batches;
    private transient Counter bundles;
    /** Records still to run one at a time, after a bundle that held too few readings per key to pay. */
    private transient long passThrough;
    /** Bundles in a row that held too few readings per key to pay, at most {@link #MAX_DOUBLINGS}. */
    private transient int unpaidInARow;

    private record Arrival<T>(StreamRecord<T> record, long watermark) {}

    public <F extends KeyedProcessFunction<K, IN, OUT> & KeyBatches> BundlingKeyedProcessOperator(
            F function, int maxRecords, Duration maxWait) {
        super(function);
        if (maxRecords < 1 || maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("A bundle needs at least 1 record and a positive wait, was " + maxRecords
                    + " and " + maxWait + ".");
        }
        this.maxRecords = maxRecords;
        this.maxWaitMs = maxWait.toMillis();
    }

    @Override
    public void open() throws Exception {
        super.open();
        bundle = new LinkedHashMap<>();
        receivedWatermark = Long.MIN_VALUE;
        batches = (KeyBatches) userFunction;
        batches.startBatching();
        bundles = getMetricGroup().addGroup("wattflow").counter("bundles");
    }

    @Override
    public void processElement(StreamRecord<IN> element) throws Exception {
        if (passThrough > 0 && size == 0) {
            passThrough--;
            batches.arrivedAfter(receivedWatermark);
            super.processElement(element);
            batches.endOfKey();
            return;
        }
        // A copy of the wrapper only: the network input hands each record in a wrapper of its own, but
        // the wrapper's timestamp is what outputs and timers are stamped with later.
        StreamRecord<IN> record = element.hasTimestamp()
                ? new StreamRecord<>(element.getValue(), element.getTimestamp()) : new StreamRecord<>(element.getValue());
        bundle.computeIfAbsent(getCurrentKey(), k -> new ArrayList<>(4)).add(new Arrival<>(record, receivedWatermark));
        if (++size == 1) {
            long number = ++bundleNumber;
            getProcessingTimeService().registerTimer(getProcessingTimeService().getCurrentProcessingTime() + maxWaitMs, t -> {
                if (number == bundleNumber) {
                    processBundle();
                }
            });
        }
        if (size >= maxRecords) {
            processBundle();
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        receivedWatermark = Math.max(receivedWatermark, mark.getTimestamp());
        if (size == 0) {
            super.processWatermark(mark);
        } else if (mark.getTimestamp() == Long.MAX_VALUE) {
            // The end of the input: the bundle, then the last watermark held for it, then the end. Passing
            // the end on alone would skip event time downstream that would have passed before it (an alert
            // episode whose quiet period ended in the bundle's time closes then; at the end it stays open).
            processBundle();
            super.processWatermark(mark);
        } else {
            held = mark;
        }
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) throws Exception {
        if (status.isIdle()) {
            processBundle();
        }
        super.processWatermarkStatus(status);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        processBundle();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        processBundle();
        super.finish();
    }

    /** Runs the bundle's records through the function key by key, then passes on the watermark held back meanwhile. */
    private void processBundle() throws Exception {
        if (size > 0) {
            bundleNumber++; // its wait timer, if still pending, no longer applies
            boolean judged = size >= Math.min(maxRecords, MIN_JUDGED);
            if (judged && size < MIN_READINGS_PER_KEY * bundle.size()) {
                // Hardly a second reading per key (more meters per task than a bundle gathers before it is
                // full, its wait is up or a checkpoint comes): it saved no state access and cost heap and
                // latency, so the next records run one at a time, and a bundle tries again after them
                // (the meters or the rate may change). Ten times this bundle's size, doubled for each
                // bundle in a row that did not pay: the first bundles after a start are cut short by the
                // first checkpoints (3,756 readings of as many meters, measured at 100,000 meters), and ten
                // full bundles' worth of readings one at a time after such a one was two thirds of a
                // benchmark run; a task with more meters than any bundle gathers tries ever more rarely.
                passThrough = (PASS_THROUGH_BUNDLES * (long) size) << unpaidInARow;
                unpaidInARow = Math.min(unpaidInARow + 1, MAX_DOUBLINGS);
            } else if (judged) {
                unpaidInARow = 0;
            }
            for (Map.Entry<Object, List<Arrival<IN>>> key : bundle.entrySet()) {
                setCurrentKey(key.getKey());
                for (Arrival<IN> a : key.getValue()) {
                    batches.arrivedAfter(a.watermark());
                    super.processElement(a.record());
                }
                batches.endOfKey();
            }
            bundle.clear();
            size = 0;
            bundles.inc();
        }
        if (held != null) {
            Watermark w = held;
            held = null;
            super.processWatermark(w);
        }
    }
}
