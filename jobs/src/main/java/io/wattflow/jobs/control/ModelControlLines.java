package io.wattflow.jobs.control;

import io.wattflow.format.Timestamps;
import io.wattflow.jobs.lines.CsvHeader;
import io.wattflow.jobs.lines.CsvLines;
import io.wattflow.record.DeadLetterReason;
import io.wattflow.record.ModelControl;
import io.wattflow.record.RawRecord;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * Model-control commands as CSV lines, {@code timestamp,command,model,version,location,sha256}:
 * {@code serve} a model's version from a directory (its manifest and {@code .onnx}; the sha256 of the
 * {@code .onnx}), or {@code rollback} a model to the version it served before (version, location and
 * sha256 left empty). A line that is not a command, or names a model this job does not serve, is a
 * dead letter with its origin.
 */
public final class ModelControlLines extends CsvLines<ModelControl> {
    private static final long serialVersionUID = 1L;
    /** The columns of a command line; a Kafka record's value is a line under this header. */
    public static final String HEADER = "timestamp,command,model,version,location,sha256";

    private final Set<String> models;

    /** {@code models}: the models this job serves. */
    public ModelControlLines(ZoneId naiveZone, Set<String> models) {
        super(naiveZone);
        this.models = Set.copyOf(models);
    }

    @Override
    public void processElement(RawRecord r, Context ctx, Collector<ModelControl> out) {
        List<String> header = header(r);
        String[] cells = CsvHeader.cells(r.payload);
        if (!header.containsAll(List.of(HEADER.split(","))) || cells.length != header.size()) {
            refuse(ctx, r, DeadLetterReason.UNPARSABLE, "a model-control line needs the columns " + HEADER + " as in its header", null);
            return;
        }
        ModelControl c = new ModelControl();
        c.origin = r.origin;
        try {
            c.timestampMs = Timestamps.parseMillis(cell(header, cells, "timestamp"), naiveZone);
        } catch (RuntimeException e) {
            refuse(ctx, r, DeadLetterReason.MISSING_TIMESTAMP, "unreadable timestamp '" + cell(header, cells, "timestamp") + "'", null);
            return;
        }
        c.command = cell(header, cells, "command").toLowerCase(java.util.Locale.ROOT);
        c.model = cell(header, cells, "model");
        c.version = emptyToNull(cell(header, cells, "version"));
        c.location = emptyToNull(cell(header, cells, "location"));
        c.sha256 = emptyToNull(cell(header, cells, "sha256"));
        if (!models.contains(c.model)) {
            refuse(ctx, r, DeadLetterReason.UNKNOWN_REFERENCE, "this job serves the models " + models + ", not '" + c.model + "'", null);
        } else if (c.isServe() && (c.version == null || c.location == null || c.sha256 == null)) {
            refuse(ctx, r, DeadLetterReason.UNPARSABLE, "serve needs a version, a location and the sha256 of the model file", null);
        } else if (!c.isServe() && !ModelControl.ROLLBACK.equals(c.command)) {
            refuse(ctx, r, DeadLetterReason.UNPARSABLE, "the command is serve or rollback, not '" + c.command + "'", null);
        } else {
            out.collect(c);
        }
    }

    private static String cell(List<String> header, String[] cells, String column) {
        return cells[header.indexOf(column)].trim();
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    /**
     * Commands and the refused lines. Commands act when they arrive (at the next checkpoint), not at
     * their timestamp: their stream carries no watermarks, and the serving operators ignore its time.
     */
    public static CsvLines.Timed<ModelControl> read(StreamExecutionEnvironment env, Source<RawRecord, ?, ?> source, ZoneId naiveZone,
            Set<String> models) {
        return CsvLines.read(env, source, "model-control", new ModelControlLines(naiveZone, models), Duration.ZERO,
                (c, ts) -> c.timestampMs, Duration.ofMinutes(1));
    }
}
