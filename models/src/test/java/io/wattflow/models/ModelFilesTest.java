package io.wattflow.models;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Loading refuses models that do not match their manifests, with a message that says what to do. */
class ModelFilesTest {
    private static final String NAME = "heatpump-detection";

    @TempDir
    Path dir;

    @Test
    void loadsFromADirectoryUriAsFromTheClasspath() throws Exception {
        copyShipped();
        ModelFiles fromDir = ModelFiles.load(ModelSource.of(dir.toUri().toString()), NAME);
        ModelFiles fromJar = ModelFiles.load(ModelSource.classpath(), NAME);
        assertThat(fromDir.onnx).isEqualTo(fromJar.onnx);
        assertThat(fromDir.manifest.version).isEqualTo(fromJar.manifest.version);
        try (OnnxModel m = OnnxModel.open(fromDir, 2)) {
            assertThat(m.manifest().id()).isEqualTo(NAME + " " + fromJar.manifest.version);
        }
    }

    @Test
    void refusesAModelFileThatIsNotTheOneTheManifestNames() throws Exception {
        copyShipped();
        Path onnx = dir.resolve(NAME + ".onnx");
        byte[] bytes = Files.readAllBytes(onnx);
        bytes[bytes.length - 1] ^= 1;
        Files.write(onnx, bytes);
        assertThatThrownBy(() -> ModelFiles.load(ModelSource.of(dir.toString()), NAME))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("sha256").hasMessageContaining("from the same export");
    }

    @Test
    void refusesAManifestWhoseShapesTheModelDoesNotHave() throws Exception {
        copyShipped();
        // A consistent manifest (2 features x 96 steps) for a model that reads 672 steps.
        rewriteManifest(m -> m.replace("\"length\": 672", "\"length\": 96").replace("672\n", "96\n"));
        ModelFiles files = ModelFiles.load(ModelSource.of(dir.toString()), NAME);
        assertThatThrownBy(() -> OnnxModel.open(files, 1))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("[-1, 2, 96]").hasMessageContaining("[-1, 2, 672]")
                .hasMessageContaining("export the model and its manifest together");
    }

    @Test
    void refusesAManifestThatContradictsItself() throws Exception {
        copyShipped();
        rewriteManifest(m -> m.replace("\"length\": 672", "\"length\": 96"));
        assertThatThrownBy(() -> ModelFiles.load(ModelSource.of(dir.toString()), NAME))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("must be [batch, 2 features, 96 window steps]");
    }

    @Test
    void refusesANilmManifestWhoseAppliancesOrEstimatesDoNotFitItsOutput() throws Exception {
        copyShipped("nilm-appliances");
        rewriteManifest("nilm-appliances", m -> m.replaceFirst("\\{\\s*\"name\": \"kettle\"[^}]*},", ""));
        assertThatThrownBy(() -> ModelFiles.load(ModelSource.of(dir.toString()), "nilm-appliances"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("must be [batch, 2 (power, probability), 3 appliances, 32 steps]");
        rewriteManifest("nilm-appliances", m -> m.replace("\"offset\": 112", "\"offset\": 240"));
        assertThatThrownBy(() -> ModelFiles.load(ModelSource.of(dir.toString()), "nilm-appliances"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("estimates must lie inside the window of 256 steps");
    }

    @Test
    void refusesAClassifierManifestWhoseClassesDoNotFitItsOutput() throws Exception {
        copyShipped("appliance-classifier");
        rewriteManifest("appliance-classifier", m -> m.replace("\"washing_machine\"\n", "\"washing_machine\",\n    \"dryer\"\n"));
        assertThatThrownBy(() -> ModelFiles.load(ModelSource.of(dir.toString()), "appliance-classifier"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("output shape [-1, 5] must be [batch, 6 classes]");
    }

    @Test
    void saysWhereItLookedForAMissingModel() {
        assertThatThrownBy(() -> ModelFiles.load(ModelSource.of(dir.toString()), "no-such-model"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("no-such-model.manifest.json").hasMessageContaining("--models");
    }

    @Test
    void refusesABatchLargerThanTheSessionWasOpenedFor() {
        try (OnnxModel m = OnnxModel.open(ModelFiles.load(ModelSource.classpath(), NAME), 2)) {
            assertThatThrownBy(() -> m.run(3, new float[3])).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private void copyShipped() throws IOException {
        copyShipped(NAME);
    }

    private void copyShipped(String name) throws IOException {
        for (String file : new String[] {name + ".manifest.json", name + ".onnx"}) {
            try (InputStream in = getClass().getResourceAsStream("/models/" + file)) {
                Files.copy(in, dir.resolve(file));
            }
        }
    }

    private void rewriteManifest(java.util.function.UnaryOperator<String> edit) throws IOException {
        rewriteManifest(NAME, edit);
    }

    private void rewriteManifest(String name, java.util.function.UnaryOperator<String> edit) throws IOException {
        Path manifest = dir.resolve(name + ".manifest.json");
        String text = Files.readString(manifest, StandardCharsets.UTF_8);
        String edited = edit.apply(text);
        assertThat(edited).isNotEqualTo(text);
        Files.writeString(manifest, edited, StandardCharsets.UTF_8);
    }
}
