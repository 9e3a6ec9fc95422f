package io.wattflow.operators.recognition;

import io.wattflow.record.ApplianceRun;

import javax.annotation.Nullable;

/** Names a run before any household label: what a model trained across houses thinks made it. */
@FunctionalInterface
public interface RunClassifier {

    /** The appliance, how likely, and who said so; null when the run is none of the classifier's appliances or too uncertain. */
    @Nullable
    Naming name(ApplianceRun run);

    record Naming(String appliance, double confidence, String by) {}
}
