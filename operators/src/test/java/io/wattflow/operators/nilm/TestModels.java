package io.wattflow.operators.nilm;

import io.wattflow.models.ModelManifest;

import java.util.List;

/** A small NILM model description for operator tests: 40-minute windows estimating minutes 16-23, a kettle and a dishwasher. */
final class TestModels {
    static final long MINUTE = 60_000L;

    private TestModels() {}

    static NilmModelSpec spec() {
        return NilmModelSpec.of(manifest());
    }

    static ModelManifest manifest() {
        ModelManifest m = new ModelManifest();
        m.name = "nilm-test";
        m.version = "0.1.0";
        m.window = new ModelManifest.WindowSpec();
        m.window.length = 40;
        m.window.stride = 8;
        m.window.samplePeriod = "PT1M";
        ModelManifest.FeatureSpec f = new ModelManifest.FeatureSpec();
        f.name = "mean_power_w";
        f.mean = 0;
        f.scale = 1000;
        m.features = List.of(f);
        m.estimates = new ModelManifest.EstimateSpec();
        m.estimates.offset = 16;
        m.estimates.length = 8;
        m.appliances = List.of(appliance("kettle", 1000, 1, 1), appliance("dishwasher", 10, 3, 2));
        return m;
    }

    static ModelManifest.ApplianceSpec appliance(String name, double onWatts, int minOn, int minOff) {
        ModelManifest.ApplianceSpec a = new ModelManifest.ApplianceSpec();
        a.name = name;
        a.onWatts = onWatts;
        a.minOnMinutes = minOn;
        a.minOffMinutes = minOff;
        return a;
    }
}
