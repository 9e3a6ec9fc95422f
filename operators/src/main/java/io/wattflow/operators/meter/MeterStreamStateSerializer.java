package io.wattflow.operators.meter;

import io.wattflow.operators.interval.IntervalAccumulator;
import io.wattflow.record.DecimalDigits;
import io.wattflow.record.HandWrittenSerializer;
import io.wattflow.record.SerializerTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;

/**
 * Writes a {@link MeterStreamState}, which is read and written for every reading of a meter.
 *
 * <p>Layout 5 (after the length): count and times of the readings accepted out of order (0 for a meter
 * in order), gap count and the gaps' start/end pairs, open-minute count and for each its start (the
 * first's as a long, a later one's as its distance from the one before), sample count (var-length),
 * sum, and minimum and maximum by their decimal digits ({@link DecimalDigits}: readings as the meter sent
 * them). About 30 bytes for a meter at 1 Hz with one open minute, 55 with two.
 *
 * <p>Layout 4 (until December 2026) wrote each open minute's start as a long and its minimum and
 * maximum as doubles (about 36 and 70 bytes); layout 3 (until November 2026) began with the newest
 * timestamp and a ring of the last 32 (138 bytes rewritten with every reading, for what the signature
 * ring already holds). A savepoint in either is migrated: Flink reads it with {@link OlderLayoutReader}
 * and writes layout 5; the readings accepted out of order in the last seconds before a layout-3
 * savepoint are forgotten.
 */
public final class MeterStreamStateSerializer extends HandWrittenSerializer.Framed<MeterStreamState> {
    public static final MeterStreamStateSerializer INSTANCE = new MeterStreamStateSerializer();
    private static final long serialVersionUID = 1L;
    /** The layout written; the snapshot's version. */
    static final int LAYOUT = 5;
    /** The first layout, written by {@code SimpleTypeSerializerSnapshot}'s version 3 before this one had its own. */
    static final int FIRST_LAYOUT = 3;
    /** Open minutes' starts as longs and their extremes as doubles. */
    static final int FOURTH_LAYOUT = 4;

    @Override
    public MeterStreamState createInstance() {
        return new MeterStreamState();
    }

    @Override
    public MeterStreamState copy(MeterStreamState from) {
        MeterStreamState to = new MeterStreamState();
        to.outOfOrder = from.outOfOrder.clone();
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
        writeLongs(m.outOfOrder, out);
        writeLongs(m.gaps, out);
        writeVarLong(m.openStarts.length, out);
        for (int i = 0; i < m.openStarts.length; i++) {
            IntervalAccumulator acc = m.open[i];
            if (i == 0) {
                out.writeLong(m.openStarts[0]);
            } else {
                DecimalDigits.writeSigned(m.openStarts[i] - m.openStarts[i - 1], out);
            }
            writeVarLong(acc.count, out);
            out.writeDouble(acc.sumW);
            DecimalDigits.writeDouble(acc.minW, out);
            DecimalDigits.writeDouble(acc.maxW, out);
        }
    }

    @Override
    protected MeterStreamState read(DataInputDeserializer in) throws IOException {
        MeterStreamState m = new MeterStreamState();
        m.outOfOrder = readLongs(in);
        m.gaps = readLongs(in);
        int open = (int) readVarLong(in);
        m.openStarts = new long[open];
        m.open = new IntervalAccumulator[open];
        for (int i = 0; i < open; i++) {
            m.openStarts[i] = i == 0 ? in.readLong() : m.openStarts[i - 1] + DecimalDigits.readSigned(in);
            IntervalAccumulator acc = new IntervalAccumulator();
            acc.count = readVarLong(in);
            acc.sumW = in.readDouble();
            acc.minW = DecimalDigits.readDouble(in);
            acc.maxW = DecimalDigits.readDouble(in);
            m.open[i] = acc;
        }
        return m;
    }

    /** Gaps and open minutes as layouts 3 and 4 wrote them. */
    private static void readFourthLayoutGapsAndMinutes(MeterStreamState m, DataInputDeserializer in) throws IOException {
        m.gaps = readLongs(in);
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
    }

    private static void writeLongs(long[] values, DataOutputSerializer out) throws IOException {
        writeVarLong(values.length, out);
        for (long v : values) {
            out.writeLong(v);
        }
    }

    private static long[] readLongs(DataInputDeserializer in) throws IOException {
        long[] values = new long[(int) readVarLong(in)];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readLong();
        }
        return values;
    }

    @Override
    public TypeSerializerSnapshot<MeterStreamState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Reads layout 3, to migrate it. */
    static final OlderLayoutReader FIRST_LAYOUT_READER = new FirstLayoutReader();
    /** Reads layout 4, to migrate it. */
    static final OlderLayoutReader FOURTH_LAYOUT_READER = new FourthLayoutReader();

    /** Reads layout 3 or 4 for the migration of an older savepoint; never writes. */
    abstract static class OlderLayoutReader extends HandWrittenSerializer.Framed<MeterStreamState> {
        private static final long serialVersionUID = 1L;
        private final int layout;

        OlderLayoutReader(int layout) {
            this.layout = layout;
        }

        @Override
        public MeterStreamState createInstance() {
            return new MeterStreamState();
        }

        @Override
        public MeterStreamState copy(MeterStreamState from) {
            return MeterStreamStateSerializer.INSTANCE.copy(from);
        }

        @Override
        protected void write(MeterStreamState value, DataOutputSerializer out) {
            throw new UnsupportedOperationException("Layout " + layout + " of the meter stream state is only read, to migrate it.");
        }

        @Override
        protected MeterStreamState read(DataInputDeserializer in) throws IOException {
            MeterStreamState m = new MeterStreamState();
            if (layout == FIRST_LAYOUT) {
                in.readLong(); // the newest timestamp: the signature ring has it
                in.readUnsignedByte(); // the ring's position
                long ring = readVarLong(in);
                for (long i = 0; i < ring; i++) {
                    readDistance(in); // which of these came out of order is not known: forgotten
                }
            } else {
                m.outOfOrder = readLongs(in);
            }
            readFourthLayoutGapsAndMinutes(m, in);
            return m;
        }

        @Override
        public TypeSerializerSnapshot<MeterStreamState> snapshotConfiguration() {
            return new Snapshot(layout);
        }
    }

    /** A class of its own: Flink tells serializers apart by class. */
    static final class FirstLayoutReader extends OlderLayoutReader {
        private static final long serialVersionUID = 1L;

        FirstLayoutReader() {
            super(FIRST_LAYOUT);
        }
    }

    /** A class of its own, as {@link FirstLayoutReader}. */
    static final class FourthLayoutReader extends OlderLayoutReader {
        private static final long serialVersionUID = 1L;

        FourthLayoutReader() {
            super(FOURTH_LAYOUT);
        }
    }

    /** Its version is the layout; a snapshot of layout 3 or 4 restores through {@link OlderLayoutReader}. */
    public static final class Snapshot extends LayoutSnapshot<MeterStreamState> {
        public Snapshot() {
            this(LAYOUT);
        }

        Snapshot(int layout) {
            super("meter stream state", layout, LAYOUT, FIRST_LAYOUT, FOURTH_LAYOUT);
        }

        @Override
        public TypeSerializer<MeterStreamState> restoreSerializer() {
            return layout() == FIRST_LAYOUT ? FIRST_LAYOUT_READER : layout() == FOURTH_LAYOUT ? FOURTH_LAYOUT_READER : INSTANCE;
        }

        @Override
        public TypeSerializerSchemaCompatibility<MeterStreamState> resolveSchemaCompatibility(
                TypeSerializerSnapshot<MeterStreamState> oldSnapshot) {
            if (!(oldSnapshot instanceof Snapshot old)) {
                return TypeSerializerSchemaCompatibility.incompatible();
            }
            return old.layout() == layout() ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
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
