package io.wattflow.operators.changepoint;

/**
 * A detector's finding: the load changed at {@code changeMs}, with the detector's confidence, and the
 * steady level before the change as the detector knows it (NaN when it does not), which is better than
 * the samples just before a slow change (a soft start) can tell.
 */
public final class Detection {
    public final long changeMs;
    public final double score;
    public final double levelBeforeW;

    public Detection(long changeMs, double score, double levelBeforeW) {
        this.changeMs = changeMs;
        this.score = score;
        this.levelBeforeW = levelBeforeW;
    }

    @Override
    public String toString() {
        return "Detection{" + changeMs + ", score=" + score + '}';
    }
}
