package io.wattflow.record;

/** A meter's day assigned to the nearest daily-profile cluster, with its DTW distance to that centroid. */
public class ProfileDay {
    public String meterId;
    /** The local day, ISO. */
    public String day;
    public long dayStartMs;
    public double energyKwh;
    public int cluster;
    public double distance;
    /** The version of the centroids loaded (they then learn from the stream). */
    public String centroidsVersion;

    public ProfileDay() {}

    @Override
    public String toString() {
        return "ProfileDay{" + meterId + " " + day + " cluster " + cluster + " at " + distance + "}";
    }
}
