package io.wattflow.operators.recognition;

import io.wattflow.models.ModelSource;

import java.io.Serializable;
import java.time.ZoneId;

/** Which appliance classifier names runs, where it is read from, and the meters' local zone (the hour of day it reads). */
public record ClassifierSettings(ModelSource models, String model, ZoneId zone) implements Serializable {

    public static ClassifierSettings shipped(ZoneId zone) {
        return new ClassifierSettings(ModelSource.classpath(), ApplianceClassifier.MODEL, zone);
    }

    /** Opens the classifier now: a missing or wrong model is refused when the job is built, not when it runs. */
    public ApplianceClassifier open() {
        return ApplianceClassifier.open(models, model, zone);
    }
}
