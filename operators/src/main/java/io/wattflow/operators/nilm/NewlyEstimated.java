package io.wattflow.operators.nilm;

import io.wattflow.record.ApplianceEstimates;

import java.util.Arrays;

/**
 * The minutes one NILM result booked for the first time (at a stride shorter than the estimated
 * minutes only the newest are new), from the first to the last, NaN for a minute between that was
 * not booked (the meter did not send it): one {@link ApplianceEstimates} record.
 */
public final class NewlyEstimated {
    private final int appliances;
    private final int steps;
    private final float[] watts;
    private int first = -1;
    private int last = -1;

    public NewlyEstimated(int appliances, int steps) {
        this.appliances = appliances;
        this.steps = steps;
        this.watts = new float[appliances * steps];
        Arrays.fill(watts, Float.NaN);
    }

    /** The split of the window's estimated minute {@code t}, booked now. */
    public void add(int t, float[] split) {
        if (first < 0) {
            first = t;
        }
        last = t;
        for (int i = 0; i < appliances; i++) {
            watts[i * steps + t] = split[i];
        }
    }

    public boolean isEmpty() {
        return first < 0;
    }

    /** {@code windowFirstMinuteMs}: the window's first estimated minute. */
    public ApplianceEstimates record(String meterId, long windowFirstMinuteMs, NilmModelSpec spec, String modelVersion) {
        int n = last - first + 1;
        ApplianceEstimates e = new ApplianceEstimates();
        e.meterId = meterId;
        e.firstMinuteMs = windowFirstMinuteMs + first * spec.periodMs;
        e.minutes = n;
        e.watts = new float[appliances * n];
        for (int i = 0; i < appliances; i++) {
            System.arraycopy(watts, i * steps + first, e.watts, i * n, n);
        }
        e.model = spec.model;
        e.modelVersion = modelVersion;
        return e;
    }
}
