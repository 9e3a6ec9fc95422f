package io.wattflow.record;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The framed serializers write into and read from one array per thread: values of any size in any
 * order, a value serialized inside another's write, and several threads at once each get back exactly
 * what they wrote.
 */
class FramedSerializerTest {

    /** A value of any length; its reader takes every byte left in the frame, so a frame that ran past its value would show. */
    static final class Blob extends HandWrittenSerializer.Framed<byte[]> {
        Blob() {
            super(16);
        }

        @Override
        protected void write(byte[] value, DataOutputSerializer out) throws IOException {
            out.write(value);
        }

        @Override
        protected byte[] read(DataInputDeserializer in) throws IOException {
            byte[] value = new byte[in.available()];
            in.readFully(value);
            return value;
        }

        @Override
        public byte[] createInstance() {
            return new byte[0];
        }

        @Override
        public byte[] copy(byte[] from) {
            return from.clone();
        }

        @Override
        public org.apache.flink.api.common.typeutils.TypeSerializerSnapshot<byte[]> snapshotConfiguration() {
            throw new UnsupportedOperationException("not needed here");
        }
    }

    /** Two blobs, the inner one written through the framed serializer itself while the outer frame is open. */
    static final class Pair extends HandWrittenSerializer.Framed<byte[][]> {
        private final Blob blob = new Blob();

        @Override
        protected void write(byte[][] value, DataOutputSerializer out) throws IOException {
            out.writeInt(value[0].length);
            out.write(value[0]);
            blob.serialize(value[1], out);
        }

        @Override
        protected byte[][] read(DataInputDeserializer in) throws IOException {
            byte[] first = new byte[in.readInt()];
            in.readFully(first);
            return new byte[][] {first, blob.deserialize(in)};
        }

        @Override
        public byte[][] createInstance() {
            return new byte[2][];
        }

        @Override
        public byte[][] copy(byte[][] from) {
            return new byte[][] {from[0].clone(), from[1].clone()};
        }

        @Override
        public org.apache.flink.api.common.typeutils.TypeSerializerSnapshot<byte[][]> snapshotConfiguration() {
            throw new UnsupportedOperationException("not needed here");
        }
    }

    @Test
    void valuesOfAnySizeInAnyOrderComeBackAsWritten() throws IOException {
        Blob blob = new Blob();
        int[] sizes = {3, 5000, 0, 17, 70_000, 2, 5000, 1};
        DataOutputSerializer stream = new DataOutputSerializer(64);
        for (int size : sizes) {
            blob.serialize(bytes(size, size), stream);
        }
        DataInputDeserializer in = new DataInputDeserializer(stream.getCopyOfBuffer());
        for (int size : sizes) {
            assertThat(blob.deserialize(in)).isEqualTo(bytes(size, size));
        }
        assertThat(in.available()).isZero();
    }

    @Test
    void aValueWrittenInsideAnothersWriteKeepsItsOwnFrame() throws IOException {
        Pair pair = new Pair();
        DataOutputSerializer stream = new DataOutputSerializer(64);
        byte[][] first = {bytes(300, 1), bytes(40, 2)};
        byte[][] second = {bytes(2, 3), bytes(9000, 4)};
        pair.serialize(first, stream);
        pair.serialize(second, stream);
        DataInputDeserializer in = new DataInputDeserializer(stream.getCopyOfBuffer());
        assertThat(pair.deserialize(in)).isDeepEqualTo(first);
        assertThat(pair.deserialize(in)).isDeepEqualTo(second);
    }

    @Test
    void threadsSharingOneSerializerEachGetTheirOwnValuesBack() throws Exception {
        Blob blob = new Blob();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                results.add(threads.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        byte[] value = bytes(1 + (i * 37 + seed * 101) % 3000, seed * 7 + i);
                        DataOutputSerializer out = new DataOutputSerializer(64);
                        blob.serialize(value, out);
                        byte[] back = blob.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
                        if (!java.util.Arrays.equals(back, value)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static byte[] bytes(int size, int seed) {
        byte[] value = new byte[size];
        for (int i = 0; i < size; i++) {
            value[i] = (byte) (seed * 31 + i);
        }
        return value;
    }
}
