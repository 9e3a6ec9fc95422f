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
 * Writes an {@link EdgeState} (read and written with every reading). Layout (version 1, after the length): flags
 * (have steady, segment is steady, segment varied, observations held, compact, no transition: bits
 * added without a new version, read as 0 from older values), segment mean, sample count (var-length),
 * segment start, steady level, transition start (compact: its distance from the segment's start, or
 * nothing while there was none; before: a long): 27-35 bytes; then, when the detector judges by
 * observations, its {@link MedianOfObservations}: about 10 more compact (33 before). A value written
 * before the observations existed reads without: its median filter starts over, the segment goes on.
 */
public final class EdgeStateSerializer extends HandWrittenSerializer.Framed<EdgeState> {
    public static final EdgeStateSerializer INSTANCE = new EdgeStateSerializer();
    private static final long serialVersionUID = 1L;
    private static final int OBSERVATIONS = 8;
    /** The transition's start as its distance from the segment's, and the median filter by its digits and distances (since December 2026). */
    private static final int COMPACT = 16;
    /** With {@link #COMPACT}: no transition under way ({@code Long.MIN_VALUE}), nothing written for it. */
    private static final int NO_TRANSITION = 32;

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
        boolean transition = s.transitionStartMs != Long.MIN_VALUE;
        out.writeByte((s.haveSteady ? 1 : 0) | (s.segmentIsSteady ? 2 : 0) | (s.segmentVaried ? 4 : 0) | (observations ? OBSERVATIONS : 0)
                | COMPACT | (transition ? 0 : NO_TRANSITION));
        out.writeDouble(s.segmentMean);
        writeVarLong(Integer.toUnsignedLong(s.segmentCount), out);
        out.writeLong(s.segmentStartMs);
        out.writeDouble(s.steadyLevel);
        if (transition) {
            DecimalDigits.writeSigned(s.segmentStartMs - s.transitionStartMs, out);
        }
        if (observations) {
            s.observations.writeCompact(out, s.segmentStartMs);
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
        boolean compact = (flags & COMPACT) != 0;
        if (!compact) {
            s.transitionStartMs = in.readLong();
        } else if ((flags & NO_TRANSITION) == 0) {
            s.transitionStartMs = s.segmentStartMs - DecimalDigits.readSigned(in);
        }
        if ((flags & OBSERVATIONS) != 0) {
            s.observations = compact ? MedianOfObservations.readCompact(in, s.segmentStartMs) : MedianOfObservations.read(in);
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
