package io.wattflow.models;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.annotation.Nullable;
import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * What a model file promises: its name and version, the tensors it takes and gives, the window it
 * reads (length, stride, sample period), how each input feature is normalised, and the sha256 of
 * the {@code .onnx} file. Written by the training scripts beside the model file.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class ModelManifest implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    public String name;
    public String version;
    public String description;
    /** How the model computes, e.g. DetectionCnn or "night-baseload rule"; informational. */
    @Nullable public String method;
    public String file;
    public String sha256;
    public List<TensorSpec> inputs;
    public List<TensorSpec> outputs;
    public WindowSpec window;
    public List<FeatureSpec> features;
    /** Homes this model never saw in training (cross-validation folds); null for shipped models. */
    @Nullable public List<String> heldOutHomes;
    /** Decision threshold for probability outputs; null for regression outputs. */
    @Nullable public Double threshold;
    /** For a model that estimates only part of its window (NILM): which steps; null when it reads and estimates alike. */
    @Nullable public EstimateSpec estimates;
    /** For a model of several appliances (NILM): their names, in output order, and what counts as ON. */
    @Nullable public List<ApplianceSpec> appliances;
    /** For a classifier (the appliance classifier): its classes, in output order; the first is "none of them". */
    @Nullable public List<String> classes;

    /** Parses and checks a manifest; {@code origin} names the file in error messages. */
    public static ModelManifest parse(byte[] json, String origin) {
        ModelManifest m;
        try {
            m = JSON.readValue(json, ModelManifest.class);
        } catch (IOException e) {
            throw new ModelLoadException(origin + " is not a valid model manifest (" + e.getMessage()
                    + "); regenerate it with the training script that exported the model.", e);
        }
        m.check(origin);
        return m;
    }

    private void check(String origin) {
        require(name != null && version != null && file != null && sha256 != null, origin,
                "needs name, version, file and sha256");
        require(inputs != null && inputs.size() == 1 && outputs != null && outputs.size() == 1, origin,
                "must declare exactly one input and one output tensor");
        require(window != null && window.length > 0 && window.stride > 0 && window.samplePeriod != null, origin,
                "needs a window with a positive length and stride and a samplePeriod");
        require(features != null && !features.isEmpty(), origin, "must list the input features");
        long[] shape = input().shape;
        require(shape.length == 3 && shape[1] == features.size() && shape[2] == window.length, origin,
                "input shape " + Arrays.toString(shape) + " must be [batch, " + features.size() + " features, "
                        + window.length + " window steps]");
        for (FeatureSpec f : features) {
            require(f.scale != 0, origin, "feature " + f.name + " has scale 0");
        }
        if (estimates != null) {
            require(estimates.length > 0 && estimates.offset >= 0 && estimates.offset + estimates.length <= window.length,
                    origin, "estimates must lie inside the window of " + window.length + " steps");
        }
        if (appliances != null) {
            long[] out = output().shape;
            int steps = estimates != null ? estimates.length : window.length;
            require(out.length == 4 && out[1] == 2 && out[2] == appliances.size() && out[3] == steps, origin,
                    "output shape " + Arrays.toString(out) + " must be [batch, 2 (power, probability), "
                            + appliances.size() + " appliances, " + steps + " steps]");
        }
        if (classes != null) {
            long[] out = output().shape;
            require(classes.size() >= 2 && out.length == 2 && out[1] == classes.size(), origin,
                    "output shape " + Arrays.toString(out) + " must be [batch, " + classes.size() + " classes]");
        }
    }

    private static void require(boolean ok, String origin, String what) {
        if (!ok) {
            throw new ModelLoadException(origin + " " + what + "; fix the manifest or export the model again.");
        }
    }

    public TensorSpec input() {
        return inputs.get(0);
    }

    public TensorSpec output() {
        return outputs.get(0);
    }

    /** Values per window in the output tensor (its shape without the batch dimension). */
    public int outputValuesPerWindow() {
        long n = 1;
        long[] shape = output().shape;
        for (int i = 1; i < shape.length; i++) {
            n *= shape[i];
        }
        return Math.toIntExact(n);
    }

    public String id() {
        return name + " " + version;
    }

    /**
     * What in {@code other} a job built for this model could not feed or read: the tensors, the
     * window, the features and their normalisation, the steps estimated, the appliances and the
     * threshold. Null when another version can take this one's place in a running job.
     */
    @Nullable
    public String contractDifference(ModelManifest other) {
        if (!name.equals(other.name)) {
            return "it is model " + other.name + ", not " + name;
        }
        String[] parts = {"inputs", "outputs", "window", "features", "estimates", "appliances", "classes", "threshold"};
        var mine = withoutUnits(JSON.valueToTree(this));
        var theirs = withoutUnits(JSON.valueToTree(other));
        for (String part : parts) {
            if (!java.util.Objects.equals(mine.get(part), theirs.get(part))) {
                return "its " + part + " differ from " + id() + "'s (" + theirs.get(part) + " instead of " + mine.get(part) + ")";
            }
        }
        return null;
    }

    /** Units are words for people: a model that writes "W" where another wrote "watts" reads the same. */
    private static com.fasterxml.jackson.databind.JsonNode withoutUnits(com.fasterxml.jackson.databind.JsonNode node) {
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
            o.remove("unit");
        }
        node.forEach(ModelManifest::withoutUnits);
        return node;
    }

    /** A tensor's name, shape (-1 for the batch dimension) and element type. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class TensorSpec implements Serializable {
        private static final long serialVersionUID = 1L;
        public String name;
        public long[] shape;
        public String type;
        @Nullable public String unit;
    }

    /** The window a model reads: steps, steps between windows, and the step's duration (ISO-8601). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class WindowSpec implements Serializable {
        private static final long serialVersionUID = 1L;
        public int length;
        public int stride;
        public String samplePeriod;

        public long samplePeriodMs() {
            return java.time.Duration.parse(samplePeriod).toMillis();
        }
    }

    /** The window steps a model estimates: {@code [offset, offset + length)}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class EstimateSpec implements Serializable {
        private static final long serialVersionUID = 1L;
        public int offset;
        public int length;
    }

    /** One appliance a model estimates, and the per-step power and durations that make an activation. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class ApplianceSpec implements Serializable {
        private static final long serialVersionUID = 1L;
        public String name;
        public double onWatts;
        public int minOnMinutes = 1;
        public int minOffMinutes = 1;
    }

    /** One input channel and its normalisation: the model sees {@code (value - mean) / scale}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class FeatureSpec implements Serializable {
        private static final long serialVersionUID = 1L;
        public String name;
        @Nullable public String unit;
        public double mean;
        public double scale;

        public float normalise(double value) {
            return (float) ((value - mean) / scale);
        }

        /** The value a model's normalised input stands for. */
        public float denormalise(float normalised) {
            return (float) (normalised * scale + mean);
        }
    }
}
