package io.wattflow.record;

import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

import java.lang.reflect.Type;
import java.util.Map;

/**
 * A parsed reading that still carries its raw bytes and origin, so that the keyed checks after it
 * (duplicates, lateness) can send the original bytes to the dead-letter output. The raw bytes are
 * dropped as soon as the reading is accepted.
 *
 * <p>Every reading crosses the keyBy as this record, so it has a hand-written serializer
 * ({@link SourcedReadingSerializer}) instead of Flink's reflective POJO serializer.
 */
@TypeInfo(SourcedReading.TypeFactory.class)
public class SourcedReading {
    public MeterReading reading;
    public byte[] raw;
    public String origin;

    public SourcedReading() {}

    public SourcedReading(MeterReading reading, byte[] raw, String origin) {
        this.reading = reading;
        this.raw = raw;
        this.origin = origin;
    }

    /** Tells Flink to use {@link SourcedReadingSerializer} wherever this type appears. */
    public static final class TypeFactory extends TypeInfoFactory<SourcedReading> {
        @Override
        public TypeInformation<SourcedReading> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new SerializerTypeInfo<>(SourcedReading.class, SourcedReadingSerializer.INSTANCE);
        }
    }
}
