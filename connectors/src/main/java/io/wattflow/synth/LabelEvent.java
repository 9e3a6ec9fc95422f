package io.wattflow.synth;

/** Ground truth: one appliance of one household changed state. */
public final class LabelEvent {
    public final String meterId;
    public final long timestampMs;
    public final String appliance;
    /** ON, OFF, or STEP (a change of stage while running). */
    public final String kind;
    /** Change of the appliance's nominal power, W. */
    public final double deltaW;

    LabelEvent(String meterId, long timestampMs, String appliance, String kind, double deltaW) {
        this.meterId = meterId;
        this.timestampMs = timestampMs;
        this.appliance = appliance;
        this.kind = kind;
        this.deltaW = deltaW;
    }
}
