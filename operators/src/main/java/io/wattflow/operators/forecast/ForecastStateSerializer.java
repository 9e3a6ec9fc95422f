package io.wattflow.operators.forecast;

import io.wattflow.record.HandWrittenSerializer;
import io.wattflow.record.SerializerTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;

/**
 * Writes a {@link ForecastState}, read and written with every 15-min interval of a meter. Only the days
 * the ring holds are written (from the first day with data, at most the last 42), each as a mask of
 * its hours with minutes and their energy and minutes; the last forecast only once one was issued. A
 * meter's first day is about 150 bytes instead of the 6.4 KB of every array, which every new meter
 * wrote on each of its intervals (a million new meters: 6.4 GB into RocksDB per quarter hour); with
 * 42 full days it stays about 6.4 KB.
 *
 * <p>Until December 2026 this state had Flink's POJO serializer; such a savepoint is migrated (Flink
 * reads it with the POJO serializer it recorded and writes it with this one).
 */
public final class ForecastStateSerializer extends HandWrittenSerializer.Framed<ForecastState> {
    public static final ForecastStateSerializer INSTANCE = new ForecastStateSerializer();
    private static final long serialVersionUID = 1L;
    static final int LAYOUT = 1;

    private ForecastStateSerializer() {
        super(8_192); // 42 full days without growing the buffer
    }

    @Override
    public ForecastState createInstance() {
        return new ForecastState();
    }

    @Override
    public ForecastState copy(ForecastState from) {
        ForecastState to = new ForecastState();
        to.kwh = from.kwh.clone();
        to.minutes = from.minutes.clone();
        to.newestDay = from.newestDay;
        to.firstDay = from.firstDay;
        to.celsiusSum = from.celsiusSum == null ? null : from.celsiusSum.clone();
        to.celsiusCount = from.celsiusCount == null ? null : from.celsiusCount.clone();
        to.issuedDay = from.issuedDay;
        to.p10 = from.p10.clone();
        to.p50 = from.p50.clone();
        to.p90 = from.p90.clone();
        return to;
    }

    /** The oldest day whose slot holds that day's data (the slots of days before the first are empty). */
    private static long oldestHeld(ForecastState s) {
        return Math.max(s.firstDay, s.newestDay - ForecastState.DAYS + 1);
    }

    @Override
    protected void write(ForecastState s, DataOutputSerializer out) throws IOException {
        out.writeLong(s.newestDay);
        out.writeLong(s.firstDay);
        out.writeLong(s.issuedDay);
        out.writeBoolean(s.celsiusSum != null);
        if (s.newestDay != Long.MIN_VALUE) {
            for (long day = oldestHeld(s); day <= s.newestDay; day++) {
                int first = slot(day) * ForecastState.HOURS;
                int mask = 0;
                for (int h = 0; h < ForecastState.HOURS; h++) {
                    if (s.minutes[first + h] != 0 || s.kwh[first + h] != 0f) {
                        mask |= 1 << h;
                    }
                }
                out.writeInt(mask);
                for (int h = 0; h < ForecastState.HOURS; h++) {
                    if ((mask & (1 << h)) != 0) {
                        out.writeFloat(s.kwh[first + h]);
                        out.writeShort(s.minutes[first + h]);
                    }
                }
                if (s.celsiusSum != null) {
                    out.writeFloat(s.celsiusSum[slot(day)]);
                    out.writeShort(s.celsiusCount[slot(day)]);
                }
            }
        }
        if (s.issuedDay != Long.MIN_VALUE) {
            for (float[] q : new float[][] {s.p10, s.p50, s.p90}) {
                for (float v : q) {
                    out.writeFloat(v);
                }
            }
        }
    }

    @Override
    protected ForecastState read(DataInputDeserializer in) throws IOException {
        ForecastState s = new ForecastState();
        s.newestDay = in.readLong();
        s.firstDay = in.readLong();
        s.issuedDay = in.readLong();
        if (in.readBoolean()) {
            s.celsiusSum = new float[ForecastState.DAYS];
            s.celsiusCount = new short[ForecastState.DAYS];
        }
        if (s.newestDay != Long.MIN_VALUE) {
            for (long day = oldestHeld(s); day <= s.newestDay; day++) {
                int first = slot(day) * ForecastState.HOURS;
                int mask = in.readInt();
                for (int h = 0; mask != 0 && h < ForecastState.HOURS; h++) {
                    if ((mask & (1 << h)) != 0) {
                        s.kwh[first + h] = in.readFloat();
                        s.minutes[first + h] = in.readShort();
                    }
                }
                if (s.celsiusSum != null) {
                    s.celsiusSum[slot(day)] = in.readFloat();
                    s.celsiusCount[slot(day)] = in.readShort();
                }
            }
        }
        if (s.issuedDay != Long.MIN_VALUE) {
            for (float[] q : new float[][] {s.p10, s.p50, s.p90}) {
                for (int h = 0; h < q.length; h++) {
                    q[h] = in.readFloat();
                }
            }
        }
        return s;
    }

    private static int slot(long day) {
        return io.wattflow.operators.DayRing.slot(day, ForecastState.DAYS);
    }

    @Override
    public TypeSerializerSnapshot<ForecastState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Its version is the layout; a snapshot of the POJO serializer this state had before is migrated from. */
    public static final class Snapshot extends FromPojoSnapshot<ForecastState> {
        public Snapshot() {
            super("forecast history", LAYOUT, LAYOUT);
        }

        @Override
        public TypeSerializer<ForecastState> restoreSerializer() {
            return INSTANCE;
        }

    }

    /** Chosen by {@code @TypeInfo} on {@link ForecastState}. */
    public static final class Factory extends TypeInfoFactory<ForecastState> {
        @Override
        public TypeInformation<ForecastState> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new SerializerTypeInfo<>(ForecastState.class, INSTANCE);
        }
    }
}
