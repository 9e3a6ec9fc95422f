package io.wattflow.record;

import io.wattflow.ingest.DecodedRecord;
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

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every record that travels between operators is a Flink POJO (no Kryo, schema evolution possible),
 * except the reading on its way to the keyBy, which has a hand-written serializer.
 */
class RecordTypesTest {
    @ParameterizedTest
    @ValueSource(classes = {MeterReading.class, PhaseValues.class, IntervalReading.class, TemperatureReading.class,
            GapRecord.class, DeadLetter.class, RawRecord.class, LoadEvent.class, ApplianceRun.class,
            Anomaly.class, AnomalyAlert.class, DailyBaseline.class, ApplianceLabel.class, NewDevice.class, DeviceHealthAlert.class})
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

    @Test
    void theSourcedReadingUsesItsOwnSerializerAlsoInsideAPojo() {
        assertThat(TypeInformation.of(SourcedReading.class)).isInstanceOf(SerializerTypeInfo.class);
        PojoTypeInfo<?> decoded = (PojoTypeInfo<?>) TypeInformation.of(DecodedRecord.class);
        assertThat(decoded.<SourcedReading>getTypeAt("reading")).isInstanceOf(SerializerTypeInfo.class);
    }

    @Test
    void aSourcedReadingSurvivesSerializationWithEveryFieldOrNone() throws Exception {
        MeterReading full = new MeterReading("meter-7", 1_700_000_000_123L, 1234.5);
        full.reactivePowerVar = -12.0;
        full.apparentPowerVa = 1300.0;
        full.voltageV = 230.1;
        full.currentA = 5.6;
        full.powerFactor = 0.95;
        full.frequencyHz = 49.98;
        full.phaseA = new PhaseValues();
        full.phaseA.activePowerW = 400.0;
        full.phaseA.powerFactor = 0.9;
        full.phaseC = new PhaseValues();
        full.phaseC.voltageV = 231.0;
        SourcedReading withAll = new SourcedReading(full, "raw line".getBytes(StandardCharsets.UTF_8), "topic/0/42");
        SourcedReading bare = new SourcedReading(new MeterReading("m", 5L, -3.5), null, null);

        for (SourcedReading r : new SourcedReading[] {withAll, bare}) {
            DataOutputSerializer out = new DataOutputSerializer(64);
            SourcedReadingSerializer.INSTANCE.serialize(r, out);
            SourcedReading back = SourcedReadingSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            assertThat(back.reading).isEqualTo(r.reading);
            assertThat(back.raw).isEqualTo(r.raw);
            assertThat(back.origin).isEqualTo(r.origin);
            SourcedReading copy = SourcedReadingSerializer.INSTANCE.copy(r);
            assertThat(copy.reading).isEqualTo(r.reading).isNotSameAs(r.reading);
            assertThat(copy.raw).isEqualTo(r.raw);
        }
        assertThat(withAll.reading.phaseB).isNull();
    }
}
