package io.wattflow.operators.recognition;

import io.wattflow.models.ModelFiles;
import io.wattflow.models.ModelLoadException;
import io.wattflow.models.ModelManifest;
import io.wattflow.models.ModelSource;
import io.wattflow.models.OnnxModel;
import io.wattflow.record.ApplianceRun;

import javax.annotation.Nullable;
import java.time.ZoneId;
import java.util.List;

/**
 * The global appliance classifier (ONNX, {@code appliance-classifier}) over one run at a time: runs
 * are a few an hour per meter, so batching would only delay them. A run is named when its most likely
 * class is an appliance (not the first class, "none of them") at least the manifest's threshold likely;
 * every other run stays unknown for the household's library and the new-device clusters.
 */
public final class ApplianceClassifier implements RunClassifier, AutoCloseable {
    public static final String MODEL = "appliance-classifier";

    private final OnnxModel model;
    private final List<ModelManifest.FeatureSpec> features;
    private final List<String> classes;
    private final double threshold;
    private final ZoneId zone;
    private final String by;
    private final float[] raw = new float[ClassifierFeatures.COUNT];
    private final float[] probabilities;

    private ApplianceClassifier(OnnxModel model, ZoneId zone) {
        ModelManifest m = model.manifest();
        this.model = model;
        this.features = m.features;
        this.classes = m.classes;
        this.threshold = m.threshold;
        this.zone = zone;
        this.by = m.name + " " + m.version;
        this.probabilities = new float[classes.size()];
    }

    /** Opens {@code name} from {@code source}; refuses, in one sentence, a model that is not a run classifier of these features. */
    public static ApplianceClassifier open(ModelSource source, String name, ZoneId zone) {
        ModelFiles files = ModelFiles.load(source, name);
        ModelManifest m = files.manifest;
        List<String> names = m.features.stream().map(f -> f.name).toList();
        if (m.classes == null || m.threshold == null || !names.equals(ClassifierFeatures.NAMES)) {
            throw new ModelLoadException(m.id() + " is not an appliance classifier of the run features " + ClassifierFeatures.NAMES
                    + " with classes and a threshold; give the appliance-classifier model exported by models/training/train_appliances.py.");
        }
        return new ApplianceClassifier(OnnxModel.open(files, 1), zone);
    }

    @Override
    @Nullable
    public Naming name(ApplianceRun run) {
        if (!ClassifierFeatures.of(run, zone, raw, 0)) {
            return null;
        }
        for (int i = 0; i < raw.length; i++) {
            model.input().put(i, features.get(i).normalise(raw[i]));
        }
        model.run(1, probabilities);
        int best = 0;
        for (int c = 1; c < probabilities.length; c++) {
            if (probabilities[c] > probabilities[best]) {
                best = c;
            }
        }
        return best == 0 || probabilities[best] < threshold ? null : new Naming(classes.get(best), probabilities[best], by);
    }

    /** The model's classes in output order; the first is "none of them". */
    public List<String> classes() {
        return classes;
    }

    @Override
    public void close() {
        model.close();
    }
}
