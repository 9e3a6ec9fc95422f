package io.wattflow.record;

import org.apache.avro.reflect.Nullable;

/**
 * An operator's word to the model-serving operators: serve model {@code model} at {@code version}
 * from {@code location} (a directory holding its manifest and {@code .onnx}, whose sha256 must be
 * {@code sha256}), or roll {@code model} back to the version it served before.
 */
public class ModelControl {
    public static final String SERVE = "serve";
    public static final String ROLLBACK = "rollback";

    /** When the command was written (for the record; a command applies when it arrives, at the next checkpoint). */
    public long timestampMs;
    public String command;
    public String model;
    @Nullable public String version;
    @Nullable public String location;
    @Nullable public String sha256;
    /** Where the command came from (file:line, or topic/partition@offset). */
    public String origin;

    public ModelControl() {}

    public static ModelControl serve(String model, String version, String location, String sha256) {
        ModelControl c = new ModelControl();
        c.command = SERVE;
        c.model = model;
        c.version = version;
        c.location = location;
        c.sha256 = sha256;
        c.origin = "";
        return c;
    }

    public static ModelControl rollback(String model) {
        ModelControl c = new ModelControl();
        c.command = ROLLBACK;
        c.model = model;
        c.origin = "";
        return c;
    }

    public boolean isServe() {
        return SERVE.equals(command);
    }

    @Override
    public String toString() {
        return "ModelControl{" + command + " " + model + (version != null ? " " + version + " from " + location : "") + '}';
    }
}
