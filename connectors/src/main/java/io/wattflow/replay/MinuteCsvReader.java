package io.wattflow.replay;

import io.wattflow.format.Timestamps;
import io.wattflow.record.MeterReading;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

/**
 * The UK-DALE / REFIT 1-min files: {@code Time,Aggregate,<appliance>...} in watts, naive timestamps
 * taken in the zone given. Rows without an aggregate are skipped; a missing appliance value is NaN.
 */
public final class MinuteCsvReader extends CsvRows<ChannelSample> {
    private final String meterId;
    private final ZoneId zone;
    private final int time;
    private final int aggregate;

    public MinuteCsvReader(Path file, String meterId, ZoneId zone) throws IOException {
        super(file);
        this.meterId = meterId;
        this.zone = zone;
        this.time = column("Time");
        this.aggregate = column("Aggregate");
    }

    /** The appliance columns, in the order of {@link ChannelSample#channelsW}. */
    public List<String> channelNames() {
        return Arrays.asList(header).subList(aggregate + 1, header.length);
    }

    @Override
    protected ChannelSample toRecord(String[] cells) {
        Double total = cells.length > aggregate ? number(cells[aggregate]) : null;
        if (total == null) {
            return null;
        }
        double[] channels = new double[header.length - aggregate - 1];
        for (int i = 0; i < channels.length; i++) {
            int c = aggregate + 1 + i;
            Double v = c < cells.length ? number(cells[c]) : null;
            channels[i] = v == null ? Double.NaN : v;
        }
        long ts = Timestamps.parseMillis(cells[time], zone);
        return new ChannelSample(new MeterReading(meterId, ts, total), channels);
    }
}
