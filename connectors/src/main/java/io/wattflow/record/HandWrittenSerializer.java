package io.wattflow.record;

import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
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
