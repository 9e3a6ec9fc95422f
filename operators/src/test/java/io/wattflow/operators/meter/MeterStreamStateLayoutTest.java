package io.wattflow.operators.meter;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A savepoint of the meter stream state's older layouts (the first with its own ring of 32 timestamps; the fourth with longs and doubles where digits do) is migrated, not refused. */
class MeterStreamStateLayoutTest {

    @Test
    void theFirstLayoutIsReadAndMigrated() throws Exception {
        TypeSerializerSnapshot<MeterStreamState> old = snapshotRead(MeterStreamStateSerializer.FIRST_LAYOUT);
        TypeSerializerSchemaCompatibility<MeterStreamState> compatibility =
                MeterStreamStateSerializer.INSTANCE.snapshotConfiguration().resolveSchemaCompatibility(old);
        assertThat(compatibility.isCompatibleAfterMigration()).as(compatibility.toString()).isTrue();

        TypeSerializer<MeterStreamState> reader = old.restoreSerializer();
        MeterStreamState back = reader.deserialize(new DataInputDeserializer(firstLayout()));
        assertThat(back.gaps).containsExactly(1_000, 60_000);
        assertThat(back.openStarts).containsExactly(60_000);
        assertThat(back.open[0].count).isEqualTo(3);
        assertThat(back.open[0].sumW).isEqualTo(600);
        assertThat(back.outOfOrder).as("which of the ring's readings came out of order is not known").isEmpty();
    }

    @Test
    void theFourthLayoutIsReadAndMigratedAndTheFifthWritesTheSameStateSmaller() throws Exception {
        TypeSerializerSnapshot<MeterStreamState> old = snapshotRead(MeterStreamStateSerializer.FOURTH_LAYOUT);
        assertThat(MeterStreamStateSerializer.INSTANCE.snapshotConfiguration().resolveSchemaCompatibility(old)
                .isCompatibleAfterMigration()).isTrue();
        byte[] fourth = fourthLayout();
        MeterStreamState back = old.restoreSerializer().deserialize(new DataInputDeserializer(fourth));
        assertThat(back.outOfOrder).containsExactly(119_500);
        assertThat(back.openStarts).containsExactly(60_000, 120_000);
        assertThat(back.open[0].count).isEqualTo(59);
        assertThat(back.open[0].minW).isEqualTo(412.3);
        assertThat(back.open[1].maxW).isEqualTo(Math.PI);

        DataOutputSerializer fifth = new DataOutputSerializer(128);
        MeterStreamStateSerializer.INSTANCE.serialize(back, fifth);
        assertThat(fifth.length()).as("starts after the first and readings' extremes by their digits").isLessThan(fourth.length - 15);
        assertThat(MeterStreamStateSerializer.INSTANCE.deserialize(new DataInputDeserializer(fifth.getCopyOfBuffer())))
                .usingRecursiveComparison().isEqualTo(back);
    }

    @Test
    void theCurrentLayoutNeedsNoMigrationAndAnUnknownOneIsRefusedWithWhatToDo() throws Exception {
        assertThat(MeterStreamStateSerializer.INSTANCE.snapshotConfiguration()
                .resolveSchemaCompatibility(snapshotRead(MeterStreamStateSerializer.LAYOUT)).isCompatibleAsIs()).isTrue();
        assertThat(snapshotRead(MeterStreamStateSerializer.LAYOUT).restoreSerializer()).isSameAs(MeterStreamStateSerializer.INSTANCE);
        assertThatThrownBy(() -> snapshotRead(9)).isInstanceOf(IOException.class)
                .hasMessageContaining("start without the savepoint");
    }

    /** A snapshot as Flink reads it back from a savepoint written with the given version. */
    private static TypeSerializerSnapshot<MeterStreamState> snapshotRead(int version) throws IOException {
        DataOutputSerializer written = new DataOutputSerializer(16);
        MeterStreamStateSerializer.Snapshot snapshot = new MeterStreamStateSerializer.Snapshot();
        snapshot.writeSnapshot(written);
        snapshot.readSnapshot(version, new DataInputDeserializer(written.getCopyOfBuffer()),
                MeterStreamStateLayoutTest.class.getClassLoader());
        return snapshot;
    }

    /** A meter state as layout 4 wrote it: one reading out of order, no gap, two open minutes (one with a maximum no meter sends). */
    private static byte[] fourthLayout() throws IOException {
        DataOutputSerializer body = new DataOutputSerializer(256);
        body.writeByte(1);
        body.writeLong(119_500);
        body.writeByte(0);
        body.writeByte(2);
        body.writeLong(60_000);
        body.writeByte(59);
        body.writeDouble(24_610.5);
        body.writeDouble(412.3);
        body.writeDouble(431.9);
        body.writeLong(120_000);
        body.writeByte(2);
        body.writeDouble(850.2);
        body.writeDouble(420.1);
        body.writeDouble(Math.PI);
        DataOutputSerializer framed = new DataOutputSerializer(256);
        framed.writeInt(body.length());
        framed.write(body.getSharedBuffer(), 0, body.length());
        return framed.getCopyOfBuffer();
    }

    /** A meter state as the first layout wrote it: newest, ring position, 32 distances, one gap, one open minute. */
    private static byte[] firstLayout() throws IOException {
        DataOutputSerializer body = new DataOutputSerializer(256);
        body.writeLong(62_000);
        body.writeByte(3);
        body.writeByte(32); // ring length, var-length
        for (int i = 0; i < 32; i++) {
            body.writeInt(i < 3 ? 1 + i * 1000 : 0); // three readings held, the other slots empty
        }
        body.writeByte(2); // one gap: start, end
        body.writeLong(1_000);
        body.writeLong(60_000);
        body.writeByte(1); // one open minute
        body.writeLong(60_000);
        body.writeByte(3);
        body.writeDouble(600);
        body.writeDouble(100);
        body.writeDouble(300);
        DataOutputSerializer framed = new DataOutputSerializer(256);
        framed.writeInt(body.length());
        framed.write(body.getSharedBuffer(), 0, body.length());
        return framed.getCopyOfBuffer();
    }
}
