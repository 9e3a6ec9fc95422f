package io.wattflow.jobs.heatpump;

import io.wattflow.format.Timestamps;
import io.wattflow.jobs.lines.CsvHeader;
import io.wattflow.jobs.lines.CsvLines;
import io.wattflow.record.DeadLetterReason;
import io.wattflow.record.RawRecord;
import io.wattflow.record.TemperatureReading;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * Weather CSV lines ({@code region,timestamp,temperature_c}, or the CKW export's {@code timestamp,temp,...}
 * with every row in the default region) to temperature readings; a line that is not one goes to
 * the dead letters with its file and line.
 */
public final class WeatherLines extends CsvLines<TemperatureReading> {
    private static final long serialVersionUID = 1L;
    private final String defaultRegion;

    public WeatherLines(String defaultRegion, ZoneId naiveZone) {
        super(naiveZone);
        this.defaultRegion = defaultRegion;
    }

    @Override
    public void processElement(RawRecord r, Context ctx, Collector<TemperatureReading> out) {
        List<String> header = header(r);
        String[] cells = CsvHeader.cells(r.payload);
        int time = header.indexOf("timestamp");
        int temp = CsvHeader.indexOf(header, "temperature_c", "temp");
        int region = header.indexOf("region");
        if (time < 0 || temp < 0 || cells.length != header.size()) {
            refuse(ctx, r, DeadLetterReason.UNPARSABLE, "a weather line needs timestamp and temperature_c (or temp) columns as in its header", null);
            return;
        }
        long timestampMs;
        try {
            timestampMs = Timestamps.parseMillis(cells[time].trim(), naiveZone);
        } catch (RuntimeException e) {
            refuse(ctx, r, DeadLetterReason.MISSING_TIMESTAMP, "unreadable timestamp '" + cells[time] + "'", null);
            return;
        }
        double celsius;
        try {
            celsius = Double.parseDouble(cells[temp].trim());
        } catch (NumberFormatException e) {
            refuse(ctx, r, DeadLetterReason.INVALID_NUMBER, "temperature '" + cells[temp] + "' is not a number", null);
            return;
        }
        if (!Double.isFinite(celsius) || celsius < -80 || celsius > 70) {
            refuse(ctx, r, DeadLetterReason.INVALID_NUMBER, "temperature " + celsius + " degC is not an outdoor temperature", null);
            return;
        }
        String where = region >= 0 && !cells[region].isBlank() ? cells[region].trim() : defaultRegion;
        out.collect(new TemperatureReading(where, timestampMs, celsius));
    }

    /** Weather temperatures with event time (an hour out of order allowed), and the refused lines, with the uids every wattflow job uses. */
    public static Timed<TemperatureReading> read(StreamExecutionEnvironment env, Source<RawRecord, ?, ?> source, String defaultRegion,
            ZoneId naiveZone, Duration idleness) {
        return CsvLines.read(env, source, "weather", new WeatherLines(defaultRegion, naiveZone), Duration.ofHours(1),
                (t, ts) -> t.timestampMs, idleness);
    }
}
