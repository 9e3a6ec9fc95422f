package io.wattflow.operators.inference;

import io.wattflow.models.ModelFiles;
import io.wattflow.models.ModelSource;
import io.wattflow.models.OnnxModel;
import io.wattflow.record.ControlError;
import io.wattflow.record.ModelControl;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Serving another version of a model while the job runs, and rolling back: the shipped NILM model
 * 1.0.0 and the 1.1.0 trained for the evaluation (same tensors and window, other weights), both
 * real files in ONNX Runtime.
 */
class ModelSwitchTest {
    private static final String MODEL = "nilm-appliances";
    private static final Path V110 = Path.of("../models/eval/nilm-1.1.0/fold-1").toAbsolutePath().normalize();
    private static final long MINUTE = 60_000L;

    private TwoInputStreamOperatorTestHarness<ModelWindow, ModelControl, ModelResult> harness;
    private OnnxModel v100;
    private OnnxModel v110;

    @BeforeEach
    void open() throws Exception {
        harness = harness(null);
        v100 = OnnxModel.open(ModelFiles.load(ModelSource.classpath(), MODEL), 1);
        v110 = OnnxModel.open(ModelFiles.load(ModelSource.of(V110.toUri().toString()), MODEL), 1);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
        v100.close();
        v110.close();
    }

    private static TwoInputStreamOperatorTestHarness<ModelWindow, ModelControl, ModelResult> harness(OperatorSubtaskState restore)
            throws Exception {
        var h = new TwoInputStreamOperatorTestHarness<>(new BatchedInference(ModelSource.classpath(), MODEL, 8, 60_000));
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }

    private static ModelWindow window(int i) {
        SplittableRandom rng = new SplittableRandom(i);
        float[] v = new float[256];
        for (int s = 0; s < v.length; s++) {
            v[s] = (float) (rng.nextDouble() * 3 - 0.5);
        }
        return new ModelWindow("meter-" + (i % 3), MODEL, i * 32 * MINUTE, (i * 32 + 256) * MINUTE, v);
    }

    private static float[] alone(OnnxModel m, ModelWindow w) {
        m.input().put(0, w.values);
        float[] out = new float[m.outputValuesPerWindow()];
        m.run(1, out);
        return out;
    }

    private static ModelControl serve110() throws Exception {
        return ModelControl.serve(MODEL, "1.1.0", V110.toUri().toString(), sha256Of(V110));
    }

    private static String sha256Of(Path dir) throws Exception {
        return ModelFiles.load(ModelSource.of(dir.toUri().toString()), MODEL).manifest.sha256;
    }

    private void feed(int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            harness.processElement1(window(i), window(i).endMs);
        }
    }

    private List<ControlError> refusals() {
        return harness.getSideOutput(BatchedInference.CONTROL_ERRORS) == null ? List.of()
                : harness.getSideOutput(BatchedInference.CONTROL_ERRORS).stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void aNewVersionTakesOverAtTheNextCheckpointAndEveryWindowIsScoredOnce() throws Exception {
        feed(0, 3);
        harness.processElement2(serve110(), 0);
        feed(3, 6);
        assertThat(harness.extractOutputValues()).as("nothing ran yet: batches of 8").isEmpty();
        harness.prepareSnapshotPreBarrier(1);
        feed(6, 10);
        harness.endInput1();

        List<ModelResult> out = harness.extractOutputValues();
        assertThat(out).hasSize(10);
        for (int i = 0; i < 10; i++) {
            ModelResult r = out.get(i);
            assertThat(r.startMs).isEqualTo(window(i).startMs);
            boolean before = i < 6;
            assertThat(r.modelVersion).as("window %d", i).isEqualTo(before ? "1.0.0" : "1.1.0");
            float[] expected = alone(before ? v100 : v110, window(i));
            for (int s = 0; s < expected.length; s++) {
                assertThat(r.values[s]).isCloseTo(expected[s], within(1e-3f));
            }
        }
        assertThat(refusals()).isEmpty();
        float[] a = alone(v100, window(7));
        float[] b = alone(v110, window(7));
        assertThat(a).as("the two versions are different models").isNotEqualTo(b);
    }

    @Test
    void aRollbackReturnsToTheVersionBeforeAndRestoreServesWhatTheCheckpointRecorded() throws Exception {
        harness.processElement2(serve110(), 0);
        harness.prepareSnapshotPreBarrier(1);
        OperatorSubtaskState afterSwitch = harness.snapshot(1, 1);
        harness.processElement2(ModelControl.rollback(MODEL), 0);
        harness.prepareSnapshotPreBarrier(2);
        feed(0, 1);
        harness.endInput1();
        assertThat(harness.extractOutputValues()).extracting(r -> r.modelVersion).containsExactly("1.0.0");

        var restored = harness(afterSwitch);
        restored.processElement1(window(1), window(1).endMs);
        restored.prepareSnapshotPreBarrier(2);
        assertThat(restored.extractOutputValues()).extracting(r -> r.modelVersion).as("restored after the switch").containsExactly("1.1.0");
        restored.processElement2(ModelControl.rollback(MODEL), 0);
        restored.prepareSnapshotPreBarrier(3);
        restored.processElement1(window(2), window(2).endMs);
        restored.endInput1();
        assertThat(restored.extractOutputValues()).extracting(r -> r.modelVersion).as("the version before survives the restore too")
                .containsExactly("1.1.0", "1.0.0");
        restored.close();
    }

    @Test
    void aRefusedModelIsReportedAndTheServingVersionKeepsRunning(@TempDir Path tmp) throws Exception {
        // Not the files the command names: the checksum it gives is the shipped model's.
        ModelControl wrongChecksum = ModelControl.serve(MODEL, "1.1.0", V110.toUri().toString(), v100.manifest().sha256);
        ModelControl wrongVersion = ModelControl.serve(MODEL, "2.0.0", V110.toUri().toString(), sha256Of(V110));
        ModelControl nothingThere = ModelControl.serve(MODEL, "1.1.0", tmp.resolve("missing").toUri().toString(), sha256Of(V110));
        // A heat-pump model's file under the NILM model's name: its tensors are not the job's.
        Path impostor = Files.createDirectories(tmp.resolve("impostor"));
        String detection = new String(ModelSource.classpath().read("heatpump-detection.manifest.json"))
                .replaceFirst("\"name\"\\s*:\\s*\"heatpump-detection\"", "\"name\": \"" + MODEL + "\"");
        Files.writeString(impostor.resolve(MODEL + ".manifest.json"), detection);
        Files.write(impostor.resolve("heatpump-detection.onnx"), ModelSource.classpath().read("heatpump-detection.onnx"));
        ModelControl wrongShape = ModelControl.serve(MODEL, ModelFiles.load(ModelSource.of(impostor.toUri().toString()), MODEL).manifest.version,
                impostor.toUri().toString(), sha256Of(impostor));
        ModelControl noEarlier = ModelControl.rollback(MODEL);

        for (ModelControl c : List.of(wrongChecksum, wrongVersion, nothingThere, wrongShape, noEarlier)) {
            harness.processElement2(c, 0);
        }
        harness.prepareSnapshotPreBarrier(1);
        feed(0, 1);
        harness.endInput1();

        assertThat(harness.extractOutputValues()).extracting(r -> r.modelVersion).containsExactly("1.0.0");
        List<ControlError> errors = refusals();
        assertThat(errors).hasSize(5).allSatisfy(e -> assertThat(e.servingVersion).isEqualTo("1.0.0"));
        assertThat(errors.get(0).reason).contains("sha256");
        assertThat(errors.get(1).reason).contains("version 1.1.0, not 2.0.0");
        assertThat(errors.get(2).reason).contains("Cannot read model file");
        assertThat(errors.get(3).reason).contains("inputs differ");
        assertThat(errors.get(4).reason).contains("no earlier version");
    }

    @Test
    void withoutCheckpointsANewVersionTakesOverAtOnce() throws Exception {
        var h = new TwoInputStreamOperatorTestHarness<>(new BatchedInference(ModelSource.classpath(), MODEL, 8, 60_000).switchingAtOnce());
        h.open();
        h.processElement1(window(0), window(0).endMs);
        h.processElement2(serve110(), 0);
        h.processElement1(window(1), window(1).endMs);
        h.endInput1();
        assertThat(h.extractOutputValues()).extracting(r -> r.modelVersion).containsExactly("1.0.0", "1.1.0");
        h.close();
    }

    @Test
    void commandsForAnotherModelAreNotThisOperatorsBusiness() throws Exception {
        harness.processElement2(ModelControl.rollback("heatpump-detection"), 0);
        harness.prepareSnapshotPreBarrier(1);
        assertThat(refusals()).isEmpty();
    }
}
