package io.wattflow.record;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

import java.io.IOException;

/**
 * Writes a {@link SourcedReading} field by field. Every reading of every meter crosses the keyBy
 * once; Flink's POJO serializer spent most of that crossing in reflection (creating the instances
 * and setting their fields), this one calls constructors and assigns fields. The optional values
 * are announced by a bit mask, so a meter that sends active power only costs 4 bytes for them.
 *
 * <p>Layout: meter id, timestamp, active power, mask (bits 0-5 the optional totals, 6-8 the phases),
 * the optional totals present, each present phase as its own 6-bit mask and values, the raw bytes
 * (length, -1 for none) and the origin.
 */
public final class SourcedReadingSerializer extends HandWrittenSerializer<SourcedReading> {
    public static final SourcedReadingSerializer INSTANCE = new SourcedReadingSerializer();
    private static final long serialVersionUID = 1L;
    private static final int TOTALS = 6;

    @Override
    public SourcedReading createInstance() {
        return new SourcedReading(new MeterReading(), null, null);
    }

    @Override
    public SourcedReading copy(SourcedReading from) {
        MeterReading r = from.reading == null ? null : copy(from.reading);
        return new SourcedReading(r, from.raw == null ? null : from.raw.clone(), from.origin);
    }

    private static MeterReading copy(MeterReading from) {
        MeterReading to = new MeterReading(from.meterId, from.timestampMs, from.activePowerW);
        setTotals(to, totals(from));
        to.phaseA = copy(from.phaseA);
        to.phaseB = copy(from.phaseB);
        to.phaseC = copy(from.phaseC);
        return to;
    }

    private static PhaseValues copy(PhaseValues from) {
        if (from == null) {
            return null;
        }
        PhaseValues to = new PhaseValues();
        setPhase(to, from.values());
        return to;
    }

    @Override
    public void serialize(SourcedReading record, DataOutputView out) throws IOException {
        MeterReading r = record.reading;
        StringValue.writeString(r.meterId, out);
        out.writeLong(r.timestampMs);
        out.writeDouble(r.activePowerW);
        Double[] totals = totals(r);
        PhaseValues[] phases = {r.phaseA, r.phaseB, r.phaseC};
        int mask = presence(totals);
        for (int p = 0; p < phases.length; p++) {
            if (phases[p] != null) {
                mask |= 1 << (TOTALS + p);
            }
        }
        out.writeShort(mask);
        writePresent(totals, out);
        for (PhaseValues phase : phases) {
            if (phase != null) {
                Double[] values = phase.values();
                out.writeByte(presence(values));
                writePresent(values, out);
            }
        }
        if (record.raw == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(record.raw.length);
            out.write(record.raw);
        }
        StringValue.writeString(record.origin, out);
    }

    @Override
    public SourcedReading deserialize(DataInputView in) throws IOException {
        MeterReading r = new MeterReading(StringValue.readString(in), in.readLong(), in.readDouble());
        int mask = in.readUnsignedShort();
        setTotals(r, readPresent(mask, in));
        r.phaseA = readPhase(mask, 0, in);
        r.phaseB = readPhase(mask, 1, in);
        r.phaseC = readPhase(mask, 2, in);
        int length = in.readInt();
        byte[] raw = null;
        if (length >= 0) {
            raw = new byte[length];
            in.readFully(raw);
        }
        return new SourcedReading(r, raw, StringValue.readString(in));
    }

    private static Double[] totals(MeterReading r) {
        return new Double[] {r.reactivePowerVar, r.apparentPowerVa, r.voltageV, r.currentA, r.powerFactor, r.frequencyHz};
    }

    private static void setTotals(MeterReading r, Double[] v) {
        r.reactivePowerVar = v[0];
        r.apparentPowerVa = v[1];
        r.voltageV = v[2];
        r.currentA = v[3];
        r.powerFactor = v[4];
        r.frequencyHz = v[5];
    }

    private static void setPhase(PhaseValues p, Double[] v) {
        p.activePowerW = v[0];
        p.reactivePowerVar = v[1];
        p.apparentPowerVa = v[2];
        p.voltageV = v[3];
        p.currentA = v[4];
        p.powerFactor = v[5];
    }

    private static int presence(Double[] values) {
        int mask = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                mask |= 1 << i;
            }
        }
        return mask;
    }

    private static void writePresent(Double[] values, DataOutputView out) throws IOException {
        for (Double v : values) {
            if (v != null) {
                out.writeDouble(v);
            }
        }
    }

    private static Double[] readPresent(int mask, DataInputView in) throws IOException {
        Double[] values = new Double[TOTALS];
        for (int i = 0; i < TOTALS; i++) {
            if ((mask & (1 << i)) != 0) {
                values[i] = in.readDouble();
            }
        }
        return values;
    }

    private static PhaseValues readPhase(int mask, int phase, DataInputView in) throws IOException {
        if ((mask & (1 << (TOTALS + phase))) == 0) {
            return null;
        }
        PhaseValues p = new PhaseValues();
        setPhase(p, readPresent(in.readUnsignedByte(), in));
        return p;
    }

    @Override
    public TypeSerializerSnapshot<SourcedReading> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Serializer snapshot; the layout above is version 1. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SourcedReading> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
