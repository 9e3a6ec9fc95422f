package io.wattflow.operators.recognition;

import io.wattflow.record.ApplianceEstimates;
import io.wattflow.record.ApplianceLabel;
import io.wattflow.record.HeatPumpDetection;

/**
 * The appliance recognition's second input: a household's label, the NILM model's estimates of a
 * meter's minutes, or a heat-pump detection of the meter (exactly one). One input for all, since a
 * keyed operator takes two.
 */
public class RecognitionInput {
    public ApplianceLabel label;
    public ApplianceEstimates estimates;
    public HeatPumpDetection heatPump;

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

    public static RecognitionInput of(HeatPumpDetection detection) {
        RecognitionInput in = new RecognitionInput();
        in.heatPump = detection;
        return in;
    }

    public String meterId() {
        return label != null ? label.meterId : estimates != null ? estimates.meterId : heatPump.meterId;
    }

    @Override
    public String toString() {
        return label != null ? label.toString() : estimates != null ? estimates.toString() : String.valueOf(heatPump);
    }
}
