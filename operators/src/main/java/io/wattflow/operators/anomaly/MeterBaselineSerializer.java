package io.wattflow.operators.anomaly;

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
 * Writes a {@link MeterBaseline}, read and written with every 1-min interval of a meter. Only what is
 * held is written: the profile slots that learned an hour (a bit mask, then count, mean and variance of
 * each), the days of history that have a value, and the day's minutes from the first with data to the
 * last. A new meter's baseline is about 250 bytes instead of the 6 KB of every field; a meter with
 * weeks of history on its last minute of the day stays about 6.0 KB.
 *
 * <p>Until November 2026 this state had Flink's POJO serializer; such a savepoint is migrated (Flink
 * reads it with the POJO serializer it recorded and writes it with this one).
 */
public class MeterBaselineSerializer extends HandWrittenSerializer.Framed<MeterBaseline> {
    public static final MeterBaselineSerializer INSTANCE = new MeterBaselineSerializer();
    private static final long serialVersionUID = 1L;
    /**
     * 3: with the levels the hours of the day hold (heldMean, heldVar, heldN), the last held excursion
     * and the days' cycle strengths; 2: with the last 25 hours' baseloads (hourLows). 1 and 2 are read
     * and migrated (what they lack starts empty).
     */
    static final int LAYOUT = 3;
    static final int FIRST_LAYOUT = 1;
    static final int SECOND_LAYOUT = 2;

    /** Which layout {@link #read} reads: this build's, or an older one (for a migration). */
    private final int reads;

    public MeterBaselineSerializer() {
        this(LAYOUT);
    }

    MeterBaselineSerializer(int reads) {
        super(8_192); // most of a day's minutes and the full profiles, without growing the buffer
        this.reads = reads;
    }

    /** Reads layout 1, to migrate it: Flink writes the state again with {@link #INSTANCE}. */
    static final MeterBaselineSerializer FIRST_LAYOUT_READER = new FirstLayoutReader();

    /** Reads layout 2, to migrate it. */
    static final MeterBaselineSerializer SECOND_LAYOUT_READER = new SecondLayoutReader();

    /** An older layout, only read (Flink then writes the state again with {@link #INSTANCE}). */
    abstract static class OlderLayoutReader extends MeterBaselineSerializer {
        private static final long serialVersionUID = 1L;

        OlderLayoutReader(int layout) {
            super(layout);
        }

        @Override
        protected final void write(MeterBaseline b, DataOutputSerializer out) {
            throw new UnsupportedOperationException("Layout " + ((MeterBaselineSerializer) this).reads
                    + " of the meter baseline is only read, to migrate it.");
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
    static final class SecondLayoutReader extends OlderLayoutReader {
        private static final long serialVersionUID = 1L;

        SecondLayoutReader() {
            super(SECOND_LAYOUT);
        }
    }

    @Override
    public MeterBaseline createInstance() {
        return new MeterBaseline();
    }

    @Override
    public MeterBaseline copy(MeterBaseline from) {
        MeterBaseline to = new MeterBaseline();
        copyScalars(from, to);
        to.weekMean = from.weekMean.clone();
        to.weekVar = from.weekVar.clone();
        to.weekN = from.weekN.clone();
        to.dayTypeMean = from.dayTypeMean.clone();
        to.dayTypeVar = from.dayTypeVar.clone();
        to.dayTypeN = from.dayTypeN.clone();
        to.hourMean = from.hourMean.clone();
        to.hourVar = from.hourVar.clone();
        to.hourN = from.hourN.clone();
        to.heldMean = from.heldMean.clone();
        to.heldVar = from.heldVar.clone();
        to.heldN = from.heldN.clone();
        to.dayMinutes = from.dayMinutes.clone();
        to.baseloads = from.baseloads.clone();
        to.peaks = from.peaks.clone();
        to.periods = from.periods.clone();
        to.periodStrengths = from.periodStrengths.clone();
        to.hourLows = from.hourLows.clone();
        return to;
    }

    private static void copyScalars(MeterBaseline from, MeterBaseline to) {
        to.firstMs = from.firstMs;
        to.lastEndMs = from.lastEndMs;
        to.missingReportedFromMs = from.missingReportedFromMs;
        to.missingTimerMs = from.missingTimerMs;
        to.hourStartMs = from.hourStartMs;
        to.hourEndMs = from.hourEndMs;
        to.hourKwh = from.hourKwh;
        to.hourCoveredMs = from.hourCoveredMs;
        to.dayStartMs = from.dayStartMs;
        to.dayEndMs = from.dayEndMs;
        to.dayPeakW = from.dayPeakW;
        to.dayKwh = from.dayKwh;
        to.historyNext = from.historyNext;
        to.hourLowNext = from.hourLowNext;
        to.periodChangeDays = from.periodChangeDays;
        to.zeroSinceMs = from.zeroSinceMs;
        to.zeroReported = from.zeroReported;
        to.stuckSinceMs = from.stuckSinceMs;
        to.stuckValue = from.stuckValue;
        to.stuckReported = from.stuckReported;
        to.negativeLastMs = from.negativeLastMs;
        to.prevW = from.prevW;
        to.prevStartMs = from.prevStartMs;
        to.prevEndMs = from.prevEndMs;
        to.prev2W = from.prev2W;
        to.prev2EndMs = from.prev2EndMs;
        to.heldExcursionMs = from.heldExcursionMs;
        to.heldExcursionReported = from.heldExcursionReported;
    }

    @Override
    protected void write(MeterBaseline b, DataOutputSerializer out) throws IOException {
        out.writeLong(b.firstMs);
        out.writeLong(b.lastEndMs);
        out.writeLong(b.missingReportedFromMs);
        out.writeLong(b.missingTimerMs);
        out.writeLong(b.hourStartMs);
        out.writeLong(b.hourEndMs);
        out.writeDouble(b.hourKwh);
        out.writeLong(b.hourCoveredMs);
        out.writeLong(b.dayStartMs);
        out.writeLong(b.dayEndMs);
        out.writeFloat(b.dayPeakW);
        out.writeDouble(b.dayKwh);
        out.writeByte(b.historyNext);
        out.writeByte(b.periodChangeDays);
        out.writeByte((b.zeroReported ? 1 : 0) | (b.stuckReported ? 2 : 0));
        out.writeLong(b.zeroSinceMs);
        out.writeLong(b.stuckSinceMs);
        out.writeDouble(b.stuckValue);
        out.writeLong(b.negativeLastMs);
        out.writeDouble(b.prevW);
        out.writeLong(b.prevStartMs);
        out.writeLong(b.prevEndMs);
        out.writeDouble(b.prev2W);
        out.writeLong(b.prev2EndMs);
        writeProfile(b.weekMean, b.weekVar, b.weekN, out);
        writeProfile(b.dayTypeMean, b.dayTypeVar, b.dayTypeN, out);
        writeProfile(b.hourMean, b.hourVar, b.hourN, out);
        writeDayMinutes(b.dayMinutes, out);
        writeHistory(b.baseloads, out);
        writeHistory(b.peaks, out);
        writeHistory(b.periods, out);
        out.writeByte(b.hourLowNext);
        writeHistory(b.hourLows, out);
        writeProfile(b.heldMean, b.heldVar, b.heldN, out);
        out.writeLong(b.heldExcursionMs);
        out.writeBoolean(b.heldExcursionReported);
        writeHistory(b.periodStrengths, out);
    }

    @Override
    protected MeterBaseline read(DataInputDeserializer in) throws IOException {
        MeterBaseline b = new MeterBaseline();
        b.firstMs = in.readLong();
        b.lastEndMs = in.readLong();
        b.missingReportedFromMs = in.readLong();
        b.missingTimerMs = in.readLong();
        b.hourStartMs = in.readLong();
        b.hourEndMs = in.readLong();
        b.hourKwh = in.readDouble();
        b.hourCoveredMs = in.readLong();
        b.dayStartMs = in.readLong();
        b.dayEndMs = in.readLong();
        b.dayPeakW = in.readFloat();
        b.dayKwh = in.readDouble();
        b.historyNext = in.readUnsignedByte();
        b.periodChangeDays = in.readByte();
        int flags = in.readUnsignedByte();
        b.zeroReported = (flags & 1) != 0;
        b.stuckReported = (flags & 2) != 0;
        b.zeroSinceMs = in.readLong();
        b.stuckSinceMs = in.readLong();
        b.stuckValue = in.readDouble();
        b.negativeLastMs = in.readLong();
        b.prevW = in.readDouble();
        b.prevStartMs = in.readLong();
        b.prevEndMs = in.readLong();
        b.prev2W = in.readDouble();
        b.prev2EndMs = in.readLong();
        readProfile(b.weekMean, b.weekVar, b.weekN, in);
        readProfile(b.dayTypeMean, b.dayTypeVar, b.dayTypeN, in);
        readProfile(b.hourMean, b.hourVar, b.hourN, in);
        readDayMinutes(b.dayMinutes, in);
        readHistory(b.baseloads, in);
        readHistory(b.peaks, in);
        readHistory(b.periods, in);
        if (reads >= 2) {
            b.hourLowNext = in.readUnsignedByte();
            if (b.hourLowNext >= MeterBaseline.HOUR_LOWS) {
                throw new IOException("Hour ring position " + b.hourLowNext + ": the state is corrupt or from an incompatible version.");
            }
            readHistory(b.hourLows, in);
        }
        if (reads >= 3) {
            readProfile(b.heldMean, b.heldVar, b.heldN, in);
            b.heldExcursionMs = in.readLong();
            b.heldExcursionReported = in.readBoolean();
            readHistory(b.periodStrengths, in);
        }
        return b;
    }

    /** The slots that learned an hour (count above 0; the others are all zero) as a bit mask, then theirs. */
    private static void writeProfile(float[] mean, float[] var, short[] n, DataOutputSerializer out) throws IOException {
        long[] mask = new long[(n.length + 63) / 64];
        for (int i = 0; i < n.length; i++) {
            if (n[i] != 0) {
                mask[i / 64] |= 1L << (i % 64);
            }
        }
        for (long word : mask) {
            out.writeLong(word);
        }
        for (int i = 0; i < n.length; i++) {
            if (n[i] != 0) {
                out.writeShort(n[i]);
                out.writeFloat(mean[i]);
                out.writeFloat(var[i]);
            }
        }
    }

    private static void readProfile(float[] mean, float[] var, short[] n, DataInputDeserializer in) throws IOException {
        long[] mask = new long[(n.length + 63) / 64];
        for (int w = 0; w < mask.length; w++) {
            mask[w] = in.readLong();
        }
        for (int i = 0; i < n.length; i++) {
            if ((mask[i / 64] & (1L << (i % 64))) != 0) {
                n[i] = in.readShort();
                mean[i] = in.readFloat();
                var[i] = in.readFloat();
            }
        }
    }

    /** The minutes from the first with data to the last; -1 for a day without any. */
    private static void writeDayMinutes(short[] day, DataOutputSerializer out) throws IOException {
        int first = 0;
        while (first < day.length && day[first] == MeterBaseline.NO_DATA) {
            first++;
        }
        if (first == day.length) {
            out.writeShort(-1);
            return;
        }
        int last = day.length - 1;
        while (day[last] == MeterBaseline.NO_DATA) {
            last--;
        }
        out.writeShort(first);
        out.writeShort(last);
        for (int i = first; i <= last; i++) {
            out.writeShort(day[i]);
        }
    }

    private static void readDayMinutes(short[] day, DataInputDeserializer in) throws IOException {
        int first = in.readShort();
        if (first < 0) {
            return; // the new baseline's day is empty already
        }
        int last = in.readShort();
        if (first >= day.length || last >= day.length || last < first) {
            throw new IOException("Day minutes " + first + "-" + last + " do not fit a day of " + day.length
                    + ": the state is corrupt or from an incompatible version.");
        }
        for (int i = first; i <= last; i++) {
            day[i] = in.readShort();
        }
    }

    /** The slots with a value (the others are NaN) as a bit mask (28 days or 25 hours fit an int), then their values. */
    private static void writeHistory(float[] ring, DataOutputSerializer out) throws IOException {
        int mask = 0;
        for (int i = 0; i < ring.length; i++) {
            if (!Float.isNaN(ring[i])) {
                mask |= 1 << i;
            }
        }
        out.writeInt(mask);
        for (float v : ring) {
            if (!Float.isNaN(v)) {
                out.writeFloat(v);
            }
        }
    }

    private static void readHistory(float[] ring, DataInputDeserializer in) throws IOException {
        int mask = in.readInt();
        for (int i = 0; i < ring.length; i++) {
            if ((mask & (1 << i)) != 0) {
                ring[i] = in.readFloat();
            }
        }
    }

    @Override
    public TypeSerializerSnapshot<MeterBaseline> snapshotConfiguration() {
        return new Snapshot(reads);
    }

    /**
     * Its version is the layout; layout 1 restores through {@link #FIRST_LAYOUT_READER}, and a snapshot
     * of the POJO serializer this state had before is migrated from too.
     */
    public static final class Snapshot extends FromPojoSnapshot<MeterBaseline> {
        public Snapshot() {
            this(LAYOUT);
        }

        Snapshot(int layout) {
            super("meter baseline", layout, LAYOUT, FIRST_LAYOUT, SECOND_LAYOUT);
        }

        @Override
        public TypeSerializer<MeterBaseline> restoreSerializer() {
            switch (layout()) {
                case FIRST_LAYOUT:
                    return FIRST_LAYOUT_READER;
                case SECOND_LAYOUT:
                    return SECOND_LAYOUT_READER;
                default:
                    return INSTANCE;
            }
        }

    }

    /** Chosen by {@code @TypeInfo} on {@link MeterBaseline}. */
    public static final class Factory extends TypeInfoFactory<MeterBaseline> {
        @Override
        public TypeInformation<MeterBaseline> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new SerializerTypeInfo<>(MeterBaseline.class, INSTANCE);
        }
    }
}
