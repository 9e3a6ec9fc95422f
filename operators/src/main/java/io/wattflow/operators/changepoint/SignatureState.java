package io.wattflow.operators.changepoint;

import io.wattflow.record.DecimalDigits;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Per-meter state of {@link EventSignatures}: a ring of the last {@link #CAPACITY} samples (time
 * offset, P, Q as floats) and the change waiting for its settle window. Serialized by
 * {@link SignatureStateSerializer}: about 60 bytes for a full ring of active power in tenths of a watt at
 * whole-second steps, 150 when the powers are not a meter's decimals (210 jittered).
 * Every reading the meter operator accepts in time order is added, so its times also judge duplicates and lateness.
 */
@TypeInfo(SignatureStateSerializer.Factory.class)
public class SignatureState {
    public static final int CAPACITY = 32;

    public long[] times = new long[CAPACITY];
    public float[] active = new float[CAPACITY];
    /**
     * Each active power's fewest decimal places (0-3: whole watts to milliwatts, as the meter reported
     * it), or -1 when it is no such decimal; found once, when the sample is added, so the serializer can
     * write the ring by its digits without checking every sample at every write (see {@link SignatureStateSerializer}).
     */
    public byte[] places = new byte[CAPACITY];
    /** NaN where the meter sent no reactive power. */
    public float[] reactive = new float[CAPACITY];
    public int next;
    public int size;

    /** Start of the last change described, so the level before the next one is not measured across it. */
    public long lastChangeMs = Long.MIN_VALUE;
    public boolean pending;
    public long pendingChangeMs;
    /** When the detector reported the pending change: the new level is measured after this. */
    public long pendingDetectedMs;
    public double pendingScore;
    public double pendingBeforeP;
    /** NaN when unknown. */
    public double pendingBeforeQ;

    public SignatureState() {}

    void add(long t, double p, Double q) {
        times[next] = t;
        active[next] = (float) p;
        places[next] = (byte) DecimalDigits.places(active[next], 0);
        reactive[next] = q == null ? Float.NaN : q.floatValue();
        next = (next + 1) % CAPACITY;
        size = Math.min(size + 1, CAPACITY);
    }

    /** Ring index of the i-th oldest sample held. */
    int at(int i) {
        return (next - size + i + CAPACITY) % CAPACITY;
    }

    /** Time of the newest sample, {@code Long.MIN_VALUE} before the first. */
    public long newestTime() {
        return size == 0 ? Long.MIN_VALUE : times[at(size - 1)];
    }

    /** Whether a sample at {@code t} is held: the ring is in time order, so the scan stops at the first older one. */
    public boolean holds(long t) {
        for (int i = size - 1; i >= 0; i--) {
            long held = times[at(i)];
            if (held <= t) {
                return held == t;
            }
        }
        return false;
    }

    /**
     * The meter's cadence: the (lower) median step between the samples held, or -1 while fewer than
     * {@code minSteps} steps are held. A median, so a gap or a burst of retries does not move it; the
     * lower one, so that of two steps the gap is not taken for the cadence.
     */
    public long medianStepMs(int minSteps) {
        int steps = size - 1;
        if (steps < Math.max(1, minSteps)) {
            return -1;
        }
        long[] d = new long[steps];
        for (int i = 0; i < steps; i++) {
            d[i] = times[at(i + 1)] - times[at(i)];
        }
        java.util.Arrays.sort(d);
        return d[(steps - 1) / 2];
    }

    /** Time of the oldest sample held, {@code Long.MIN_VALUE} before the first. */
    public long oldestTime() {
        return size == 0 ? Long.MIN_VALUE : times[at(0)];
    }
}
