package io.wattflow.operators.recognition;

import io.wattflow.record.ApplianceEstimates;
import io.wattflow.record.ApplianceLabel;

/**
 * The appliance recognition's second input: a household's label, or the NILM model's estimates of a
 * meter's minutes (exactly one of the two). One input for both, since a keyed operator takes two.
 */
public class RecognitionInput {
    public ApplianceLabel label;
    public ApplianceEstimates estimates;

    public RecognitionInput() {}

    public static RecognitionInput of(ApplianceLabel label) {
        RecognitionInput in = new RecognitionInput();
        in.label = label;
        return in;
    }

    public static RecognitionInput of(ApplianceEstimates estimates) {
        RecognitionInput in = new RecognitionInput();
        in.estimates = estimates;
        return in;
    }

    public String meterId() {
        return label != null ? label.meterId : estimates.meterId;
    }

    @Override
    public String toString() {
        return label != null ? label.toString() : String.valueOf(estimates);
    }
}
