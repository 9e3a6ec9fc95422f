package io.wattflow.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The committed models, run by ONNX Runtime in Java, give what torch gave for the parity vectors
 * the training script exported with them, batched and one window at a time.
 */
class ShippedModelParityTest {

    @ParameterizedTest
    @ValueSource(strings = {"heatpump-detection", "heatpump-disaggregation", "nilm-appliances", "appliance-classifier"})
    void matchesTheTrainingFramework(String name) throws Exception {
        JsonNode parity;
        try (InputStream in = getClass().getResourceAsStream("/parity/" + name + ".parity.json")) {
            parity = new ObjectMapper().readTree(in);
        }
        int windows = parity.get("inputShape").get(0).asInt();
        float[] input = floats(parity.get("input"));
        float[] expected = floats(parity.get("output"));

        try (OnnxModel batched = OnnxModel.open(ModelFiles.load(ModelSource.classpath(), name), windows);
                OnnxModel single = OnnxModel.open(ModelFiles.load(ModelSource.classpath(), name), 1)) {
            assertThat(batched.inputValuesPerWindow() * windows).isEqualTo(input.length);
            batched.input().put(0, input);
            float[] out = new float[expected.length];
            batched.run(windows, out);
            for (int i = 0; i < expected.length; i++) {
                assertThat(out[i]).as("output %d", i).isCloseTo(expected[i], within(1e-4f + 1e-3f * Math.abs(expected[i])));
            }

            int per = single.outputValuesPerWindow();
            float[] one = new float[per];
            for (int w = 0; w < windows; w++) {
                single.input().put(0, input, w * single.inputValuesPerWindow(), single.inputValuesPerWindow());
                single.run(1, one);
                for (int i = 0; i < per; i++) {
                    assertThat(one[i]).isCloseTo(out[w * per + i], within(1e-5f));
                }
            }
        }
    }

    private static float[] floats(JsonNode array) {
        float[] f = new float[array.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) array.get(i).asDouble();
        }
        return f;
    }
}
