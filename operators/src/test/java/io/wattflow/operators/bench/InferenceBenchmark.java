package io.wattflow.operators.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.wattflow.models.ModelFiles;
import io.wattflow.models.ModelSource;
import io.wattflow.operators.inference.BatchedInference;
import io.wattflow.operators.inference.ModelResult;
import io.wattflow.operators.inference.ModelWindow;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import io.wattflow.record.ModelControl;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Collections;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Windows per second through {@link BatchedInference} (copy into the direct buffer, one ORT call per
 * batch, one result record per window) against raw ONNX Runtime on the same model and batch size
 * (the window copied into a direct buffer, a tensor made, run, output read), one thread each.
 * Every invocation pushes {@value #WINDOWS} windows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InferenceBenchmark {
    static final int WINDOWS = 128;

    @Param({"heatpump-detection", "heatpump-disaggregation", "nilm-appliances"})
    public String model;

    @Param({"1", "8", "32", "128"})
    public int batch;

    private ModelWindow[] windows;
    private TwoInputStreamOperatorTestHarness<ModelWindow, ModelControl, ModelResult> harness;
    private OrtEnvironment env;
    private OrtSession session;
    private FloatBuffer direct;
    private long[] shape;
    private String inputName;
    private float[] out;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ModelFiles files = ModelFiles.load(ModelSource.classpath(), model);
        long[] declared = files.manifest.input().shape;
        int perWindow = (int) (declared[1] * declared[2]);
        SplittableRandom rng = new SplittableRandom(3);
        windows = new ModelWindow[WINDOWS];
        for (int i = 0; i < WINDOWS; i++) {
            float[] v = new float[perWindow];
            for (int j = 0; j < perWindow; j++) {
                v[j] = (float) rng.nextDouble(0, 2);
            }
            windows[i] = new ModelWindow("meter-" + i, model, 0, 1, v);
        }
        harness = new TwoInputStreamOperatorTestHarness<>(new BatchedInference(ModelSource.classpath(), model, batch, 60_000));
        harness.open();

        env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(1);
            o.setInterOpNumThreads(1);
            o.addConfigEntry("session.intra_op.allow_spinning", "0");
            session = env.createSession(files.onnx, o);
        }
        inputName = files.manifest.input().name;
        shape = new long[] {batch, declared[1], declared[2]};
        direct = ByteBuffer.allocateDirect(batch * perWindow * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        out = new float[batch * files.manifest.outputValuesPerWindow()];
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        harness.close();
        session.close();
    }

    @Benchmark
    @OperationsPerInvocation(WINDOWS)
    public int operator() throws Exception {
        for (ModelWindow w : windows) {
            harness.processElement1(new StreamRecord<>(w, 1));
        }
        int n = harness.getOutput().size();
        harness.getOutput().clear();
        return n;
    }

    @Benchmark
    @OperationsPerInvocation(WINDOWS)
    public float rawOnnxRuntime() throws Exception {
        float sum = 0;
        for (int first = 0; first < WINDOWS; first += batch) {
            direct.clear();
            for (int i = first; i < first + batch; i++) {
                direct.put(windows[i].values);
            }
            direct.flip();
            try (OnnxTensor t = OnnxTensor.createTensor(env, direct, shape);
                    OrtSession.Result r = session.run(Collections.singletonMap(inputName, t))) {
                ((OnnxTensor) r.get(0)).getFloatBuffer().get(out);
                sum += out[0];
            }
        }
        return sum;
    }
}
