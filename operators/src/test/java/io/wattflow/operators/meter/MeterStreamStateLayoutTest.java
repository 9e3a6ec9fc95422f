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

/** A savepoint of the meter stream state's first layout (with its own ring of 32 timestamps) is migrated, not refused. */
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
