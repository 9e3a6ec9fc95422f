package io.wattflow.operators.changepoint;

/** A detector's finding: the load changed at {@code changeMs}, with the detector's confidence. */
public final class Detection {
    public final long changeMs;
    public final double score;

    public Detection(long changeMs, double score) {
        this.changeMs = changeMs;
        this.score = score;
    }

    @Override
    public String toString() {
        return "Detection{" + changeMs + ", score=" + score + '}';
    }
}
