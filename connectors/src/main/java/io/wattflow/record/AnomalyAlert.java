package io.wattflow.record;

import java.time.Instant;

/**
 * One episode of a sustained anomaly of a meter, de-duplicated: opened once when the anomalies of a
 * kind escalate (for hourly consumption, several anomalous hours close together), closed once when
 * no anomaly of that kind came for the kind's quiet period. Both transitions are records.
 */
public class AnomalyAlert {
    public static final String OPEN = "open";
    public static final String CLOSED = "closed";

    public String meterId;
    public String kind;
    /** "open" or "closed". */
    public String status;
    /** Start of the first anomaly of the episode, epoch ms. */
    public long startMs;
    /** End of the latest anomaly of the episode so far, epoch ms. */
    public long endMs;
    /** Event time of this transition, epoch ms. */
    public long emittedMs;
    /** Anomalies in the episode so far. */
    public int anomalies;
    public double maxScore;
    public String severity;
    /** The explanation of the episode's worst anomaly. */
    public String explanation;
    public double baselineDays;

    public AnomalyAlert() {}

    @Override
    public String toString() {
        return "AnomalyAlert{" + meterId + " " + kind + " " + status + " [" + Instant.ofEpochMilli(startMs) + ", "
                + Instant.ofEpochMilli(endMs) + "] x" + anomalies + " " + severity + ": " + explanation + '}';
    }
}
