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
 * held are written, each time as its distance from the next one (four bytes instead of eight), and the
 * reactive powers only when the meter sent any. The pending change's fields are written only while a
 * change is pending (they are not read otherwise, and start over with the next change).
 *
 * <p>Layout (version 1, after the length): flags (pending, reactive present), ring position, samples held, newest time,
 * the distance of each older sample from the one after it, newest first (int, or -1 and a long), active powers, reactive powers if present, the last
 * change's time, and the pending change (change time, detection time, score, P and Q before). About
 * 270 bytes for a full ring of active power only, 400 with reactive power.
 */
public final class SignatureStateSerializer extends HandWrittenSerializer.Framed<SignatureState> {
    public static final SignatureStateSerializer INSTANCE = new SignatureStateSerializer();
    private static final long serialVersionUID = 1L;
    private static final int PENDING = 1;
    private static final int REACTIVE = 2;

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
        out.writeByte((s.pending ? PENDING : 0) | (reactive ? REACTIVE : 0));
        out.writeByte(s.next);
        out.writeByte(s.size);
        if (s.size > 0) {
            long newest = s.newestTime();
            out.writeLong(newest);
            for (int i = s.size - 2; i >= 0; i--) {
                writeDistance(s.times[s.at(i + 1)] - s.times[s.at(i)], out);
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
            for (int i = s.size - 2; i >= 0; i--) {
                s.times[s.at(i)] = s.times[s.at(i + 1)] - readDistance(in);
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
