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
 * Writes a {@link CusumState} (read and written with every reading). Layout (version 1, after the length): flags
 * (initialised; the median filter held: a bit added without a new version, 0 in older values, whose
 * filter then starts over), level, level count, upper and lower sums, then the upper and lower runs'
 * starts, the hold-off and, when held, the {@link MedianOfObservations}, then the change held for
 * confirmation (its time, score and level before, the reading it was found at and its time,
 * observations left: a third bit, also without a new version); counts as var-length longs. Values
 * written before session 26 (no fourth bit) also hold each run's sum and count after its start, which
 * nothing reads since session 25: they are skipped. Since December 2026 (a fifth bit) the median filter
 * is written by its readings' decimal digits and its times' distances, about 10 bytes instead of 33.
 */
public final class CusumStateSerializer extends HandWrittenSerializer.Framed<CusumState> {
    public static final CusumStateSerializer INSTANCE = new CusumStateSerializer();
    private static final long serialVersionUID = 1L;
    private static final int OBSERVATIONS = 2;
    private static final int PENDING = 4;
    /** Set in values written without the runs' sums and counts. */
    private static final int NO_RUN_SUMS = 8;
    /** The median filter written compactly, its times as distances from the upper run's start (since December 2026). */
    private static final int COMPACT_OBSERVATIONS = 16;

    @Override
    public CusumState createInstance() {
        return new CusumState();
    }

    @Override
    public CusumState copy(CusumState from) {
        CusumState to = new CusumState();
        to.initialised = from.initialised;
        to.level = from.level;
        to.levelCount = from.levelCount;
        to.upper = from.upper;
        to.lower = from.lower;
        to.upperStartMs = from.upperStartMs;
        to.lowerStartMs = from.lowerStartMs;
        to.holdOff = from.holdOff;
        to.observations = from.observations == null ? null : from.observations.copy();
        to.pending = from.pending;
        to.pendingW = from.pendingW;
        to.pendingMs = from.pendingMs;
        to.pendingLeft = from.pendingLeft;
        return to;
    }

    @Override
    protected void write(CusumState s, DataOutputSerializer out) throws IOException {
        out.writeByte((s.initialised ? 1 : 0) | (s.observations != null ? OBSERVATIONS : 0) | (s.pending != null ? PENDING : 0) | NO_RUN_SUMS
                | COMPACT_OBSERVATIONS);
        out.writeDouble(s.level);
        writeVarLong(Integer.toUnsignedLong(s.levelCount), out);
        out.writeDouble(s.upper);
        out.writeDouble(s.lower);
        out.writeLong(s.upperStartMs);
        out.writeLong(s.lowerStartMs);
        writeVarLong(Integer.toUnsignedLong(s.holdOff), out);
        if (s.observations != null) {
            s.observations.writeCompact(out, s.upperStartMs);
        }
        if (s.pending != null) {
            out.writeLong(s.pending.changeMs);
            out.writeDouble(s.pending.score);
            out.writeDouble(s.pending.levelBeforeW);
            out.writeDouble(s.pendingW);
            out.writeLong(s.pendingMs);
            writeVarLong(Integer.toUnsignedLong(s.pendingLeft), out);
        }
    }

    @Override
    protected CusumState read(DataInputDeserializer in) throws IOException {
        CusumState s = new CusumState();
        int flags = in.readUnsignedByte();
        s.initialised = (flags & 1) != 0;
        s.level = in.readDouble();
        s.levelCount = (int) readVarLong(in);
        s.upper = in.readDouble();
        s.lower = in.readDouble();
        boolean runSums = (flags & NO_RUN_SUMS) == 0;
        s.upperStartMs = in.readLong();
        skipRunSum(runSums, in);
        s.lowerStartMs = in.readLong();
        skipRunSum(runSums, in);
        s.holdOff = (int) readVarLong(in);
        if ((flags & OBSERVATIONS) != 0) {
            s.observations = (flags & COMPACT_OBSERVATIONS) != 0 ? MedianOfObservations.readCompact(in, s.upperStartMs)
                    : MedianOfObservations.read(in);
        }
        if ((flags & PENDING) != 0) {
            s.pending = new Detection(in.readLong(), in.readDouble(), in.readDouble());
            s.pendingW = in.readDouble();
            s.pendingMs = in.readLong();
            s.pendingLeft = (int) readVarLong(in);
        }
        return s;
    }

    /** An older value's sum and count of a run, which nothing reads any more. */
    private static void skipRunSum(boolean present, DataInputDeserializer in) throws IOException {
        if (present) {
            in.readDouble();
            readVarLong(in);
        }
    }

    @Override
    public TypeSerializerSnapshot<CusumState> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<CusumState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Chosen by {@code @TypeInfo} on {@link CusumState}. */
    public static final class Factory extends TypeInfoFactory<CusumState> {
        @Override
        public TypeInformation<CusumState> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new SerializerTypeInfo<>(CusumState.class, INSTANCE);
        }
    }
}
