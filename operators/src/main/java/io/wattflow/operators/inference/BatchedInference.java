package io.wattflow.operators.inference;

import io.wattflow.models.ModelSource;
import io.wattflow.models.OnnxModel;
import io.wattflow.record.ControlError;
import io.wattflow.record.ModelControl;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.OutputTag;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Runs one ONNX model over windows of many meters, batched: up to {@code maxBatch} windows or
 * {@code maxDelayMs} of processing time per ONNX Runtime call, whichever comes first. Its second
 * input is the model control (broadcast): serve another version of the model, or roll back.
 *
 * <p>The pending batch is run before every checkpoint barrier, before every watermark (so results
 * are never late for what follows) and at the end of input. After a failure the windows of the
 * pending batch are replayed from the window operator's restored state, so nothing is lost or doubled.
 *
 * <p>Model versions: a serve command is loaded, checked (sha256, name, version, tensors, window and
 * features as the job was built for) and warmed up when it arrives, and takes over at the next
 * checkpoint barrier, after the pending batch ran on the version before: every result of a checkpoint
 * comes from one version, and a restore from that checkpoint serves the version it recorded (union
 * operator state, 0 bytes until the first switch, about 300 bytes after). Without checkpoints it takes
 * over at once. The version it replaces stays open for a rollback. A refused command goes to
 * {@link #CONTROL_ERRORS} and the serving version keeps running. The control input's watermarks are
 * ignored: commands are not in the meters' event time, and an idle control topic must not hold the
 * results back.
 */
public final class BatchedInference extends AbstractStreamOperator<ModelResult>
        implements TwoInputStreamOperator<ModelWindow, ModelControl, ModelResult>, BoundedMultiInput {
    private static final long serialVersionUID = 2L;
    public static final OutputTag<ControlError> CONTROL_ERRORS = new OutputTag<>("control-errors") {};

    private final ModelSource source;
    private final String modelName;
    private final int maxBatch;
    private final long maxDelayMs;
    private boolean keepInputs;
    private boolean switchAtOnce;

    private transient ModelServing serving;
    private transient ListState<ServingRecord> servingState;
    private transient ModelWindow[] pending;
    private transient int size;
    private transient float[] scores;
    private transient boolean timerSet;
    private transient Counter batches;
    private transient Counter windows;
    private transient Counter switches;
    private transient Counter refusals;
    private transient Histogram runMs;
    private transient Histogram batchSizes;
    private transient Set<String> versionGauges;

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

    /** For a job without checkpoints: a new version takes over as soon as it is ready, there being no barrier to wait for. */
    public BatchedInference switchingAtOnce() {
        this.switchAtOnce = true;
        return this;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        servingState = context.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>("model-serving", ServingRecord.class));
        ServingRecord last = null;
        for (ServingRecord r : servingState.get()) {
            if (modelName.equals(r.model) && (last == null || r.switchedAtMs > last.switchedAtMs)) {
                last = r;
            }
        }
        if (last != null) {
            try {
                serving = ModelServing.restored(last, maxBatch);
            } catch (RuntimeException e) {
                // The job keeps running on the configured model; every result says which version it is.
                LOG.warn("Cannot serve {} {} again after the restore ({}); serving the configured model instead.", last.model, last.version,
                        e.getMessage());
            }
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        if (serving == null) {
            serving = ModelServing.configured(source, modelName, maxBatch);
        }
        // Commands have no event time of their own here: only the windows' watermarks count.
        combinedWatermark.updateStatus(1, true);
        OnnxModel model = serving.model();
        pending = new ModelWindow[maxBatch];
        scores = new float[maxBatch * model.outputValuesPerWindow()];
        batches = getMetricGroup().counter("inferenceBatches");
        windows = getMetricGroup().counter("inferenceWindows");
        switches = getMetricGroup().counter("modelSwitches");
        refusals = getMetricGroup().counter("modelControlRefused");
        // The last 500 ONNX Runtime calls: the reporter exports their quantiles (p50, p95, p99, max).
        runMs = getMetricGroup().histogram("inferenceMs", new DescriptiveStatisticsHistogram(500));
        batchSizes = getMetricGroup().histogram("inferenceBatchSize", new DescriptiveStatisticsHistogram(500));
        versionGauges = new HashSet<>();
        gaugeServing(serving.servingVersion());
    }

    /** {@code modelServing} is 1 under the serving version's label and 0 under the others this task served. */
    private void gaugeServing(String version) {
        if (versionGauges.add(version)) {
            getMetricGroup().addGroup("model", modelName).addGroup("version", version)
                    .gauge("modelServing", () -> version.equals(serving.servingVersion()) ? 1 : 0);
        }
    }

    @Override
    public void processElement1(StreamRecord<ModelWindow> record) throws Exception {
        ModelWindow w = record.getValue();
        OnnxModel model = serving.model();
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

    @Override
    public void processElement2(StreamRecord<ModelControl> record) {
        ModelControl c = record.getValue();
        if (!modelName.equals(c.model)) {
            return;
        }
        String refused = serving.stage(c);
        if (refused != null) {
            refusals.inc();
            output.collect(CONTROL_ERRORS, new StreamRecord<>(ControlError.of(c, refused, serving.servingVersion(),
                    getProcessingTimeService().getCurrentProcessingTime(), getRuntimeContext().getTaskInfo().getIndexOfThisSubtask())));
        } else if (switchAtOnce) {
            switchToStaged();
        }
    }

    /** Runs the pending batch, then lets a staged version take over (nothing more when none is staged). */
    private void switchToStaged() {
        flush();
        if (serving.switchToStaged(getProcessingTimeService().getCurrentProcessingTime())) {
            switches.inc();
            gaugeServing(serving.servingVersion());
            LOG.info("{} now serves version {}.", modelName, serving.servingVersion());
        }
    }

    private void flush() {
        if (size == 0) {
            return;
        }
        OnnxModel model = serving.model();
        long started = System.nanoTime();
        model.run(size, scores);
        runMs.update((System.nanoTime() - started) / 1_000_000);
        batchSizes.update(size);
        int per = model.outputValuesPerWindow();
        String name = model.manifest().name;
        String version = model.manifest().version;
        for (int i = 0; i < size; i++) {
            ModelWindow w = pending[i];
            float[] values = Arrays.copyOfRange(scores, i * per, (i + 1) * per);
            ModelResult result = new ModelResult(w.meterId, name, version, w.startMs, w.endMs, values);
            result.cutMs = w.cutMs;
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
    public void processWatermark1(Watermark mark) throws Exception {
        flush();
        super.processWatermark1(mark);
    }

    @Override
    public void processWatermark2(Watermark mark) {
        // Ignored: see the class comment.
    }

    @Override
    protected void processWatermarkStatus(WatermarkStatus status, int index) throws Exception {
        if (index == 0) {
            super.processWatermarkStatus(status, index);
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        switchToStaged(); // runs the pending batch first, on the version before
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        ServingRecord r = serving.record();
        servingState.update(r == null ? java.util.List.of() : java.util.List.of(r));
    }

    @Override
    public void endInput(int inputId) {
        if (inputId == 1) {
            flush();
        }
    }

    @Override
    public void close() throws Exception {
        if (serving != null) {
            serving.close();
        }
        super.close();
    }

    /** The histogram of windows per ONNX Runtime call (for tests). */
    Histogram batchSizes() {
        return batchSizes;
    }

    /** The histogram of milliseconds per ONNX Runtime call (for tests). */
    Histogram runMs() {
        return runMs;
    }

    /** The version running now (for tests and logs). */
    String servingVersion() {
        return serving.servingVersion();
    }
}
