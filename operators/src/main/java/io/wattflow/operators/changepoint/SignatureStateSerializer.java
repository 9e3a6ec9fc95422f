package io.wattflow.operators.changepoint;

import io.wattflow.record.DecimalDigits;
import io.wattflow.record.HandWrittenSerializer;
import io.wattflow.record.SerializerTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;

/**
 * Writes a {@link SignatureState}, read and written with every reading of a meter. Only the samples
 * held are written, their times as the steps between them (once when all are equal, as a meter that
 * stamps whole seconds sends them; two bytes each when all are under 65 s; else four), and the reactive
 * powers only when the meter sent any. The pending change's fields are written only while a change is
 * pending (they are not read otherwise, and start over with the next change).
 *
 * <p>Layout (after the length): flags (pending, reactive present, equal steps, short steps, active
 * powers by their digits, relative times), ring position, samples held, newest time, the steps (the
 * one step; or each older sample's distance from the one after it, newest first, as a short or as an
 * int with -1 and a long for an escape), active powers, reactive powers if present (floats), the last
 * change's time, and the pending change (change time, detection time, score, P and Q before). The
 * active powers are written by their decimal digits ({@link DecimalDigits}: the places, then the
 * first's digits and each next one's difference, a byte for a step of up to 6.3 W in tenths) when every
 * one held is a decimal of a few places, as meters send them (each sample's places are found when it is
 * added), else as floats; times after the newest as their distance from it. A full ring of a meter
 * reporting tenths of a watt at equal steps: about 60 bytes (150 as floats). Values written before a
 * flag existed read as they were written (the flag is 0: floats, longs, int steps), so the snapshot's
 * version did not change.
 */
public final class SignatureStateSerializer extends HandWrittenSerializer.Framed<SignatureState> {
    public static final SignatureStateSerializer INSTANCE = new SignatureStateSerializer();
    private static final long serialVersionUID = 1L;
    private static final int PENDING = 1;
    private static final int REACTIVE = 2;
    /** All time steps in the ring are the same (a meter that stamps whole seconds): written once. */
    private static final int EQUAL_STEPS = 4;
    /** All time steps fit an unsigned short (up to 65 s): two bytes each. */
    private static final int SHORT_STEPS = 8;
    /** The active powers as decimal digits, see {@link DecimalDigits} (a whole number of tenths as a meter reports them: a byte or two each). */
    private static final int DECIMAL_ACTIVE = 16;
    /** The last and the pending change's times as their distances from the newest sample (a byte or three each, not eight). */
    private static final int RELATIVE_TIMES = 32;

    @Override
    public SignatureState createInstance() {
        return new SignatureState();
    }

    @Override
    public SignatureState copy(SignatureState from) {
        SignatureState to = new SignatureState();
        System.arraycopy(from.times, 0, to.times, 0, SignatureState.CAPACITY);
        System.arraycopy(from.active, 0, to.active, 0, SignatureState.CAPACITY);
        System.arraycopy(from.places, 0, to.places, 0, SignatureState.CAPACITY);
        System.arraycopy(from.reactive, 0, to.reactive, 0, SignatureState.CAPACITY);
        to.next = from.next;
        to.size = from.size;
        to.lastChangeMs = from.lastChangeMs;
        to.pending = from.pending;
        to.pendingChangeMs = from.pendingChangeMs;
        to.pendingDetectedMs = from.pendingDetectedMs;
        to.pendingScore = from.pendingScore;
        to.pendingBeforeP = from.pendingBeforeP;
        to.pendingBeforeQ = from.pendingBeforeQ;
        return to;
    }

    @Override
    protected void write(SignatureState s, DataOutputSerializer out) throws IOException {
        boolean reactive = false;
        for (int i = 0; i < s.size && !reactive; i++) {
            reactive = !Float.isNaN(s.reactive[s.at(i)]);
        }
        int steps = s.size > 1 ? stepEncoding(s) : 0;
        int places = heldPlaces(s);
        long[] digits = places >= 0 ? activeDigits(s, places) : null;
        boolean relative = s.size > 0;
        out.writeByte((s.pending ? PENDING : 0) | (reactive ? REACTIVE : 0) | steps
                | (digits != null ? DECIMAL_ACTIVE : 0) | (relative ? RELATIVE_TIMES : 0));
        out.writeByte(s.next);
        out.writeByte(s.size);
        long newest = s.newestTime();
        if (s.size > 0) {
            out.writeLong(newest);
            if (steps == EQUAL_STEPS) {
                writeDistance(step(s, 0), out);
            } else {
                for (int i = s.size - 2; i >= 0; i--) {
                    long d = step(s, i);
                    if (steps == SHORT_STEPS) {
                        out.writeShort((int) d);
                    } else {
                        writeDistance(d, out);
                    }
                }
            }
            if (digits != null) {
                out.writeByte(places);
                DecimalDigits.writeRun(digits, s.size, out);
            } else {
                writeFloats(s, s.active, out);
            }
            if (reactive) {
                writeFloats(s, s.reactive, out);
            }
        }
        writeTime(s.lastChangeMs, newest, relative, out);
        if (s.pending) {
            writeTime(s.pendingChangeMs, newest, relative, out);
            writeTime(s.pendingDetectedMs, newest, relative, out);
            out.writeDouble(s.pendingScore);
            out.writeDouble(s.pendingBeforeP);
            out.writeDouble(s.pendingBeforeQ);
        }
    }

    /** The most places any held active power has, or -1 when one is no decimal. */
    private static int heldPlaces(SignatureState s) {
        int places = 0;
        for (int i = 0; i < s.size; i++) {
            int p = s.places[s.at(i)];
            if (p < 0) {
                return -1;
            }
            places = Math.max(places, p);
        }
        return places;
    }

    /** The held active powers' digits at {@code places}, in time order, or null when one is too large to be sure of them. */
    private static long[] activeDigits(SignatureState s, int places) {
        long[] digits = new long[s.size];
        for (int i = 0; i < s.size; i++) {
            digits[i] = DecimalDigits.digits(s.active[s.at(i)], places);
            if (!DecimalDigits.fits(digits[i])) {
                return null;
            }
        }
        return digits;
    }

    private static void writeFloats(SignatureState s, float[] ring, DataOutputSerializer out) throws IOException {
        for (int i = 0; i < s.size; i++) {
            out.writeFloat(ring[s.at(i)]);
        }
    }

    /** A time near the newest sample's, as its distance from it (a byte or three) when the ring holds one. */
    private static void writeTime(long t, long newest, boolean relative, DataOutputSerializer out) throws IOException {
        if (relative) {
            DecimalDigits.writeSigned(newest - t, out);
        } else {
            out.writeLong(t);
        }
    }

    private static long readTime(long newest, boolean relative, DataInputDeserializer in) throws IOException {
        return relative ? newest - DecimalDigits.readSigned(in) : in.readLong();
    }

    /** Time from the i-th oldest sample to the one after it. */
    private static long step(SignatureState s, int i) {
        return s.times[s.at(i + 1)] - s.times[s.at(i)];
    }

    /** How the ring's time steps are written: once when all are the same, as shorts when all fit, else as ints. */
    private static int stepEncoding(SignatureState s) {
        long first = step(s, 0);
        boolean equal = true;
        boolean fitShort = true;
        for (int i = 0; i < s.size - 1; i++) {
            long d = step(s, i);
            equal &= d == first;
            fitShort &= d >= 0 && d <= 0xFFFF;
        }
        return equal ? EQUAL_STEPS : fitShort ? SHORT_STEPS : 0;
    }

    @Override
    protected SignatureState read(DataInputDeserializer in) throws IOException {
        SignatureState s = new SignatureState();
        int flags = in.readUnsignedByte();
        s.next = in.readUnsignedByte();
        s.size = in.readUnsignedByte();
        if (s.size > SignatureState.CAPACITY || s.next >= SignatureState.CAPACITY) {
            throw new IOException("A signature ring of " + s.size + " samples at " + s.next + " does not fit "
                    + SignatureState.CAPACITY + " slots: the state is corrupt or from an incompatible version.");
        }
        long newest = 0;
        if (s.size > 0) {
            newest = in.readLong();
            s.times[s.at(s.size - 1)] = newest;
            int steps = flags & (EQUAL_STEPS | SHORT_STEPS);
            long equalStep = steps == EQUAL_STEPS && s.size > 1 ? readDistance(in) : 0;
            for (int i = s.size - 2; i >= 0; i--) {
                long d = steps == EQUAL_STEPS ? equalStep : steps == SHORT_STEPS ? in.readUnsignedShort() : readDistance(in);
                s.times[s.at(i)] = s.times[s.at(i + 1)] - d;
            }
            readActive(in, s, (flags & DECIMAL_ACTIVE) != 0);
            if ((flags & REACTIVE) != 0) {
                for (int i = 0; i < s.size; i++) {
                    s.reactive[s.at(i)] = in.readFloat();
                }
            } else {
                for (int i = 0; i < s.size; i++) {
                    s.reactive[s.at(i)] = Float.NaN;
                }
            }
        }
        boolean relative = (flags & RELATIVE_TIMES) != 0;
        s.lastChangeMs = readTime(newest, relative, in);
        s.pending = (flags & PENDING) != 0;
        if (s.pending) {
            s.pendingChangeMs = readTime(newest, relative, in);
            s.pendingDetectedMs = readTime(newest, relative, in);
            s.pendingScore = in.readDouble();
            s.pendingBeforeP = in.readDouble();
            s.pendingBeforeQ = in.readDouble();
        }
        return s;
    }

    /**
     * The active powers, and their places: each of a ring written by its digits is exact at the ring's
     * places (its own fewest may be fewer: enough for the next write); one written as floats is taken
     * for no decimal until it leaves the ring (32 readings written as floats, not a check per sample here).
     */
    private static void readActive(DataInputDeserializer in, SignatureState s, boolean decimal) throws IOException {
        if (decimal) {
            int places = DecimalDigits.checkedPlaces(in.readUnsignedByte());
            float[] values = new float[s.size];
            DecimalDigits.readRun(in, s.size, places, values);
            for (int i = 0; i < s.size; i++) {
                s.active[s.at(i)] = values[i];
                s.places[s.at(i)] = (byte) places;
            }
        } else {
            for (int i = 0; i < s.size; i++) {
                s.active[s.at(i)] = in.readFloat();
                s.places[s.at(i)] = -1;
            }
        }
    }

    @Override
    public TypeSerializerSnapshot<SignatureState> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SignatureState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Chosen by {@code @TypeInfo} on {@link SignatureState}. */
    public static final class Factory extends TypeInfoFactory<SignatureState> {
        @Override
        public TypeInformation<SignatureState> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new SerializerTypeInfo<>(SignatureState.class, INSTANCE);
        }
    }
}
