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
 * Writes an {@link EdgeState} (read and written with every reading). Layout (version 1, after the length): flags
 * (have steady, segment is steady, segment varied, observations held: bits added without a new version,
 * read as 0 from older values), segment mean, sample count (var-length), segment start, steady
 * level, transition start: 36-45 bytes; then, when the detector judges by observations, its
 * {@link MedianOfObservations}: 33 more. A value written before the observations existed reads without:
 * its median filter starts over, the segment goes on.
 */
public final class EdgeStateSerializer extends HandWrittenSerializer.Framed<EdgeState> {
    public static final EdgeStateSerializer INSTANCE = new EdgeStateSerializer();
    private static final long serialVersionUID = 1L;
    private static final int OBSERVATIONS = 8;

    @Override
    public EdgeState createInstance() {
        return new EdgeState();
    }

    @Override
    public EdgeState copy(EdgeState from) {
        EdgeState to = new EdgeState();
        to.segmentMean = from.segmentMean;
        to.segmentCount = from.segmentCount;
        to.segmentStartMs = from.segmentStartMs;
        to.haveSteady = from.haveSteady;
        to.steadyLevel = from.steadyLevel;
        to.segmentIsSteady = from.segmentIsSteady;
        to.segmentVaried = from.segmentVaried;
        to.transitionStartMs = from.transitionStartMs;
        to.observations = from.observations == null ? null : from.observations.copy();
        return to;
    }

    @Override
    protected void write(EdgeState s, DataOutputSerializer out) throws IOException {
        boolean observations = s.observations != null;
        out.writeByte((s.haveSteady ? 1 : 0) | (s.segmentIsSteady ? 2 : 0) | (s.segmentVaried ? 4 : 0) | (observations ? OBSERVATIONS : 0));
        out.writeDouble(s.segmentMean);
        writeVarLong(Integer.toUnsignedLong(s.segmentCount), out);
        out.writeLong(s.segmentStartMs);
        out.writeDouble(s.steadyLevel);
        out.writeLong(s.transitionStartMs);
        if (observations) {
            s.observations.write(out);
        }
    }

    @Override
    protected EdgeState read(DataInputDeserializer in) throws IOException {
        EdgeState s = new EdgeState();
        int flags = in.readUnsignedByte();
        s.haveSteady = (flags & 1) != 0;
        s.segmentIsSteady = (flags & 2) != 0;
        s.segmentVaried = (flags & 4) != 0; // 0 in values written before it existed: a segment then waits its double time
        s.segmentMean = in.readDouble();
        s.segmentCount = (int) readVarLong(in);
        s.segmentStartMs = in.readLong();
        s.steadyLevel = in.readDouble();
        s.transitionStartMs = in.readLong();
        if ((flags & OBSERVATIONS) != 0) {
            s.observations = MedianOfObservations.read(in);
        }
        return s;
    }

    @Override
    public TypeSerializerSnapshot<EdgeState> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<EdgeState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Chosen by {@code @TypeInfo} on {@link EdgeState}. */
    public static final class Factory extends TypeInfoFactory<EdgeState> {
        @Override
        public TypeInformation<EdgeState> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new SerializerTypeInfo<>(EdgeState.class, INSTANCE);
        }
    }
}
