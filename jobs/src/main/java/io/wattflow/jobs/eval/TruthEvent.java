package io.wattflow.jobs.eval;

/** A ground-truth switching event: a step of one circuit (or several at once) in a sub-metered recording. */
public final class TruthEvent {
    public final long timeMs;
    public final String circuit;
    public final double deltaW;

    public TruthEvent(long timeMs, String circuit, double deltaW) {
        this.timeMs = timeMs;
        this.circuit = circuit;
        this.deltaW = deltaW;
    }
}
