package io.wattflow.jobs.recognition;

import io.wattflow.format.Timestamps;
import io.wattflow.jobs.lines.CsvHeader;
import io.wattflow.jobs.lines.CsvLines;
import io.wattflow.record.ApplianceLabel;
import io.wattflow.record.DeadLetterReason;
import io.wattflow.record.RawRecord;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * A household's labels as CSV lines, {@code meter_id,timestamp,run_start,device,appliance}: at
 * {@code timestamp} the run of the meter that started at {@code run_start} (as in
 * {@code appliance_runs}), or its device cluster {@code device} (as in {@code new_devices}), is
 * {@code appliance}. A line that is not one goes to the dead letters with its origin.
 */
public final class LabelLines extends CsvLines<ApplianceLabel> {
    private static final long serialVersionUID = 1L;
    static final int MAX_NAME = 64;
    /** The columns of a label line; a Kafka record's value is a line under this header. */
    public static final String HEADER = "meter_id,timestamp,run_start,device,appliance";

    public LabelLines(ZoneId naiveZone) {
        super(naiveZone);
    }

    @Override
    public void processElement(RawRecord r, Context ctx, Collector<ApplianceLabel> out) {
        List<String> header = header(r);
        String[] cells = CsvHeader.cells(r.payload);
        int meter = header.indexOf("meter_id");
        int time = header.indexOf("timestamp");
        int run = header.indexOf("run_start");
        int device = header.indexOf("device");
        int name = header.indexOf("appliance");
        if (meter < 0 || time < 0 || name < 0 || (run < 0 && device < 0) || cells.length != header.size()) {
            refuse(ctx, r, DeadLetterReason.UNPARSABLE, "a label line needs meter_id, timestamp, run_start or device, and appliance columns as in its header", null);
            return;
        }
        String meterId = cells[meter].trim();
        if (meterId.isEmpty()) {
            refuse(ctx, r, DeadLetterReason.MISSING_METER_ID, "no meter_id", null);
            return;
        }
        ApplianceLabel l = new ApplianceLabel();
        l.meterId = meterId;
        try {
            l.timestampMs = Timestamps.parseMillis(cells[time].trim(), naiveZone);
        } catch (RuntimeException e) {
            refuse(ctx, r, DeadLetterReason.MISSING_TIMESTAMP, "unreadable timestamp '" + cells[time] + "'", meterId);
            return;
        }
        String runCell = run < 0 ? "" : cells[run].trim();
        String deviceCell = device < 0 ? "" : cells[device].trim();
        if (runCell.isEmpty() == deviceCell.isEmpty()) {
            refuse(ctx, r, DeadLetterReason.UNPARSABLE, "name either a run (run_start) or a device (device), one of them", meterId);
            return;
        }
        try {
            if (!runCell.isEmpty()) {
                l.runStartMs = Timestamps.parseMillis(runCell, naiveZone);
            } else {
                l.deviceCluster = Integer.parseInt(deviceCell);
            }
        } catch (RuntimeException e) {
            refuse(ctx, r, DeadLetterReason.UNPARSABLE, "unreadable " + (runCell.isEmpty() ? "device '" + deviceCell : "run_start '" + runCell) + "'", meterId);
            return;
        }
        l.appliance = cells[name].trim();
        if (l.appliance.isEmpty() || l.appliance.length() > MAX_NAME) {
            refuse(ctx, r, DeadLetterReason.UNPARSABLE, "an appliance name of 1 to " + MAX_NAME + " characters", meterId);
            return;
        }
        out.collect(l);
    }

    /** Labels with event time (their own timestamp; a day out of order allowed), and the refused lines. */
    public static Timed<ApplianceLabel> read(StreamExecutionEnvironment env, Source<RawRecord, ?, ?> source, ZoneId naiveZone,
            Duration idleness) {
        return CsvLines.read(env, source, "labels", new LabelLines(naiveZone), Duration.ofDays(1), (l, ts) -> l.timestampMs, idleness);
    }
}
