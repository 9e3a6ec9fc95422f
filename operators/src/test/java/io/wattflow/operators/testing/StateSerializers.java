package io.wattflow.operators.testing;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/**
 * For the tests of state serializers: the bytes a serializer writes, and Flink's POJO serializer of a
 * state class that now has a serializer of its own, with its snapshot as a savepoint of the earlier build
 * holds it (what the migration tests restore from).
 */
public final class StateSerializers {
    private StateSerializers() {}

    /** The POJO serializer Flink chose for {@code type} before it named its own (every public field). */
    public static <T> TypeSerializer<T> of(Class<T> type) {
        Map<String, TypeInformation<?>> fields = new HashMap<>();
        for (Field f : type.getFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                fields.put(f.getName(), TypeInformation.of(f.getType()));
            }
        }
        return Types.POJO(type, fields).createSerializer(new ExecutionConfig().getSerializerConfig());
    }

    /** The serializer's snapshot written and read back, as a savepoint's metadata holds it. */
    public static <T> TypeSerializerSnapshot<T> savedSnapshot(TypeSerializer<T> serializer) throws IOException {
        DataOutputSerializer saved = new DataOutputSerializer(1024);
        TypeSerializerSnapshot.writeVersionedSnapshot(saved, serializer.snapshotConfiguration());
        return TypeSerializerSnapshot.readVersionedSnapshot(new DataInputDeserializer(saved.getCopyOfBuffer()),
                StateSerializers.class.getClassLoader());
    }

    /** The bytes {@code serializer} writes for {@code value}. */
    public static <T> byte[] written(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(8192);
        serializer.serialize(value, out);
        return out.getCopyOfBuffer();
    }
}
