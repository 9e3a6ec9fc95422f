package io.wattflow.operators.meter;

import io.wattflow.operators.ingest.RecentTimestamps;
import io.wattflow.operators.interval.IntervalAccumulator;
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
 * Writes a {@link MeterStreamState}, which is read and written for every reading of a meter. The 32
 * recent timestamps are written as their distance below the newest one (four bytes instead of eight),
 * 0 for an empty slot.
 *
 * <p>Layout (version 1, after the length): newest timestamp, ring position, 32 distances (int, or -1 and a long), gap count and
 * the gaps' start/end pairs, open-minute count and for each its start, sample count (var-length),
 * sum, minimum and maximum. About 230 bytes for a meter at 1 Hz with two open minutes and a candidate gap.
 */
public final class MeterStreamStateSerializer extends HandWrittenSerializer.Framed<MeterStreamState> {
    public static final MeterStreamStateSerializer INSTANCE = new MeterStreamStateSerializer();
    private static final long serialVersionUID = 1L;

    @Override
    public MeterStreamState createInstance() {
        return new MeterStreamState();
    }

    @Override
    public MeterStreamState copy(MeterStreamState from) {
        MeterStreamState to = new MeterStreamState();
        to.recent.max = from.recent.max;
        to.recent.next = from.recent.next;
        to.recent.ring = from.recent.ring.clone();
        to.gaps = from.gaps.clone();
        to.openStarts = from.openStarts.clone();
        to.open = new IntervalAccumulator[from.open.length];
        for (int i = 0; i < from.open.length; i++) {
            to.open[i] = copy(from.open[i]);
        }
        return to;
    }

    private static IntervalAccumulator copy(IntervalAccumulator from) {
        IntervalAccumulator to = new IntervalAccumulator();
        to.count = from.count;
        to.sumW = from.sumW;
        to.minW = from.minW;
        to.maxW = from.maxW;
        return to;
    }

    @Override
    protected void write(MeterStreamState m, DataOutputSerializer out) throws IOException {
        RecentTimestamps recent = m.recent;
        out.writeLong(recent.max);
        out.writeByte(recent.next);
        writeVarLong(recent.ring.length, out);
        for (long t : recent.ring) {
            // Unsigned distance below the newest (exact in two's complement whatever the values); an empty
            // slot holds Long.MIN_VALUE and is written as 0, which no held timestamp can give (none is max + 1).
            writeDistance(t == Long.MIN_VALUE ? 0 : recent.max - t + 1, out);
        }
        writeVarLong(m.gaps.length, out);
        for (long g : m.gaps) {
            out.writeLong(g);
        }
        writeVarLong(m.openStarts.length, out);
        for (int i = 0; i < m.openStarts.length; i++) {
            IntervalAccumulator acc = m.open[i];
            out.writeLong(m.openStarts[i]);
            writeVarLong(acc.count, out);
            out.writeDouble(acc.sumW);
            out.writeDouble(acc.minW);
            out.writeDouble(acc.maxW);
        }
    }

    @Override
    protected MeterStreamState read(DataInputDeserializer in) throws IOException {
        MeterStreamState m = new MeterStreamState();
        RecentTimestamps recent = m.recent;
        recent.max = in.readLong();
        recent.next = in.readUnsignedByte();
        recent.ring = new long[(int) readVarLong(in)];
        for (int i = 0; i < recent.ring.length; i++) {
            long d = readDistance(in);
            recent.ring[i] = d == 0 ? Long.MIN_VALUE : recent.max - (d - 1);
        }
        m.gaps = new long[(int) readVarLong(in)];
        for (int i = 0; i < m.gaps.length; i++) {
            m.gaps[i] = in.readLong();
        }
        int open = (int) readVarLong(in);
        m.openStarts = new long[open];
        m.open = new IntervalAccumulator[open];
        for (int i = 0; i < open; i++) {
            m.openStarts[i] = in.readLong();
            IntervalAccumulator acc = new IntervalAccumulator();
            acc.count = readVarLong(in);
            acc.sumW = in.readDouble();
            acc.minW = in.readDouble();
            acc.maxW = in.readDouble();
            m.open[i] = acc;
        }
        return m;
    }

    @Override
    public TypeSerializerSnapshot<MeterStreamState> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<MeterStreamState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Chosen by {@code @TypeInfo} on {@link MeterStreamState}. */
    public static final class Factory extends TypeInfoFactory<MeterStreamState> {
        @Override
        public TypeInformation<MeterStreamState> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new SerializerTypeInfo<>(MeterStreamState.class, INSTANCE);
        }
    }
}
