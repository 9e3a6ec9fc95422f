package io.wattflow.record;

import org.apache.avro.reflect.Nullable;

/**
 * A model-control command a serving operator refused (unreadable model, wrong checksum, tensors or
 * window unlike the serving model's, nothing to roll back to), and the version it keeps serving.
 */
public class ControlError {
    /** When the operator refused it (processing time). */
    public long refusedAtMs;
    public long commandTimestampMs;
    public String command;
    public String model;
    @Nullable public String version;
    @Nullable public String location;
    public String reason;
    /** The version that keeps running. */
    public String servingVersion;
    public String origin;
    /** The serving task that refused it: each of a model's parallel tasks reads the model itself, so each says so. */
    public int task;

    public ControlError() {}

    public static ControlError of(ModelControl c, String reason, String servingVersion, long refusedAtMs, int task) {
        ControlError e = new ControlError();
        e.refusedAtMs = refusedAtMs;
        e.commandTimestampMs = c.timestampMs;
        e.command = c.command;
        e.model = c.model;
        e.version = c.version;
        e.location = c.location;
        e.reason = reason;
        e.servingVersion = servingVersion;
        e.origin = c.origin;
        e.task = task;
        return e;
    }

    @Override
    public String toString() {
        return "ControlError{" + command + " " + model + " " + version + ": " + reason + "; serving " + servingVersion + '}';
    }
}
