package io.wattflow.operators.profile;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * k daily-profile centroids (24 hourly shares of the day's energy each) and the DTW band they were
 * made with, versioned like a model: {@code wattflow cluster} writes them as JSON, the stream loads
 * them (the shipped ones from the classpath, or a file). The nearest centroid is found with LB_Keogh
 * pruning and early-abandoned DTW.
 */
public final class ProfileCentroids implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String SHIPPED = "/profiles/centroids.json";

    public String version;
    public int window;
    public double[][] centroids;
    /** What they were made from, for people. */
    public String trainedOn;

    public ProfileCentroids() {}

    public ProfileCentroids(String version, int window, double[][] centroids, String trainedOn) {
        this.version = version;
        this.window = window;
        this.centroids = centroids;
        this.trainedOn = trainedOn;
    }

    public int k() {
        return centroids.length;
    }

    /** The nearest centroid and its DTW distance: {index, distance}. */
    public double[] nearest(double[] profile) {
        int best = -1;
        double bestSquared = Double.POSITIVE_INFINITY;
        double[][] envelope = Dtw.envelope(profile, window);
        for (int c = 0; c < centroids.length; c++) {
            // LB_Keogh of the centroid against the profile's envelope bounds their DTW from below.
            if (Dtw.lowerBoundSquared(centroids[c], envelope) >= bestSquared) {
                continue;
            }
            double d = Dtw.squared(profile, centroids[c], window, bestSquared);
            if (d < bestSquared) {
                bestSquared = d;
                best = c;
            }
        }
        return new double[] {best, Math.sqrt(bestSquared)};
    }

    public static ProfileCentroids shipped() {
        try (InputStream in = ProfileCentroids.class.getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IllegalStateException("The shipped profile centroids " + SHIPPED + " are not on the classpath.");
            }
            return new ObjectMapper().readValue(in, ProfileCentroids.class).checked(SHIPPED);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the shipped profile centroids: " + e.getMessage(), e);
        }
    }

    public static ProfileCentroids read(Path file) {
        try {
            return new ObjectMapper().readValue(Files.readAllBytes(file), ProfileCentroids.class).checked(file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read profile centroids from " + file + " (" + e.getMessage()
                    + "): give a file written by 'wattflow cluster --write-centroids'.");
        }
    }

    public void write(Path file) throws IOException {
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
    }

    private ProfileCentroids checked(String where) {
        if (version == null || centroids == null || centroids.length == 0 || window < 0
                || Arrays.stream(centroids).anyMatch(c -> c == null || c.length != DailyProfile.HOURS)) {
            throw new IllegalArgumentException("The profile centroids in " + where + " are not valid: they need a version, a window "
                    + "of 0 or more and at least one centroid of " + DailyProfile.HOURS + " values.");
        }
        return this;
    }
}
