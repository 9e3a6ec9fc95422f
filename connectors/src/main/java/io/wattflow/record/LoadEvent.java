package io.wattflow.record;

import org.apache.avro.reflect.Nullable;

import java.time.Instant;

/**
 * A change of a meter's load (an appliance switching, or changing stage), described by its signature:
 * the steady levels either side, the change of active and reactive power, the power factors, the
 * transient peak just after the change (inrush) and how long the new level took to settle.
 */
public class LoadEvent {
    public String meterId;
    /** When the change began, epoch ms. */
    public long timestampMs;
    /** Which detector found it: "cusum", "bocpd" or "edge". */
    public String detector;
    public double deltaActivePowerW;
    @Nullable public Double deltaReactivePowerVar;
    public double levelBeforeW;
    public double levelAfterW;
    @Nullable public Double powerFactorBefore;
    @Nullable public Double powerFactorAfter;
    /** The highest (switch-on) or lowest (switch-off) power within the first seconds after the change. */
    public double transientPeakW;
    /** From the change until the power stayed within tolerance of the new level, ms. */
    public long settlingMs;
    /** The detector's confidence: a CUSUM statistic over its threshold, a posterior probability, a step over its minimum. */
    public double score;

    public LoadEvent() {}

    public boolean switchesOn() {
        return deltaActivePowerW > 0;
    }

    @Override
    public String toString() {
        return "LoadEvent{" + meterId + " @ " + Instant.ofEpochMilli(timestampMs) + " " + detector + " "
                + String.format("%+.1f W (%.1f -> %.1f), peak %.1f, settled %d ms, score %.2f",
                deltaActivePowerW, levelBeforeW, levelAfterW, transientPeakW, settlingMs, score) + '}';
    }
}
