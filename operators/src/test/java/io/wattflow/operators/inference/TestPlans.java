package io.wattflow.operators.inference;

import io.wattflow.models.ModelManifest;

import java.util.ArrayList;
import java.util.List;

/** Manifests of small made-up models, for window tests that need no model file. */
final class TestPlans {
    static final long SLOT = 15 * 60_000L;

    private TestPlans() {}

    static WindowPlan plan(String name, int length, int stride, boolean temperature) {
        ModelManifest m = new ModelManifest();
        m.name = name;
        m.version = "0.0.1";
        m.window = new ModelManifest.WindowSpec();
        m.window.length = length;
        m.window.stride = stride;
        m.window.samplePeriod = "PT15M";
        m.features = new ArrayList<>(List.of(feature(WindowPlan.ENERGY, 0, 0.25)));
        if (temperature) {
            m.features.add(feature(WindowPlan.TEMPERATURE, 5, 5));
        }
        return WindowPlan.of(m);
    }

    static ModelManifest.FeatureSpec feature(String name, double mean, double scale) {
        ModelManifest.FeatureSpec f = new ModelManifest.FeatureSpec();
        f.name = name;
        f.mean = mean;
        f.scale = scale;
        return f;
    }
}
