package io.wattflow.operators.bench;

import io.wattflow.operators.changepoint.ChangeDetectors;
import io.wattflow.operators.changepoint.ChangepointPipeline;
import io.wattflow.operators.changepoint.EdgeState;
import io.wattflow.operators.changepoint.SignatureState;
import io.wattflow.operators.interval.IntervalAccumulator;
import io.wattflow.operators.meter.MeterStreamState;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * What RocksDB makes the meter operator do with every reading besides its own work: write the meter's
 * value (open minutes, edge detector, signature ring) and read it back, through the serializer Flink
 * uses for it. One thread, 1,000 meters' values after a minute of 1 Hz readings each (a full ring),
 * taken in turn. {@code powers}: {@code tenths} as a Shelly reports them, {@code full} with the noise
 * left at full precision (no meter's decimals). Also reports the bytes written per value.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MeterStateBenchmark {
    private static final int METERS = 1_000;
    private static final long T0 = 1_704_067_200_000L;

    @Param({"tenths", "full"})
    public String powers;

    private TypeSerializer<Tuple3<MeterStreamState, EdgeState, SignatureState>> serializer;
    private Tuple3<MeterStreamState, EdgeState, SignatureState>[] values;
    private final DataOutputSerializer out = new DataOutputSerializer(1_024);
    private int next;

    @Setup
    @SuppressWarnings("unchecked")
    public void setUp() throws IOException {
        serializer = new TupleTypeInfo<Tuple3<MeterStreamState, EdgeState, SignatureState>>(TypeInformation.of(MeterStreamState.class),
                TypeInformation.of(EdgeState.class), TypeInformation.of(SignatureState.class))
                .createSerializer(new ExecutionConfig().getSerializerConfig());
        ChangepointPipeline<EdgeState> pipeline = (ChangepointPipeline<EdgeState>) ChangeDetectors.pipeline("edge", ChangeDetectors.DEFAULT_MIN_STEP_W);
        SplittableRandom rng = new SplittableRandom(1);
        values = new Tuple3[METERS];
        long bytes = 0;
        for (int m = 0; m < METERS; m++) {
            EdgeState edge = pipeline.detector().newState();
            SignatureState ring = new SignatureState();
            IntervalAccumulator minute = new IntervalAccumulator();
            double base = 80 + m % 200;
            for (int s = 0; s < 60; s++) {
                double w = base + (s % 40 < 15 ? 1_000 + m % 500 : 0) + rng.nextDouble(-3, 3);
                if (powers.equals("tenths")) {
                    w = Math.round(w * 10) / 10.0;
                }
                pipeline.process(edge, ring, "m-" + m, T0 + s * 1_000L, w, null, new int[1]);
                minute.add(w);
            }
            MeterStreamState stream = new MeterStreamState();
            stream.openStarts = new long[] {T0};
            stream.open = new IntervalAccumulator[] {minute};
            values[m] = Tuple3.of(stream, edge, ring);
            out.clear();
            serializer.serialize(values[m], out);
            bytes += out.length();
        }
        System.out.printf("%n%s: %.1f bytes per meter's value%n", powers, bytes / (double) METERS);
    }

    @Benchmark
    public int write() throws IOException {
        int m = next;
        next = m + 1 == METERS ? 0 : m + 1;
        out.clear();
        serializer.serialize(values[m], out);
        return out.length();
    }

    @Benchmark
    public Tuple3<MeterStreamState, EdgeState, SignatureState> writeAndRead() throws IOException {
        int m = next;
        next = m + 1 == METERS ? 0 : m + 1;
        out.clear();
        serializer.serialize(values[m], out);
        return serializer.deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
    }
}
