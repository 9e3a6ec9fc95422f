package io.wattflow.operators.inference;

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
 * Writes a {@link MeterSeries} (the NILM windows' 260 minutes, the heat-pump windows' 676 quarter
 * hours), read and written with every interval of a meter: the ring's capacity, its positions, and only
 * the slots from the first with data to the newest, oldest first. A meter's first minutes are a few
 * dozen bytes instead of the whole ring (1.1 KB for NILM, which every new meter wrote with each of its
 * minutes); a full ring stays {@code 4 * capacity + 40} bytes.
 *
 * <p>Until December 2026 this state had Flink's POJO serializer; such a savepoint is migrated.
 */
public final class MeterSeriesSerializer extends HandWrittenSerializer.Framed<MeterSeries> {
    public static final MeterSeriesSerializer INSTANCE = new MeterSeriesSerializer();
    private static final long serialVersionUID = 1L;
    static final int LAYOUT = 1;

    private MeterSeriesSerializer() {
        super(4_096);
    }

    @Override
    public MeterSeries createInstance() {
        return new MeterSeries();
    }

    @Override
    public MeterSeries copy(MeterSeries from) {
        MeterSeries to = new MeterSeries();
        to.energyKwh = from.energyKwh == null ? null : from.energyKwh.clone();
        to.newestSlot = from.newestSlot;
        to.firstSlot = from.firstSlot;
        to.newestCoveredMs = from.newestCoveredMs;
        to.closedThrough = from.closedThrough;
        return to;
    }

    @Override
    protected void write(MeterSeries s, DataOutputSerializer out) throws IOException {
        int capacity = s.energyKwh.length;
        writeVarLong(capacity, out);
        out.writeLong(s.newestSlot);
        out.writeLong(s.firstSlot);
        out.writeLong(s.newestCoveredMs);
        out.writeLong(s.closedThrough);
        if (s.newestSlot != Long.MIN_VALUE) {
            for (long slot = oldestHeld(s, capacity); slot <= s.newestSlot; slot++) {
                out.writeFloat(s.energyKwh[ring(slot, capacity)]);
            }
        }
    }

    @Override
    protected MeterSeries read(DataInputDeserializer in) throws IOException {
        MeterSeries s = new MeterSeries((int) readVarLong(in));
        int capacity = s.energyKwh.length;
        s.newestSlot = in.readLong();
        s.firstSlot = in.readLong();
        s.newestCoveredMs = in.readLong();
        s.closedThrough = in.readLong();
        if (s.newestSlot != Long.MIN_VALUE) {
            for (long slot = oldestHeld(s, capacity); slot <= s.newestSlot; slot++) {
                s.energyKwh[ring(slot, capacity)] = in.readFloat();
            }
        }
        return s;
    }

    /** The oldest slot the ring holds data of; the ring's slots of older ones were never written. */
    private static long oldestHeld(MeterSeries s, int capacity) {
        return Math.max(s.firstSlot, s.newestSlot - capacity + 1);
    }

    private static int ring(long slot, int capacity) {
        return (int) Math.floorMod(slot, (long) capacity);
    }

    @Override
    public TypeSerializerSnapshot<MeterSeries> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Its version is the layout; a snapshot of the POJO serializer this state had before is migrated from. */
    public static final class Snapshot extends FromPojoSnapshot<MeterSeries> {
        public Snapshot() {
            super("model input series", LAYOUT, LAYOUT);
        }

        @Override
        public TypeSerializer<MeterSeries> restoreSerializer() {
            return INSTANCE;
        }

    }

    /** Chosen by {@code @TypeInfo} on {@link MeterSeries}. */
    public static final class Factory extends TypeInfoFactory<MeterSeries> {
        @Override
        public TypeInformation<MeterSeries> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new SerializerTypeInfo<>(MeterSeries.class, INSTANCE);
        }
    }
}
