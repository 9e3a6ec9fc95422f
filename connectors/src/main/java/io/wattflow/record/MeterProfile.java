package io.wattflow.record;

/**
 * A meter's week (ending on a local Sunday): its dominant daily-profile cluster and that cluster's
 * share of the week's days, against the 4 weeks before, and whether its routine changed.
 */
public class MeterProfile {
    public String meterId;
    /** The week's Monday, ISO. */
    public String weekStart;
    public long weekStartMs;
    public int days;
    public int dominantCluster;
    public double share;
    /** Dominant cluster of the 4 weeks before, -1 without enough of them. */
    public int previousCluster;
    public double previousShare;
    /** Both weeks had a clear routine (share >= 0.5) and it is not the same. */
    public boolean changed;

    public MeterProfile() {}

    @Override
    public String toString() {
        return "MeterProfile{" + meterId + " week " + weekStart + " cluster " + dominantCluster + " (" + share + "), before "
                + previousCluster + (changed ? " changed" : "") + "}";
    }
}
