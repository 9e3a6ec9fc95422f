package io.wattflow.operators.changepoint;

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
 * <p>Layout (after the length): flags (pending, reactive present, equal steps, short steps), ring
 * position, samples held, newest time, the steps (the one step; or each older sample's distance from
 * the one after it, newest first, as a short or as an int with -1 and a long for an escape), active
 * powers, reactive powers if present, the last change's time, and the pending change (change time,
 * detection time, score, P and Q before). About 150 bytes for a full ring of active power only at equal
 * steps, 210 with jittered steps, 340 with reactive power. State written before the step flags existed
 * reads as it was written (neither flag: int steps), so the snapshot's version did not change.
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

    @Override
    public SignatureState createInstance() {
        return new SignatureState();
    }

    @Override
    public SignatureState copy(SignatureState from) {
        SignatureState to = new SignatureState();
        System.arraycopy(from.times, 0, to.times, 0, SignatureState.CAPACITY);
        System.arraycopy(from.active, 0, to.active, 0, SignatureState.CAPACITY);
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
        out.writeByte((s.pending ? PENDING : 0) | (reactive ? REACTIVE : 0) | steps);
        out.writeByte(s.next);
        out.writeByte(s.size);
        if (s.size > 0) {
            out.writeLong(s.newestTime());
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
            for (int i = 0; i < s.size; i++) {
                out.writeFloat(s.active[s.at(i)]);
            }
            if (reactive) {
                for (int i = 0; i < s.size; i++) {
                    out.writeFloat(s.reactive[s.at(i)]);
                }
            }
        }
        out.writeLong(s.lastChangeMs);
        if (s.pending) {
            out.writeLong(s.pendingChangeMs);
            out.writeLong(s.pendingDetectedMs);
            out.writeDouble(s.pendingScore);
            out.writeDouble(s.pendingBeforeP);
            out.writeDouble(s.pendingBeforeQ);
        }
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
        if (s.size > 0) {
            long newest = in.readLong();
            s.times[s.at(s.size - 1)] = newest;
            int steps = flags & (EQUAL_STEPS | SHORT_STEPS);
            long equalStep = steps == EQUAL_STEPS && s.size > 1 ? readDistance(in) : 0;
            for (int i = s.size - 2; i >= 0; i--) {
                long d = steps == EQUAL_STEPS ? equalStep : steps == SHORT_STEPS ? in.readUnsignedShort() : readDistance(in);
                s.times[s.at(i)] = s.times[s.at(i + 1)] - d;
            }
            for (int i = 0; i < s.size; i++) {
                s.active[s.at(i)] = in.readFloat();
            }
            boolean reactive = (flags & REACTIVE) != 0;
            for (int i = 0; i < s.size; i++) {
                s.reactive[s.at(i)] = reactive ? in.readFloat() : Float.NaN;
            }
        }
        s.lastChangeMs = in.readLong();
        s.pending = (flags & PENDING) != 0;
        if (s.pending) {
            s.pendingChangeMs = in.readLong();
            s.pendingDetectedMs = in.readLong();
            s.pendingScore = in.readDouble();
            s.pendingBeforeP = in.readDouble();
            s.pendingBeforeQ = in.readDouble();
        }
        return s;
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
