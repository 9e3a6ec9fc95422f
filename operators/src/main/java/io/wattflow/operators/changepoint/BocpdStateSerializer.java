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
 * Writes a {@link BocpdState} (read and written with every reading). Only the run hypotheses held are
 * written; the arrays are rebuilt with their capacity. Layout (version 1, after the length): capacity and size
 * (var-length), for each hypothesis its start, log probability, mean, kappa, alpha, beta and log-gamma
 * ratio, then the MAP start, last change, sample count, collapse wait, collapse start, level before
 * and score, then the newest sample's time and the sample period (since session 24; a value without
 * them reads with none): 56 bytes per hypothesis plus 62.
 */
public final class BocpdStateSerializer extends HandWrittenSerializer.Framed<BocpdState> {
    public static final BocpdStateSerializer INSTANCE = new BocpdStateSerializer();
    private static final long serialVersionUID = 1L;

    public BocpdStateSerializer() {
        super(2_048); // 32 run hypotheses, the most held
    }

    @Override
    public BocpdState createInstance() {
        return new BocpdState();
    }

    @Override
    public BocpdState copy(BocpdState from) {
        BocpdState to = new BocpdState();
        to.size = from.size;
        to.start = from.start.clone();
        to.logProb = from.logProb.clone();
        to.mean = from.mean.clone();
        to.kappa = from.kappa.clone();
        to.alpha = from.alpha.clone();
        to.beta = from.beta.clone();
        to.logGammaRatio = from.logGammaRatio.clone();
        to.mapStartMs = from.mapStartMs;
        to.lastChangeMs = from.lastChangeMs;
        to.samples = from.samples;
        to.collapseWait = from.collapseWait;
        to.collapseStartMs = from.collapseStartMs;
        to.collapseLevelBefore = from.collapseLevelBefore;
        to.collapseScore = from.collapseScore;
        to.previousMs = from.previousMs;
        to.periodMs = from.periodMs;
        return to;
    }

    @Override
    protected void write(BocpdState s, DataOutputSerializer out) throws IOException {
        writeVarLong(s.start.length, out);
        writeVarLong(s.size, out);
        for (int i = 0; i < s.size; i++) {
            out.writeLong(s.start[i]);
            out.writeDouble(s.logProb[i]);
            out.writeDouble(s.mean[i]);
            out.writeDouble(s.kappa[i]);
            out.writeDouble(s.alpha[i]);
            out.writeDouble(s.beta[i]);
            out.writeDouble(s.logGammaRatio[i]);
        }
        out.writeLong(s.mapStartMs);
        out.writeLong(s.lastChangeMs);
        writeVarLong(s.samples, out);
        writeVarLong(Integer.toUnsignedLong(s.collapseWait), out);
        out.writeLong(s.collapseStartMs);
        out.writeDouble(s.collapseLevelBefore);
        out.writeDouble(s.collapseScore);
        out.writeLong(s.previousMs);
        out.writeFloat(s.periodMs);
    }

    @Override
    protected BocpdState read(DataInputDeserializer in) throws IOException {
        BocpdState s = new BocpdState();
        int capacity = (int) readVarLong(in);
        s.size = (int) readVarLong(in);
        if (s.size > capacity) {
            throw new IOException("A BOCPD state of " + s.size + " runs in " + capacity + " slots: the state is corrupt "
                    + "or from an incompatible version.");
        }
        s.start = new long[capacity];
        s.logProb = new double[capacity];
        s.mean = new double[capacity];
        s.kappa = new double[capacity];
        s.alpha = new double[capacity];
        s.beta = new double[capacity];
        s.logGammaRatio = new double[capacity];
        for (int i = 0; i < s.size; i++) {
            s.start[i] = in.readLong();
            s.logProb[i] = in.readDouble();
            s.mean[i] = in.readDouble();
            s.kappa[i] = in.readDouble();
            s.alpha[i] = in.readDouble();
            s.beta[i] = in.readDouble();
            s.logGammaRatio[i] = in.readDouble();
        }
        s.mapStartMs = in.readLong();
        s.lastChangeMs = in.readLong();
        s.samples = readVarLong(in);
        s.collapseWait = (int) readVarLong(in);
        s.collapseStartMs = in.readLong();
        s.collapseLevelBefore = in.readDouble();
        s.collapseScore = in.readDouble();
        if (in.available() > 0) { // written before the sample period was kept: none
            s.previousMs = in.readLong();
            s.periodMs = in.readFloat();
        }
        return s;
    }

    @Override
    public TypeSerializerSnapshot<BocpdState> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<BocpdState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Chosen by {@code @TypeInfo} on {@link BocpdState}. */
    public static final class Factory extends TypeInfoFactory<BocpdState> {
        @Override
        public TypeInformation<BocpdState> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new SerializerTypeInfo<>(BocpdState.class, INSTANCE);
        }
    }
}
