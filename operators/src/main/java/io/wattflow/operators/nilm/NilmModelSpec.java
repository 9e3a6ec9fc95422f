package io.wattflow.operators.nilm;

import io.wattflow.models.ModelManifest;

import java.io.Serializable;
import java.util.List;

/**
 * What the NILM operators need from a model's manifest: its window on the minute grid, which of its
 * minutes it estimates, how its input is scaled, and its appliances with what makes them ON.
 * Checked once when the job is built, so a model of the wrong kind is refused with one sentence.
 */
public final class NilmModelSpec implements Serializable {
    private static final long serialVersionUID = 1L;
    static final String FEATURE = "mean_power_w";

    public final String model;
    public final String version;
    public final int window;
    public final int stride;
    public final long periodMs;
    /** Estimated steps are {@code [offset, offset + estimates)} of each window. */
    public final int offset;
    public final int estimates;
    /** The one input feature, {@value #FEATURE}, and its normalisation. */
    public final ModelManifest.FeatureSpec input;
    public final List<ModelManifest.ApplianceSpec> appliances;

    private NilmModelSpec(ModelManifest m, int stride) {
        this.model = m.name;
        this.version = m.version;
        this.window = m.window.length;
        this.stride = stride;
        this.periodMs = m.window.samplePeriodMs();
        this.offset = m.estimates.offset;
        this.estimates = m.estimates.length;
        this.input = m.features.get(0);
        this.appliances = List.copyOf(m.appliances);
    }

    public static NilmModelSpec of(ModelManifest m) {
        if (m.appliances == null || m.appliances.isEmpty() || m.estimates == null) {
            throw new IllegalArgumentException("Model " + m.id() + " is not a NILM model (its manifest names no appliances "
                    + "or estimated steps); give a model exported by models/training/train_nilm.py.");
        }
        if (m.features.size() != 1 || !FEATURE.equals(m.features.get(0).name)) {
            throw new IllegalArgumentException("NILM model " + m.id() + " must read one feature, " + FEATURE
                    + "; export it again with models/training/train_nilm.py.");
        }
        if (m.window.stride != m.estimates.length) {
            throw new IllegalArgumentException("NILM model " + m.id() + " has stride " + m.window.stride + " but estimates "
                    + m.estimates.length + " steps per window; they must be equal so estimates neither overlap nor leave holes.");
        }
        return new NilmModelSpec(m, m.window.stride);
    }

    /**
     * The model run every {@code stride} minutes instead of its manifest's: at most the minutes it
     * estimates, so that no minute goes unestimated. A shorter stride runs the model more often; each
     * minute is booked from the first window that estimates it, so its delay shrinks to at most
     * {@code window - offset - estimates + stride} minutes.
     */
    public static NilmModelSpec of(ModelManifest m, int stride) {
        NilmModelSpec spec = of(m);
        if (stride < 1 || stride > spec.estimates) {
            throw new IllegalArgumentException("--nilm-stride must be between 1 and " + spec.estimates + " minutes (the minutes "
                    + m.id() + " estimates per window), was " + stride + ".");
        }
        return new NilmModelSpec(m, stride);
    }

    public int applianceCount() {
        return appliances.size();
    }

    public String applianceName(int a) {
        return appliances.get(a).name;
    }

    /** Watts back from the model's scaled input. */
    public float watts(float scaled) {
        return input.denormalise(scaled);
    }

    public float scaled(double watts) {
        return input.normalise(watts);
    }

    /** From a window's end (ms) to the end of the minutes it estimates (the same at any stride). */
    public long estimateLagMs() {
        return (long) (window - offset - estimates) * periodMs;
    }
}
