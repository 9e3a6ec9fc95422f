package io.wattflow.jobs.eval.appliance;

import io.wattflow.models.ModelFiles;
import io.wattflow.models.ModelSource;
import io.wattflow.operators.recognition.ApplianceClassifier;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed fold models of the global classifier are what their folders say: none saw the house it is scored on. */
class GlobalClassifierFoldsTest {
    static final Path FOLDS = Path.of("..", "models", "eval", "appliance-classifier-1.0.0");

    @Test
    void everyFoldModelLeftItsHouseOutAndTheOpenSetModelsKnowOneApplianceLess() throws Exception {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(FOLDS)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(dirs).hasSize(15);
        for (Path dir : dirs) {
            String fold = dir.getFileName().toString().substring("without-".length());
            String house = fold.contains("-no-") ? fold.substring(0, fold.indexOf("-no-")) : fold;
            var manifest = ModelFiles.load(ModelSource.of(dir.toString()), ApplianceClassifier.MODEL).manifest;
            assertThat(manifest.heldOutHomes).as(dir.toString()).containsExactly(house);
            assertThat(manifest.classes).containsExactly("other", "kettle", "microwave", "dishwasher", "washing_machine");
            try (ApplianceClassifier c = ApplianceClassifier.open(ModelSource.of(dir.toString()), ApplianceClassifier.MODEL, java.time.ZoneOffset.UTC)) {
                // A typical kettle run: named kettle unless the model never saw a kettle.
                var naming = c.name(io.wattflow.jobs.eval.appliance.ApplianceEvaluationTest.run(20_000L * 86_400_000L + 7 * 3_600_000L, 2_900, 3,
                        "kettle").run());
                if (fold.endsWith("-no-kettle")) {
                    assertThat(naming == null ? null : naming.appliance()).as(dir.toString()).isNotEqualTo("kettle");
                } else {
                    assertThat(naming).as(dir.toString()).isNotNull();
                    assertThat(naming.appliance()).isEqualTo("kettle");
                }
            }
        }
    }
}
