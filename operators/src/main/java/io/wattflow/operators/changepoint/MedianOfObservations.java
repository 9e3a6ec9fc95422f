package io.wattflow.operators.changepoint;

import io.wattflow.record.DecimalDigits;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;

/**
 * A meter's readings as the strict event truth sees a circuit's: a median of the last three
 * <em>observations</em>, where an observation is a reading whose value differs from the one before, or a
 * value held for the repeat hold since it last counted (a slower meter's reading put on a 1 s grid, or a
 * meter that logs only changes, repeats a value that says nothing new). A one-reading blip or inrush
 * never reaches the detector behind it. The median needs the observation after, so each comes one
 * observation late, at its own time. Per-meter state of the edge and CUSUM detectors: about 10 bytes
 * written compactly, 33 as written before December 2026.
 */
public final class MedianOfObservations {

    /** Observations held, up to 2 (with the new reading, the median's three). */
    byte seen;
    double older;
    double newest;
    long newestMs;
    /** When the newest observation's value last counted. */
    long countedMs;

    /** What a detector does with an observation the filter releases. */
    @FunctionalInterface
    interface Next {
        Detection take(long timeMs, double value);
    }

    /** Offers the reading and passes what it releases, at the released observation's time, to {@code next}; null when none. */
    Detection pass(long t, double x, long repeatHoldMs, Next next) {
        long at = newestMs;
        double observed = offer(t, x, repeatHoldMs);
        return Double.isNaN(observed) ? null : next.take(at, observed);
    }

    /**
     * Takes a reading (never NaN: readings are checked before); returns the observation it releases,
     * the median for the newest one held before it, or NaN when it releases none.
     */
    private double offer(long t, double x, long repeatHoldMs) {
        if (seen > 0 && x == newest && t - countedMs < repeatHoldMs) {
            return Double.NaN;
        }
        countedMs = t;
        double released = seen >= 2 ? median(older, newest, x) : seen == 1 ? newest : Double.NaN;
        older = newest;
        newest = x;
        newestMs = t;
        seen = (byte) Math.min(seen + 1, 2);
        return released;
    }

    /** Whether the reading at {@code t}, just offered, counted as an observation (a held value repeated within the hold did not). */
    boolean counted(long t) {
        return countedMs == t;
    }

    private static double median(double a, double b, double c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    MedianOfObservations copy() {
        MedianOfObservations to = new MedianOfObservations();
        to.seen = seen;
        to.older = older;
        to.newest = newest;
        to.newestMs = newestMs;
        to.countedMs = countedMs;
        return to;
    }

    /**
     * Writes the filter in about 10 bytes instead of the 33 {@link #read} takes: the two readings by their decimal
     * digits ({@link DecimalDigits}) and the two times as distances, the newest from {@code baseMs} (a
     * time the caller writes itself), the counted one from the newest.
     */
    void writeCompact(DataOutputSerializer out, long baseMs) throws IOException {
        out.writeByte(seen);
        DecimalDigits.writeDouble(older, out);
        DecimalDigits.writeDouble(newest, out);
        DecimalDigits.writeSigned(newestMs - baseMs, out);
        DecimalDigits.writeSigned(newestMs - countedMs, out);
    }

    static MedianOfObservations readCompact(DataInputDeserializer in, long baseMs) throws IOException {
        MedianOfObservations m = new MedianOfObservations();
        m.seen = in.readByte();
        m.older = DecimalDigits.readDouble(in);
        m.newest = DecimalDigits.readDouble(in);
        m.newestMs = baseMs + DecimalDigits.readSigned(in);
        m.countedMs = m.newestMs - DecimalDigits.readSigned(in);
        return m;
    }

    /** Reads the filter as it was written until December 2026 (33 bytes): values written then are still read. */
    static MedianOfObservations read(DataInputDeserializer in) throws IOException {
        MedianOfObservations m = new MedianOfObservations();
        m.seen = in.readByte();
        m.older = in.readDouble();
        m.newest = in.readDouble();
        m.newestMs = in.readLong();
        m.countedMs = in.readLong();
        return m;
    }
}
