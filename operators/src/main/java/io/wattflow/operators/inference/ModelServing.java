package io.wattflow.operators.inference;

import io.wattflow.models.ModelFiles;
import io.wattflow.models.ModelLoadException;
import io.wattflow.models.ModelManifest;
import io.wattflow.models.ModelSource;
import io.wattflow.models.OnnxModel;
import io.wattflow.record.ModelControl;

import javax.annotation.Nullable;
import java.util.Arrays;

/**
 * The versions of one model a serving operator holds: the one it runs, the one it ran before (kept
 * open for a rollback), and one loaded, checked and warmed up, waiting to take over at the next
 * checkpoint. Plain Java: the operator decides when {@link #switchToStaged} happens.
 *
 * <p>A new version must fit the job as it was built: same tensors, window, features and their
 * normalisation, estimated steps, appliances and threshold (the windows upstream are cut and scaled
 * for those). Anything else is a job upgrade: a savepoint and a restart with {@code --models}.
 */
final class ModelServing implements AutoCloseable {
    /** A version and the session running it. */
    static final class Version {
        final String version;
        final String location;
        final String sha256;
        final OnnxModel model;

        Version(String location, OnnxModel model) {
            this.version = model.manifest().version;
            this.location = location;
            this.sha256 = model.manifest().sha256;
            this.model = model;
        }
    }

    private final String name;
    private final int maxBatch;
    private Version serving;
    @Nullable private Version previous;
    @Nullable private Version staged;
    private long switchedAtMs;
    private boolean switched;

    private ModelServing(String name, int maxBatch, Version serving) {
        this.name = name;
        this.maxBatch = maxBatch;
        this.serving = serving;
    }

    /** Serves the configured model: {@code name} from {@code source}. */
    static ModelServing configured(ModelSource source, String name, int maxBatch) {
        return new ModelServing(name, maxBatch, new Version(source.location(), OnnxModel.open(ModelFiles.load(source, name), maxBatch)));
    }

    /**
     * Serves what a restored record says, the previous version opened too so a rollback still works.
     * Throws {@link io.wattflow.models.ModelLoadException} when the serving version cannot be read again.
     */
    static ModelServing restored(ServingRecord r, int maxBatch) {
        Version serving = open(r.model, r.location, maxBatch);
        if (!serving.sha256.equalsIgnoreCase(r.sha256)) {
            serving.model.close();
            throw new ModelLoadException(r.location + " now holds " + r.model + " " + serving.version + " (sha256 " + serving.sha256
                    + "), not the " + r.version + " served before the restore; put that version back or serve another with a control command.");
        }
        ModelServing s = new ModelServing(r.model, maxBatch, serving);
        s.switchedAtMs = r.switchedAtMs;
        s.switched = true;
        if (r.previousLocation != null) {
            try {
                s.previous = open(r.model, r.previousLocation, maxBatch);
            } catch (RuntimeException e) {
                // Without it a rollback is refused with a reason; serving goes on.
                s.previous = null;
            }
        }
        return s;
    }

    private static Version open(String name, String location, int maxBatch) {
        return new Version(location, OnnxModel.open(ModelFiles.load(ModelSource.of(location), name), maxBatch));
    }

    OnnxModel model() {
        return serving.model;
    }

    String servingVersion() {
        return serving.version;
    }

    /**
     * Prepares what {@code c} asks for to take over at {@link #switchToStaged}; returns why it is
     * refused, or null. A command for the version already serving from the same place changes nothing.
     */
    @Nullable
    String stage(ModelControl c) {
        if (!name.equals(c.model)) {
            throw new IllegalArgumentException("A command for " + c.model + " reached the operator serving " + name);
        }
        if (!c.isServe()) {
            if (previous == null) {
                return "there is no earlier version of " + name + " to roll back to (serving " + serving.version + ")";
            }
            dropStaged();
            staged = previous;
            return null;
        }
        if (c.version == null || c.location == null || c.sha256 == null) {
            return "a serve command needs a version, a location and the model file's sha256";
        }
        if (c.version.equals(serving.version) && c.location.equals(serving.location) && staged == null) {
            return null;
        }
        OnnxModel candidate = null;
        try {
            ModelFiles files = ModelFiles.load(ModelSource.of(c.location), name);
            ModelManifest m = files.manifest;
            String refusal = !m.version.equals(c.version) ? "the manifest at " + c.location + " is version " + m.version + ", not " + c.version
                    : !m.sha256.equalsIgnoreCase(c.sha256) ? "the model file's sha256 is " + m.sha256 + ", not " + c.sha256
                    : serving.model.manifest().contractDifference(m);
            if (refusal != null) {
                return refusal;
            }
            candidate = OnnxModel.open(files, maxBatch);
            warmUp(candidate);
        } catch (RuntimeException e) {
            if (candidate != null) {
                candidate.close();
            }
            return e.getMessage();
        }
        dropStaged();
        staged = new Version(c.location, candidate);
        return null;
    }

    /** One batch of zeros, so the first real batch does not pay for ONNX Runtime's first-run work; a model that cannot run is refused here. */
    private static void warmUp(OnnxModel m) {
        float[] zeros = new float[m.inputValuesPerWindow()];
        m.input().put(0, zeros);
        float[] out = new float[m.outputValuesPerWindow()];
        m.run(1, out);
        for (float v : out) {
            if (Float.isNaN(v)) {
                throw new IllegalStateException(m.manifest().id() + " gives NaN for a window of zeros: " + Arrays.toString(Arrays.copyOf(out, 4)));
            }
        }
    }

    /** The staged version takes over; the one it replaces is kept for a rollback. Returns false when nothing was staged. */
    boolean switchToStaged(long nowMs) {
        if (staged == null) {
            return false;
        }
        Version next = staged;
        staged = null;
        if (next != previous && previous != null) {
            previous.model.close();
        }
        previous = serving;
        serving = next;
        switchedAtMs = nowMs;
        switched = true;
        return true;
    }

    private void dropStaged() {
        if (staged != null && staged != previous) {
            staged.model.close();
        }
        staged = null;
    }

    /** Null until the first switch: a restore then serves the configured model, as a fresh start would. */
    @Nullable
    ServingRecord record() {
        if (!switched) {
            return null;
        }
        ServingRecord r = new ServingRecord();
        r.model = name;
        r.version = serving.version;
        r.location = serving.location;
        r.sha256 = serving.sha256;
        if (previous != null) {
            r.previousVersion = previous.version;
            r.previousLocation = previous.location;
            r.previousSha256 = previous.sha256;
        }
        r.switchedAtMs = switchedAtMs;
        return r;
    }

    @Override
    public void close() {
        dropStaged();
        serving.model.close();
        if (previous != null) {
            previous.model.close();
        }
    }
}
