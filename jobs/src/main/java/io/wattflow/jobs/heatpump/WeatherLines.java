package io.wattflow.jobs.heatpump;

import io.wattflow.format.Timestamps;
import io.wattflow.operators.ingest.DeadLetters;
import io.wattflow.record.DeadLetterReason;
import io.wattflow.record.RawRecord;
import io.wattflow.record.TemperatureReading;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

/**
 * Weather CSV lines ({@code region,timestamp,temperature_c}, or the CKW export's {@code timestamp,temp,...}
 * with every row in the default region) to temperature readings; a line that is not one goes to
 * the dead letters with its file and line.
 */
public final class WeatherLines extends ProcessFunction<RawRecord, TemperatureReading> {
    private static final long serialVersionUID = 1L;
    private final String defaultRegion;
    private final ZoneId naiveZone;
    private transient DeadLetters deadLetters;

    public WeatherLines(String defaultRegion, ZoneId naiveZone) {
        this.defaultRegion = defaultRegion;
        this.naiveZone = naiveZone;
    }

    @Override
    public void open(OpenContext openContext) {
        deadLetters = new DeadLetters(getRuntimeContext());
    }

    @Override
    public void processElement(RawRecord r, Context ctx, Collector<TemperatureReading> out) {
        List<String> header = Arrays.asList(r.csvHeader == null ? new String[0] : r.csvHeader.trim().toLowerCase().split(","));
        String[] cells = new String(r.payload, StandardCharsets.UTF_8).trim().split(",", -1);
        int time = header.indexOf("timestamp");
        int temp = header.contains("temperature_c") ? header.indexOf("temperature_c") : header.indexOf("temp");
        int region = header.indexOf("region");
        if (time < 0 || temp < 0 || cells.length != header.size()) {
            refuse(ctx, r, DeadLetterReason.UNPARSABLE, "a weather line needs timestamp and temperature_c (or temp) columns as in its header");
            return;
        }
        long timestampMs;
        try {
            timestampMs = Timestamps.parseMillis(cells[time].trim(), naiveZone);
        } catch (RuntimeException e) {
            refuse(ctx, r, DeadLetterReason.MISSING_TIMESTAMP, "unreadable timestamp '" + cells[time] + "'");
            return;
        }
        double celsius;
        try {
            celsius = Double.parseDouble(cells[temp].trim());
        } catch (NumberFormatException e) {
            refuse(ctx, r, DeadLetterReason.INVALID_NUMBER, "temperature '" + cells[temp] + "' is not a number");
            return;
        }
        if (!Double.isFinite(celsius) || celsius < -80 || celsius > 70) {
            refuse(ctx, r, DeadLetterReason.INVALID_NUMBER, "temperature " + celsius + " degC is not an outdoor temperature");
            return;
        }
        String where = region >= 0 && !cells[region].isBlank() ? cells[region].trim() : defaultRegion;
        out.collect(new TemperatureReading(where, timestampMs, celsius));
    }

    private void refuse(Context ctx, RawRecord r, DeadLetterReason reason, String detail) {
        ctx.output(DeadLetters.TAG, deadLetters.refuse(reason, detail, r.origin, r.payload, null));
    }
}
