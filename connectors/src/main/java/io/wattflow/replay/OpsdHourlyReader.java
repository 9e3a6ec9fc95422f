package io.wattflow.replay;

import io.wattflow.format.Timestamps;
import io.wattflow.record.IntervalReading;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneOffset;

/**
 * One device column of the Open Power System Data household file: cumulative kWh counters per hour,
 * turned into hourly interval energy by differencing consecutive rows (on {@code utc_timestamp}). A
 * row with no counter value, or a counter that went backwards (a reset), yields no interval.
 */
public final class OpsdHourlyReader extends CsvRows<IntervalReading> {
    private final String meterId;
    private final int time, counter;
    private Long previousTs;
    private Double previousKwh;

    /** @param column a counter column, e.g. {@code DE_KN_residential4_heat_pump} */
    public OpsdHourlyReader(Path file, String column) throws IOException {
        super(file);
        this.meterId = column;
        this.time = column("utc_timestamp");
        this.counter = column(column);
    }

    @Override
    protected IntervalReading toRecord(String[] cells) {
        Double kwh = counter < cells.length ? number(cells[counter]) : null;
        long ts = Timestamps.parseMillis(cells[time], ZoneOffset.UTC);
        Long prevTs = previousTs;
        Double prevKwh = previousKwh;
        if (kwh != null) {
            previousTs = ts;
            previousKwh = kwh;
        }
        if (kwh == null || prevKwh == null || kwh < prevKwh || ts - prevTs != 3_600_000L) {
            return null;
        }
        return IntervalReading.fromMeter(meterId, prevTs, ts, kwh - prevKwh);
    }
}
