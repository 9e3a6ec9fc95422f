package io.wattflow.operators.inference;

import io.wattflow.models.ModelManifest;

import java.io.Serializable;
import java.util.List;
import java.util.Set;

/** The windows one model reads, taken from its manifest: length and stride in slots, and its features. */
public final class WindowPlan implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String ENERGY = "energy_kwh";
    public static final String TEMPERATURE = "outdoor_temperature_c";
    private static final Set<String> KNOWN = Set.of(ENERGY, TEMPERATURE);

    public final String model;
    public final int length;
    public final int stride;
    public final long periodMs;
    public final List<ModelManifest.FeatureSpec> features;
    /** Asked for every window cut: worked out once. */
    private final boolean needsTemperature;

    private WindowPlan(ModelManifest m) {
        this.model = m.name;
        this.length = m.window.length;
        this.stride = m.window.stride;
        this.periodMs = m.window.samplePeriodMs();
        this.features = m.features;
        this.needsTemperature = features.stream().anyMatch(f -> f.name.equals(TEMPERATURE));
    }

    /** A plan for a model whose features wattflow can compute; refuses any other with what it knows. */
    public static WindowPlan of(ModelManifest m) {
        for (ModelManifest.FeatureSpec f : m.features) {
            if (!KNOWN.contains(f.name)) {
                throw new IllegalArgumentException("Model " + m.id() + " needs feature '" + f.name
                        + "', which wattflow does not compute (it knows " + KNOWN + "); train it on those.");
            }
        }
        return new WindowPlan(m);
    }

    public boolean needsTemperature() {
        return needsTemperature;
    }

    public int valuesPerWindow() {
        return features.size() * length;
    }
}
