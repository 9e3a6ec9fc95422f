package io.wattflow.replay;

import io.wattflow.format.Timestamps;
import io.wattflow.record.TemperatureReading;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;

/**
 * Hourly weather files with a {@code timestamp} and a {@code temp} (degC) column, as in the CKW set,
 * or wattflow's own {@code region,timestamp,temperature_c}. Rows without a temperature are skipped.
 */
public final class WeatherCsvReader extends CsvRows<TemperatureReading> {
    private final String region;
    private final ZoneId zone;
    private final int time, temp, regionColumn;

    public WeatherCsvReader(Path file, String region, ZoneId zone) throws IOException {
        super(file);
        this.region = region;
        this.zone = zone;
        time = column("timestamp");
        temp = hasColumn("temperature_c") ? column("temperature_c") : column("temp");
        regionColumn = hasColumn("region") ? column("region") : -1;
    }

    private boolean hasColumn(String name) {
        for (String h : header) {
            if (h.trim().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected TemperatureReading toRecord(String[] cells) {
        Double t = number(cells[temp]);
        if (t == null) {
            return null;
        }
        String r = regionColumn >= 0 ? cells[regionColumn].trim() : region;
        return new TemperatureReading(r, Timestamps.parseMillis(cells[time], zone), t);
    }
}
