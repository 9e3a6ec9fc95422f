package io.wattflow.operators.inference;

import java.util.Arrays;

/**
 * A meter's recent energy on the models' sample grid (15 min): a ring of slots, newest last, that
 * interval records of any length add to. A slot whose records cover less than half of it is
 * missing (NaN); one covered more than half is scaled up to the whole slot. Slots are numbered
 * from the epoch ({@code startMs / periodMs}), so windows of every meter end at the same times.
 *
 * <p>State size: written by {@link MeterSeriesSerializer}, only the slots with data: a few dozen bytes for a
 * new meter, at most about {@code 4 * capacity + 40} bytes (2.75 KB for 7 days of 15-min slots and an
 * hour; a test measures it).
 */
@org.apache.flink.api.common.typeinfo.TypeInfo(MeterSeriesSerializer.Factory.class)
public class MeterSeries {
    /** {@link #add} closed no slot. */
    public static final long NONE = Long.MIN_VALUE;
    /** {@link #add} refused the record: its slot was closed already (late, or sent twice). */
    public static final long LATE = Long.MIN_VALUE + 1;

    public float[] energyKwh;
    /** Absolute index of the newest slot that has data; Long.MIN_VALUE before the first record. */
    public long newestSlot = Long.MIN_VALUE;
    public long firstSlot = Long.MIN_VALUE;
    /** Milliseconds of the newest slot covered by records so far. */
    public long newestCoveredMs;
    /** The newest slot already reported closed, so each slot is reported once. */
    public long closedThrough = Long.MIN_VALUE;

    public MeterSeries() {}

    public MeterSeries(int capacity) {
        this.energyKwh = new float[capacity];
    }

    /**
     * Adds {@code kwh} spread evenly over {@code [startMs, endMs)}; returns the newest slot this call
     * closed (complete, or left behind by a newer slot), {@link #NONE} if none, and {@link #LATE}
     * when the record belongs to a slot already closed.
     */
    public long add(long startMs, long endMs, double kwh, long periodMs) {
        if (endMs <= startMs) {
            return NONE;
        }
        long closed = NONE;
        double perMs = kwh / (endMs - startMs);
        for (long t = startMs; t < endMs; ) {
            long slot = Math.floorDiv(t, periodMs);
            long until = Math.min(endMs, (slot + 1) * periodMs);
            if (newestSlot != Long.MIN_VALUE && (slot < newestSlot || slot <= closedThrough)) {
                return LATE; // a slot already closed: a late or repeated record
            }
            if (slot > newestSlot) {
                if (newestSlot != Long.MIN_VALUE) {
                    closed = Math.max(closed, closeNewest(slot, periodMs));
                } else {
                    firstSlot = slot;
                }
                newestSlot = slot;
                newestCoveredMs = 0;
                energyKwh[ring(slot)] = 0;
            }
            energyKwh[ring(slot)] += (float) (perMs * (until - t));
            newestCoveredMs += until - t;
            t = until;
        }
        if (newestCoveredMs >= periodMs) {
            closed = newestSlot;
        }
        if (closed == NONE || closed <= closedThrough) {
            return NONE;
        }
        closedThrough = closed;
        return closed;
    }

    /** Finishes the newest slot because {@code next} starts; slots skipped in between are missing. */
    private long closeNewest(long next, long periodMs) {
        long closedSlot = newestSlot;
        if (newestCoveredMs < periodMs) {
            energyKwh[ring(newestSlot)] = newestCoveredMs * 2 < periodMs
                    ? Float.NaN
                    : (float) (energyKwh[ring(newestSlot)] * periodMs / (double) newestCoveredMs);
        }
        for (long s = newestSlot + 1; s < next && s <= newestSlot + energyKwh.length; s++) {
            energyKwh[ring(s)] = Float.NaN;
        }
        return closedSlot;
    }

    /** How many closed slots before {@code endSlot} the ring holds, at most {@code length}. */
    public int available(long endSlot, int length) {
        if (newestSlot == Long.MIN_VALUE) {
            return 0;
        }
        long oldestInRing = Math.max(firstSlot, newestSlot - energyKwh.length + 1);
        return (int) Math.max(0, Math.min(length, endSlot - oldestInRing));
    }

    /**
     * Copies slots {@code [endSlot - length, endSlot)} into {@code into}; false if they are not all
     * still in the ring (too young, or overwritten) or not yet closed.
     */
    public boolean copy(long endSlot, int length, long periodMs, float[] into) {
        long from = endSlot - length;
        boolean lastOpen = endSlot - 1 == newestSlot && newestCoveredMs < periodMs;
        if (newestSlot == Long.MIN_VALUE || from < firstSlot || endSlot - 1 > newestSlot || lastOpen
                || newestSlot - from >= energyKwh.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            into[i] = energyKwh[ring(from + i)];
        }
        return true;
    }

    private int ring(long slot) {
        return (int) Math.floorMod(slot, (long) energyKwh.length);
    }

    @Override
    public String toString() {
        return "MeterSeries{newest=" + newestSlot + ", first=" + firstSlot + ", covered=" + newestCoveredMs + ", "
                + Arrays.toString(Arrays.copyOf(energyKwh, Math.min(8, energyKwh.length))) + "...}";
    }
}
