package io.wattflow.jobs.heatpump;

import io.wattflow.format.Timestamps;
import io.wattflow.jobs.lines.CsvHeader;
import io.wattflow.jobs.lines.CsvLines;
import io.wattflow.record.DeadLetterReason;
import io.wattflow.record.IntervalReading;
import io.wattflow.record.RawRecord;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * Interval meters' CSV lines ({@code meter_id,timestamp,kwh}, the timestamp the interval's start, as
 * utilities export 15-min energy) to interval records; a line that is not one goes to the dead letters
 * with its file and line and the reason.
 */
public final class IntervalLines extends CsvLines<IntervalReading> {
    private static final long serialVersionUID = 1L;
    private final long intervalMs;

    public IntervalLines(Duration interval, ZoneId naiveZone) {
        super(naiveZone);
        this.intervalMs = interval.toMillis();
    }

    @Override
    public void processElement(RawRecord r, Context ctx, Collector<IntervalReading> out) {
        List<String> header = header(r);
        String[] cells = CsvHeader.cells(r.payload);
        int meter = header.indexOf("meter_id");
        int time = header.indexOf("timestamp");
        int kwh = CsvHeader.indexOf(header, "kwh", "energy_kwh");
        if (meter < 0 || time < 0 || kwh < 0 || cells.length != header.size()) {
            refuse(ctx, r, DeadLetterReason.UNPARSABLE, "an interval line needs meter_id, timestamp and kwh columns as in its header", null);
            return;
        }
        String meterId = cells[meter].trim();
        if (meterId.isEmpty()) {
            refuse(ctx, r, DeadLetterReason.MISSING_METER_ID, "empty meter_id", null);
            return;
        }
        long startMs;
        try {
            startMs = Timestamps.parseMillis(cells[time].trim(), naiveZone);
        } catch (RuntimeException e) {
            refuse(ctx, r, DeadLetterReason.MISSING_TIMESTAMP, "unreadable timestamp '" + cells[time] + "'", meterId);
            return;
        }
        double energy;
        try {
            energy = Double.parseDouble(cells[kwh].trim());
        } catch (NumberFormatException e) {
            refuse(ctx, r, DeadLetterReason.INVALID_NUMBER, "kwh '" + cells[kwh] + "' is not a number", meterId);
            return;
        }
        if (!Double.isFinite(energy) || energy < 0) {
            refuse(ctx, r, DeadLetterReason.INVALID_NUMBER, "kwh " + energy + " is not the energy a consumption meter used", meterId);
            return;
        }
        out.collect(IntervalReading.fromMeter(meterId, startMs, startMs + intervalMs, energy));
    }
}
