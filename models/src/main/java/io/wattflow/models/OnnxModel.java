package io.wattflow.models;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;

/**
 * One ONNX Runtime session over a checked model, for one operator instance (or one benchmark
 * thread). Inputs are written into a direct buffer the session reads without copying; every
 * tensor and result is closed after the call.
 *
 * <p>Threads: one intra-op and one inter-op thread, spinning off. Flink already runs one task
 * thread per slot; ORT threads that spin would steal the other slots' cores.
 */
public final class OnnxModel implements AutoCloseable {
    private final ModelManifest manifest;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final long[] inputShape;
    private final int inputPerWindow;
    private final int outputPerWindow;
    private final FloatBuffer input;
    private final int maxBatch;

    private OnnxModel(ModelManifest manifest, OrtEnvironment env, OrtSession session, int maxBatch) {
        this.manifest = manifest;
        this.env = env;
        this.session = session;
        this.maxBatch = maxBatch;
        this.inputName = manifest.input().name;
        this.inputShape = manifest.input().shape.clone();
        this.inputPerWindow = Math.toIntExact(inputShape[1] * inputShape[2]);
        this.outputPerWindow = manifest.outputValuesPerWindow();
        this.input = ByteBuffer.allocateDirect(maxBatch * inputPerWindow * Float.BYTES)
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** Opens a session for a model whose files were checked; refuses a model that does not match its manifest. */
    public static OnnxModel open(ModelFiles files, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("The batch size must be at least 1, was " + maxBatch + ".");
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session = null;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.addConfigEntry("session.inter_op.allow_spinning", "0");
            session = env.createSession(files.onnx, options);
            checkMatches(files.manifest, files.manifest.input(), session.getInputInfo(), "input");
            checkMatches(files.manifest, files.manifest.output(), session.getOutputInfo(), "output");
            return new OnnxModel(files.manifest, env, session, maxBatch);
        } catch (OrtException e) {
            closeQuietly(session);
            throw new ModelLoadException("ONNX Runtime cannot load " + files.manifest.id() + " (" + e.getMessage()
                    + "); export the model again with a supported opset.", e);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private static void checkMatches(ModelManifest m, ModelManifest.TensorSpec spec, Map<String, NodeInfo> actual,
            String role) {
        NodeInfo node = actual.get(spec.name);
        if (actual.size() != 1 || node == null || !(node.getInfo() instanceof TensorInfo)) {
            throw new ModelLoadException(m.id() + ": the manifest names " + role + " '" + spec.name + "' but the model's "
                    + role + "s are " + actual.keySet() + "; export the model and its manifest together.");
        }
        TensorInfo info = (TensorInfo) node.getInfo();
        if (!Arrays.equals(info.getShape(), spec.shape) || info.type != OnnxJavaType.FLOAT) {
            throw new ModelLoadException(m.id() + ": the manifest says " + role + " '" + spec.name + "' is float "
                    + Arrays.toString(spec.shape) + " but the model file has " + info.type + " "
                    + Arrays.toString(info.getShape()) + "; export the model and its manifest together.");
        }
    }

    public ModelManifest manifest() {
        return manifest;
    }

    public int maxBatch() {
        return maxBatch;
    }

    public int inputValuesPerWindow() {
        return inputPerWindow;
    }

    public int outputValuesPerWindow() {
        return outputPerWindow;
    }

    /** The input buffer: window {@code i} occupies {@code [i * inputValuesPerWindow(), (i + 1) * ...)}, feature-major. */
    public FloatBuffer input() {
        return input;
    }

    /**
     * Runs the first {@code batch} windows of {@link #input()} and writes {@code batch * outputValuesPerWindow()}
     * values into {@code output}.
     */
    public void run(int batch, float[] output) {
        if (batch < 1 || batch > maxBatch) {
            throw new IllegalArgumentException("batch must be 1.." + maxBatch + ", was " + batch);
        }
        long[] shape = inputShape.clone();
        shape[0] = batch;
        FloatBuffer view = input.duplicate();
        view.position(0).limit(batch * inputPerWindow);
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, view, shape);
                OrtSession.Result result = session.run(Collections.singletonMap(inputName, tensor))) {
            FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
            out.get(output, 0, batch * outputPerWindow);
        } catch (OrtException e) {
            throw new IllegalStateException(manifest.id() + " failed on a batch of " + batch + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // Closing releases native memory; there is nothing left to do if it reports an error.
            }
        }
    }
}
