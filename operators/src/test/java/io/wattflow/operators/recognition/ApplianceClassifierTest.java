package io.wattflow.operators.recognition;

import io.wattflow.models.ModelLoadException;
import io.wattflow.models.ModelSource;
import io.wattflow.record.ApplianceRun;
import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;

import static io.wattflow.operators.recognition.RecognitionFunctionTest.DAY;
import static io.wattflow.operators.recognition.RecognitionFunctionTest.HOUR;
import static io.wattflow.operators.recognition.RecognitionFunctionTest.T0;
import static io.wattflow.operators.recognition.RecognitionFunctionTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shipped appliance classifier through ONNX Runtime, on runs whose appliance no one would doubt. */
class ApplianceClassifierTest {

    @Test
    void namesAKettleAndLeavesAFridgeCycleAndAnOpenRunUnnamed() {
        try (ApplianceClassifier c = ClassifierSettings.shipped().open(ZoneOffset.UTC)) {
            RunClassifier.Naming kettle = c.name(run(T0 + 7 * HOUR, 2_900, 3 * 60_000L, 0));
            assertThat(kettle).isNotNull();
            assertThat(kettle.appliance()).isEqualTo("kettle");
            assertThat(kettle.confidence()).isBetween(0.5, 1.0);
            assertThat(kettle.by()).isEqualTo("appliance-classifier 1.0.0");

            // A fridge's compressor: 120 W for 20 minutes, none of the model's appliances.
            assertThat(c.name(run(T0 + 3 * HOUR, 120, 20 * 60_000L, 60))).isNull();

            ApplianceRun open = run(T0 + DAY, 2_900, 3 * 60_000L, 0);
            open.durationMs = null;
            open.endMs = null;
            assertThat(c.name(open)).as("a run without an OFF is not judged").isNull();
        }
    }

    @Test
    void theHourOfDayIsReadInTheMetersZone() {
        float[] utc = new float[ClassifierFeatures.COUNT];
        float[] tokyo = new float[ClassifierFeatures.COUNT];
        ApplianceRun r = run(T0 + 7 * HOUR, 2_900, 3 * 60_000L, 0);
        assertThat(ClassifierFeatures.of(r, ZoneOffset.UTC, utc, 0)).isTrue();
        assertThat(ClassifierFeatures.of(r, java.time.ZoneId.of("Asia/Tokyo"), tokyo, 0)).isTrue();
        // 07:00 UTC is 16:00 in Tokyo.
        assertThat(utc[4]).isCloseTo((float) Math.sin(2 * Math.PI * 7 / 24), org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(tokyo[4]).isCloseTo((float) Math.sin(2 * Math.PI * 16 / 24), org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(utc[0]).isEqualTo(tokyo[0]);
    }

    @Test
    void aModelThatIsNoRunClassifierIsRefusedInOneSentence() {
        assertThatThrownBy(() -> ApplianceClassifier.open(ModelSource.classpath(), "nilm-appliances", ZoneOffset.UTC))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith("nilm-appliances 1.0.0 is not an appliance classifier")
                .hasMessageEndingWith("train_appliances.py.");
    }
}
