package io.wattflow.operators.inference;

import io.wattflow.models.ModelFiles;
import io.wattflow.models.ModelSource;
import io.wattflow.models.OnnxModel;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import io.wattflow.record.ModelControl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The batching operator with the shipped disaggregation model in ONNX Runtime. */
class BatchedInferenceTest {
    private static final String MODEL = "heatpump-disaggregation";
    private static final long DAY = 86_400_000L;

    private TwoInputStreamOperatorTestHarness<ModelWindow, ModelControl, ModelResult> harness;
    private OnnxModel reference;

    @BeforeEach
    void open() throws Exception {
        harness = new TwoInputStreamOperatorTestHarness<>(new BatchedInference(ModelSource.classpath(), MODEL, 4, 1_000));
        harness.open();
        reference = OnnxModel.open(ModelFiles.load(ModelSource.classpath(), MODEL), 1);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
        reference.close();
    }

    private ModelWindow window(int i) {
        SplittableRandom rng = new SplittableRandom(i);
        int steps = reference.manifest().window.length;
        float[] v = new float[2 * steps];
        for (int s = 0; s < steps; s++) {
            v[s] = (float) (rng.nextDouble() * 2);
            v[steps + s] = (float) (rng.nextDouble() * 2 - 1);
        }
        return new ModelWindow("meter-" + i, MODEL, i * DAY, (i + 1) * DAY, v);
    }

    private float[] alone(ModelWindow w) {
        reference.input().put(0, w.values);
        float[] out = new float[reference.outputValuesPerWindow()];
        reference.run(1, out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private List<Object> output() {
        return new ArrayList<>(harness.getOutput());
    }

    private List<ModelResult> results() {
        List<ModelResult> out = new ArrayList<>();
        for (Object o : output()) {
            if (o instanceof StreamRecord) {
                out.add((ModelResult) ((StreamRecord<?>) o).getValue());
            }
        }
        return out;
    }

    @Test
    void runsFullBatchesAtOnceAndEachResultIsWhatTheModelSaysAlone() throws Exception {
        for (int i = 0; i < 10; i++) {
            harness.processElement1(window(i), (i + 1) * DAY);
        }
        assertThat(results()).as("two full batches of 4, two windows pending").hasSize(8);
        harness.endInput1();
        List<ModelResult> out = results();
        assertThat(out).hasSize(10);
        for (int i = 0; i < 10; i++) {
            ModelResult r = out.get(i);
            assertThat(r.meterId).isEqualTo("meter-" + i);
            assertThat(r.model).isEqualTo(MODEL);
            assertThat(r.modelVersion).isEqualTo(reference.manifest().version);
            assertThat(r.startMs).isEqualTo(i * DAY);
            float[] expected = alone(window(i));
            assertThat(r.values).hasSize(reference.outputValuesPerWindow());
            for (int s = 0; s < r.values.length; s++) {
                assertThat(r.values[s]).isCloseTo(expected[s], within(1e-5f));
            }
        }
    }

    @Test
    void eachOnnxRunIsMeasuredWithItsBatchSize() throws Exception {
        BatchedInference op = (BatchedInference) harness.getOperator();
        for (int i = 0; i < 10; i++) {
            harness.processElement1(window(i), (i + 1) * DAY);
        }
        harness.endInput1();
        assertThat(op.batchSizes().getCount()).as("4 + 4 + 2").isEqualTo(3);
        assertThat(op.batchSizes().getStatistics().getMax()).isEqualTo(4);
        assertThat(op.batchSizes().getStatistics().getMin()).isEqualTo(2);
        assertThat(op.runMs().getCount()).isEqualTo(3);
        assertThat(op.runMs().getStatistics().getMin()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void aPartBatchRunsWhenItsDelayHasPassed() throws Exception {
        harness.setProcessingTime(0);
        harness.processElement1(window(1), DAY);
        harness.setProcessingTime(999);
        assertThat(results()).isEmpty();
        harness.setProcessingTime(1_000);
        assertThat(results()).hasSize(1);
    }

    @Test
    void resultsGoOutBeforeTheWatermarkThatFollowsTheirWindows() throws Exception {
        harness.processElement1(window(0), DAY);
        harness.processWatermark1(new Watermark(DAY));
        List<Object> out = output();
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).isInstanceOf(StreamRecord.class);
        assertThat(out.get(1)).isEqualTo(new Watermark(DAY));
    }

    @Test
    void theControlInputNeverHoldsTheWatermarkBack() throws Exception {
        harness.processWatermark2(new Watermark(0));
        harness.processWatermark1(new Watermark(5 * DAY));
        harness.processWatermark1(new Watermark(6 * DAY));
        assertThat(output()).containsExactly(new Watermark(5 * DAY), new Watermark(6 * DAY));
    }

    @Test
    void nothingIsPendingInACheckpoint() throws Exception {
        harness.processElement1(window(0), DAY);
        harness.processElement1(window(1), 2 * DAY);
        harness.prepareSnapshotPreBarrier(1);
        assertThat(results()).hasSize(2);
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);

        // A restored instance starts empty and works: until a model switch the operator keeps no state.
        var restored = new TwoInputStreamOperatorTestHarness<>(new BatchedInference(ModelSource.classpath(), MODEL, 4, 1_000));
        restored.initializeState(snapshot);
        restored.open();
        restored.processElement1(window(2), 3 * DAY);
        restored.endInput1();
        assertThat(restored.extractOutputValues()).hasSize(1);
        restored.close();
    }
}
