package io.wattflow.operators.inference;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import io.wattflow.operators.testing.StateSerializers;
import org.junit.jupiter.api.Test;

import static io.wattflow.operators.inference.TestPlans.SLOT;
import static org.assertj.core.api.Assertions.assertThat;

class MeterSeriesTest {
    private static final long MIN = 60_000L;

    @Test
    void minuteRecordsAddUpToTheirSlotAndCloseItWhenComplete() {
        MeterSeries s = new MeterSeries(8);
        long closed = MeterSeries.NONE;
        for (int m = 0; m < 15; m++) {
            closed = s.add(SLOT * 4 + m * MIN, SLOT * 4 + (m + 1) * MIN, 0.01, SLOT);
            if (m < 14) {
                assertThat(closed).isEqualTo(MeterSeries.NONE);
            }
        }
        assertThat(closed).isEqualTo(4);
        float[] out = new float[1];
        assertThat(s.copy(5, 1, SLOT, out)).isTrue();
        assertThat(out[0]).isCloseTo(0.15f, org.assertj.core.api.Assertions.within(1e-6f));
    }

    @Test
    void aPartlyCoveredSlotIsScaledUpOrMissingAndSkippedSlotsAreMissing() {
        MeterSeries s = new MeterSeries(8);
        s.add(0, 10 * MIN, 0.10, SLOT);                    // 2/3 covered: scaled to 0.15
        s.add(SLOT, SLOT + 5 * MIN, 0.05, SLOT);           // 1/3 covered: missing
        long closed = s.add(3 * SLOT, 4 * SLOT, 0.2, SLOT); // slot 2 skipped
        assertThat(closed).isEqualTo(3);
        float[] out = new float[4];
        assertThat(s.copy(4, 4, SLOT, out)).isTrue();
        assertThat(out[0]).isCloseTo(0.15f, org.assertj.core.api.Assertions.within(1e-6f));
        assertThat(out[1]).isNaN();
        assertThat(out[2]).isNaN();
        assertThat(out[3]).isEqualTo(0.2f);
    }

    @Test
    void anHourlyRecordIsSpreadOverItsFourSlots() {
        MeterSeries s = new MeterSeries(8);
        assertThat(s.add(0, 4 * SLOT, 1.0, SLOT)).isEqualTo(3);
        float[] out = new float[4];
        assertThat(s.copy(4, 4, SLOT, out)).isTrue();
        assertThat(out).containsExactly(0.25f, 0.25f, 0.25f, 0.25f);
    }

    @Test
    void eachSlotIsReportedClosedOnce() {
        MeterSeries s = new MeterSeries(8);
        assertThat(s.add(0, SLOT, 1, SLOT)).isEqualTo(0);
        assertThat(s.add(0, SLOT, 1, SLOT)).as("the same interval again").isEqualTo(MeterSeries.LATE);
        assertThat(s.add(SLOT, SLOT + MIN, 1, SLOT)).as("slot 0 was reported when it was complete").isEqualTo(MeterSeries.NONE);
    }

    @Test
    void lateRecordsAreRefusedAndWindowsMustBeInTheRing() {
        MeterSeries s = new MeterSeries(4);
        for (int i = 0; i < 6; i++) {
            s.add(i * SLOT, (i + 1) * SLOT, i, SLOT);
        }
        assertThat(s.add(SLOT, 2 * SLOT, 1, SLOT)).isEqualTo(MeterSeries.LATE);
        float[] out = new float[4];
        assertThat(s.copy(6, 4, SLOT, out)).isTrue();
        assertThat(out).containsExactly(2f, 3f, 4f, 5f);
        assertThat(s.copy(5, 4, SLOT, new float[4])).as("slot 1 was overwritten").isFalse();
        assertThat(s.copy(7, 4, SLOT, new float[4])).as("slot 6 has no data yet").isFalse();
        assertThat(s.available(6, 10)).as("slots 2..5 are in the ring").isEqualTo(4);
    }

    @Test
    void stateForSevenDaysOfQuarterHoursIsUnder2800Bytes() throws Exception {
        MeterSeries s = new MeterSeries(672 + 4);
        for (int i = 0; i < 2000; i++) {
            s.add(i * SLOT, (i + 1) * SLOT, 0.1, SLOT);
        }
        TypeSerializer<MeterSeries> serializer = TypeInformation.of(MeterSeries.class).createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(4096);
        serializer.serialize(s, out);
        assertThat(out.length()).isBetween(2704, 2800);
    }

    /** A series after {@code slots} 15-min intervals, with holes (missing slots) and a half-covered newest slot. */
    private static MeterSeries after(int slots, int capacity) {
        MeterSeries s = new MeterSeries(capacity);
        for (int i = 0; i < slots; i++) {
            if (i % 37 == 5) {
                continue; // a hole: NaN when closed
            }
            s.add(i * SLOT, (i + 1) * SLOT, 0.1 + i % 9 * 0.01, SLOT);
        }
        s.add(slots * SLOT, slots * SLOT + SLOT / 3, 0.02, SLOT);
        return s;
    }


    private static void assertSameSeries(MeterSeries expected, MeterSeries actual) {
        assertThat(java.util.Arrays.equals(actual.energyKwh, expected.energyKwh)).as("the ring").isTrue();
        assertThat(new long[] {actual.newestSlot, actual.firstSlot, actual.newestCoveredMs, actual.closedThrough})
                .containsExactly(expected.newestSlot, expected.firstSlot, expected.newestCoveredMs, expected.closedThrough);
    }

    @Test
    void onlyTheSlotsWithDataAreWrittenAndReadBackExactly() throws Exception {
        for (int slots : new int[] {0, 1, 3, 100, 259, 260, 261, 5000}) {
            MeterSeries s = after(slots, 260);
            MeterSeries back = MeterSeriesSerializer.INSTANCE.deserialize(
                    new DataInputDeserializer(StateSerializers.written(MeterSeriesSerializer.INSTANCE, s)));
            assertSameSeries(s, back);
            assertSameSeries(s, MeterSeriesSerializer.INSTANCE.copy(s));
        }
        MeterSeries empty = new MeterSeries(260);
        assertSameSeries(empty, MeterSeriesSerializer.INSTANCE.deserialize(
                new DataInputDeserializer(StateSerializers.written(MeterSeriesSerializer.INSTANCE, empty))));
        assertThat(StateSerializers.written(MeterSeriesSerializer.INSTANCE, after(3, 260)).length).as("a new meter").isLessThan(60);
        assertThat(StateSerializers.written(MeterSeriesSerializer.INSTANCE, after(5000, 260)).length).isBetween(1_040, 1_090);
    }

    @Test
    void aSeriesSavedWithThePojoSerializerIsMigrated() throws Exception {
        TypeSerializer<MeterSeries> pojo = StateSerializers.of(MeterSeries.class);
        TypeSerializerSnapshot<MeterSeries> old = StateSerializers.savedSnapshot(pojo);
        assertThat(MeterSeriesSerializer.INSTANCE.snapshotConfiguration().resolveSchemaCompatibility(old).isCompatibleAfterMigration()).isTrue();
        MeterSeries s = after(700, 676);
        MeterSeries restored = old.restoreSerializer().deserialize(new DataInputDeserializer(StateSerializers.written(pojo, s)));
        assertSameSeries(s, MeterSeriesSerializer.INSTANCE.deserialize(
                new DataInputDeserializer(StateSerializers.written(MeterSeriesSerializer.INSTANCE, restored))));
    }
}
