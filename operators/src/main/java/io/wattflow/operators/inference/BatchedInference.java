package io.wattflow.operators.inference;

import io.wattflow.models.ModelFiles;
import io.wattflow.models.ModelSource;
import io.wattflow.models.OnnxModel;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Runs one ONNX model over windows of many meters, batched: up to {@code maxBatch} windows or
 * {@code maxDelayMs} of processing time per ONNX Runtime call, whichever comes first.
 *
 * <p>No state: the pending batch is run before every checkpoint barrier, before every watermark
 * (so results are never late for what follows) and at the end of input. After a failure the
 * windows of the pending batch are replayed from the window operator's restored state, so nothing
 * is lost or doubled. One ORT session per operator instance, opened in {@link #open()}.
 */
public final class BatchedInference extends AbstractStreamOperator<ModelResult>
        implements OneInputStreamOperator<ModelWindow, ModelResult>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    private final ModelSource source;
    private final String modelName;
    private final int maxBatch;
    private final long maxDelayMs;
    private boolean keepInputs;

    private transient OnnxModel model;
    private transient ModelWindow[] pending;
    private transient int size;
    private transient float[] scores;
    private transient boolean timerSet;
    private transient Counter batches;
    private transient Counter windows;

    public BatchedInference(ModelSource source, String modelName, int maxBatch, long maxDelayMs) {
        if (maxBatch < 1 || maxDelayMs < 0) {
            throw new IllegalArgumentException("Give a batch size of at least 1 and a delay of at least 0 ms.");
        }
        this.source = source;
        this.modelName = modelName;
        this.maxBatch = maxBatch;
        this.maxDelayMs = maxDelayMs;
    }

    /** Each result also carries the window it was computed from, or the window's context ({@link ModelResult#input}). */
    public BatchedInference keepingInputs() {
        this.keepInputs = true;
        return this;
    }

    @Override
    public void open() throws Exception {
        super.open();
        model = OnnxModel.open(ModelFiles.load(source, modelName), maxBatch);
        pending = new ModelWindow[maxBatch];
        scores = new float[maxBatch * model.outputValuesPerWindow()];
        batches = getMetricGroup().counter("inferenceBatches");
        windows = getMetricGroup().counter("inferenceWindows");
    }

    @Override
    public void processElement(StreamRecord<ModelWindow> record) throws Exception {
        ModelWindow w = record.getValue();
        if (w.values.length != model.inputValuesPerWindow()) {
            throw new IllegalStateException("A window of " + w.values.length + " values reached " + model.manifest().id()
                    + ", which reads " + model.inputValuesPerWindow() + "; route each model's windows to its own operator.");
        }
        FloatBuffer in = model.input();
        in.position(size * model.inputValuesPerWindow());
        in.put(w.values);
        pending[size++] = w;
        if (size == maxBatch) {
            flush();
        } else if (!timerSet) {
            timerSet = true;
            long now = getProcessingTimeService().getCurrentProcessingTime();
            getProcessingTimeService().registerTimer(now + maxDelayMs, t -> {
                timerSet = false;
                flush();
            });
        }
    }

    private void flush() {
        if (size == 0) {
            return;
        }
        model.run(size, scores);
        int per = model.outputValuesPerWindow();
        String name = model.manifest().name;
        String version = model.manifest().version;
        for (int i = 0; i < size; i++) {
            ModelWindow w = pending[i];
            float[] values = Arrays.copyOfRange(scores, i * per, (i + 1) * per);
            ModelResult result = new ModelResult(w.meterId, name, version, w.startMs, w.endMs, values);
            if (keepInputs) {
                result.input = w.context != null ? w.context : w.values;
            }
            output.collect(new StreamRecord<>(result, w.endMs));
            pending[i] = null;
        }
        batches.inc();
        windows.inc(size);
        size = 0;
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() {
        flush();
    }

    @Override
    public void close() throws Exception {
        if (model != null) {
            model.close();
        }
        super.close();
    }
}
