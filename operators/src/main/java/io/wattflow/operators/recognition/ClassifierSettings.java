package io.wattflow.operators.recognition;

import io.wattflow.models.ModelSource;

import java.io.Serializable;
import java.time.ZoneId;

/** Which appliance classifier names runs and where it is read from; the meters' zone comes from the job (its local time). */
public record ClassifierSettings(ModelSource models, String model) implements Serializable {

    public static ClassifierSettings shipped() {
        return new ClassifierSettings(ModelSource.classpath(), ApplianceClassifier.MODEL);
    }

    /** Opens the classifier, reading hours of day in {@code zone}; a missing or wrong model is refused in one sentence. */
    public ApplianceClassifier open(ZoneId zone) {
        return ApplianceClassifier.open(models, model, zone);
    }
}
