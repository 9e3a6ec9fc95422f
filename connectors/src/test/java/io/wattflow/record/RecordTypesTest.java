package io.wattflow.record;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every record that travels between operators is a Flink POJO: no Kryo, schema evolution possible. */
class RecordTypesTest {
    @ParameterizedTest
    @ValueSource(classes = {MeterReading.class, PhaseValues.class, IntervalReading.class, TemperatureReading.class,
            GapRecord.class, DeadLetter.class, RawRecord.class, SourcedReading.class, LoadEvent.class, ApplianceRun.class,
            Anomaly.class, AnomalyAlert.class, DailyBaseline.class})
    void isAPojoWithoutGenericFields(Class<?> type) {
        TypeInformation<?> info = TypeInformation.of(type);
        assertThat(info).isInstanceOf(PojoTypeInfo.class);
        SerializerConfigImpl noKryo = new SerializerConfigImpl();
        noKryo.setGenericTypes(false);
        // Creating the serializer throws if any field would need Kryo.
        assertThat(info.createSerializer(noKryo)).isNotNull();
    }

    @Test
    void aReadingWithMissingValuesSurvivesSerialization() throws Exception {
        MeterReading r = new MeterReading("m", 5L, -3.5);
        r.phaseB = new PhaseValues();
        r.phaseB.voltageV = 231.0;
        @SuppressWarnings("unchecked")
        TypeSerializer<MeterReading> serializer = (TypeSerializer<MeterReading>) TypeInformation.of(MeterReading.class)
                .createSerializer(new ExecutionConfig().getSerializerConfig());
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(r, out);
        MeterReading back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back).isEqualTo(r);
        assertThat(back.reactivePowerVar).isNull();
        assertThat(back.phaseA).isNull();
    }
}
