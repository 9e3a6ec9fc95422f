package io.wattflow.record;

import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Base of wattflow's hand-written serializers for mutable classes that cross a shuffle or sit in keyed
 * state once per reading. Flink's POJO serializer reaches every field by reflection and writes a null
 * flag for each; on the per-reading path that was a sixth (the shuffled reading) and a quarter (the
 * per-meter state on RocksDB) of the samples in JFR profiles. Subclasses write their fields in a fixed
 * layout (the version of their snapshot) and make deep copies.
 */
public abstract class HandWrittenSerializer<T> extends TypeSerializerSingleton<T> {
    private static final long serialVersionUID = 1L;

    @Override
    public final boolean isImmutableType() {
        return false;
    }

    @Override
    public final int getLength() {
        return -1;
    }

    @Override
    public final T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public final T deserialize(T reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public final void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    /**
     * Base of the serializers of per-reading keyed state. The state backends hand a serializer an output
     * that passes every byte through several calls (a stream wrapper over a forwarding stream on
     * RocksDB), where a var-length long or a float written byte by byte cost a tenth of the pipeline;
     * here the value is written into an array first and handed over in one call (and read back the
     * same way), with its length in front.
     */
    public abstract static class Framed<T> extends HandWrittenSerializer<T> {
        private static final long serialVersionUID = 1L;
        private final int initialBytes;

        protected Framed() {
            this(256);
        }

        /** @param initialBytes the array a value is written into starts this large: about the largest value, so it is not grown */
        protected Framed(int initialBytes) {
            this.initialBytes = initialBytes;
        }

        /** Writes the value's fields; {@code out} is an array in memory, so byte-wise writes are cheap. */
        protected abstract void write(T value, DataOutputSerializer out) throws IOException;

        protected abstract T read(DataInputDeserializer in) throws IOException;

        @Override
        public final void serialize(T value, DataOutputView target) throws IOException {
            DataOutputSerializer[] spare = SPARE_OUTPUT.get();
            DataOutputSerializer out = spare[0];
            spare[0] = null; // a value written from inside write() takes an array of its own
            if (out == null) {
                out = new DataOutputSerializer(initialBytes);
            }
            try {
                write(value, out);
                target.writeInt(out.length());
                target.write(out.getSharedBuffer(), 0, out.length());
            } finally {
                out.clear();
                if (out.getSharedBuffer().length <= LARGEST_KEPT) {
                    spare[0] = out;
                }
            }
        }

        @Override
        public final T deserialize(DataInputView source) throws IOException {
            int length = source.readInt();
            byte[][] spare = SPARE_INPUT.get();
            byte[] bytes = spare[0];
            spare[0] = null;
            if (bytes == null || bytes.length < length) {
                bytes = new byte[Math.max(length, initialBytes)];
            }
            try {
                source.readFully(bytes, 0, length);
                return read(new DataInputDeserializer(bytes, 0, length));
            } finally {
                if (bytes.length <= LARGEST_KEPT) {
                    spare[0] = bytes;
                }
            }
        }
    }

    /*
     * One array per thread for writing and one for reading values, taken while in use. A new array per value
     * was a seventh of all the bytes the heap backend's job allocated at 100,000 meters (an 8 KB array per
     * baseline and forecast history written, at every access on RocksDB and for every meter in every heap
     * checkpoint), and zeroing it a twentieth of the CPU. Thread-local because Flink hands the same
     * serializer instance to the task thread and the asynchronous snapshot thread (a singleton duplicates
     * to itself); taken out of the slot while in use so a value serialized inside another's write gets its
     * own. The slots hold only JDK and Flink classes, so a thread that outlives the job keeps no class
     * loader alive. Read implementations copy what they keep: the array is overwritten by the next value.
     */
    private static final int LARGEST_KEPT = 1 << 20;
    private static final ThreadLocal<DataOutputSerializer[]> SPARE_OUTPUT = ThreadLocal.withInitial(() -> new DataOutputSerializer[1]);
    private static final ThreadLocal<byte[][]> SPARE_INPUT = ThreadLocal.withInitial(() -> new byte[1][]);

    /**
     * Snapshot of a serializer whose layout is its version and that writes nothing else: restoring
     * accepts the current layout and the older ones a subclass can still read (and migrate from), and
     * refuses any other with what to do.
     */
    public abstract static class LayoutSnapshot<T> implements TypeSerializerSnapshot<T> {
        private final String state;
        private final int current;
        private final int[] readable;
        private int layout;

        /**
         * @param state what the state is, for the refusal
         * @param layout the layout this snapshot describes
         * @param current the layout written now
         * @param older older layouts still read
         */
        protected LayoutSnapshot(String state, int layout, int current, int... older) {
            this.state = state;
            this.layout = layout;
            this.current = current;
            this.readable = older;
        }

        /** The layout of the state this snapshot describes. */
        protected final int layout() {
            return layout;
        }

        @Override
        public final int getCurrentVersion() {
            return current;
        }

        @Override
        public final void writeSnapshot(DataOutputView out) {
            // nothing beyond the version: the layout is the version
        }

        @Override
        public final void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader) throws IOException {
            boolean known = readVersion == current;
            StringBuilder layouts = new StringBuilder().append(current);
            for (int older : readable) {
                known |= readVersion == older;
                layouts.append(" or ").append(older);
            }
            if (!known) {
                throw new IOException("The " + state + "'s layout " + readVersion + " is not one this build reads (" + layouts
                        + "): restore with the build that wrote it, or start without the savepoint.");
            }
            layout = readVersion;
        }
    }

    /**
     * A layout snapshot of a state that Flink's POJO serializer wrote before this one existed: a snapshot
     * of the same layout restores as is, an older layout or a POJO serializer's snapshot is migrated
     * (Flink reads the state with the old serializer and writes it with this one), anything else is refused.
     */
    public abstract static class FromPojoSnapshot<T> extends LayoutSnapshot<T> {
        protected FromPojoSnapshot(String state, int layout, int current, int... older) {
            super(state, layout, current, older);
        }

        @Override
        public final org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
                TypeSerializerSnapshot<T> oldSnapshot) {
            if (oldSnapshot.getClass() == getClass()) {
                return ((LayoutSnapshot<T>) oldSnapshot).layout() == layout()
                        ? org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility.compatibleAsIs()
                        : org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return oldSnapshot instanceof org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot
                    ? org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility.compatibleAfterMigration()
                    : org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility.incompatible();
        }
    }

    /**
     * Writes a non-negative distance (between two timestamps, say) as an int, or as the escape -1 and a
     * long when it does not fit: four bytes in the usual case, read back with one fixed-width read
     * (var-length longs in a loop of 64 per reading cost more to decode than RocksDB to fetch).
     */
    public static void writeDistance(long d, DataOutputSerializer out) throws IOException {
        if (d >= 0 && d < Integer.MAX_VALUE) {
            out.writeInt((int) d);
        } else {
            out.writeInt(-1);
            out.writeLong(d);
        }
    }

    public static long readDistance(DataInputDeserializer in) throws IOException {
        int d = in.readInt();
        return d == -1 ? in.readLong() : d;
    }

    /** Writes a long as 7-bit groups, low first: small non-negative values (counts, offsets) take one or two bytes. */
    public static void writeVarLong(long v, DataOutputView out) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    public static long readVarLong(DataInputView in) throws IOException {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
            if (shift > 63) {
                throw new IOException("A variable-length long runs past 10 bytes: the state or record is corrupt.");
            }
        }
    }
}
