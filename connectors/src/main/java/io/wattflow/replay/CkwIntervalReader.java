package io.wattflow.replay;

import io.wattflow.format.Timestamps;
import io.wattflow.record.IntervalReading;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

/** The CKW smart-meter files: {@code meter_id,timestamp,kwh}, one 15-min interval per row, starting at timestamp. */
public final class CkwIntervalReader extends CsvRows<IntervalReading> {
    private static final long QUARTER_HOUR_MS = Duration.ofMinutes(15).toMillis();
    private final ZoneId zone;
    private final int meter, time, kwh;

    public CkwIntervalReader(Path file, ZoneId zone) throws IOException {
        super(file);
        this.zone = zone;
        meter = column("meter_id");
        time = column("timestamp");
        kwh = column("kwh");
    }

    @Override
    protected IntervalReading toRecord(String[] cells) {
        Double energy = number(cells[kwh]);
        if (energy == null || cells[meter].isBlank()) {
            return null;
        }
        long start = Timestamps.parseMillis(cells[time], zone);
        return IntervalReading.fromMeter(cells[meter].trim(), start, start + QUARTER_HOUR_MS, energy);
    }
}
