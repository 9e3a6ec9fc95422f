package io.wattflow.jobs.bench;

import io.wattflow.record.RawRecord;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

import java.nio.charset.StandardCharsets;

/**
 * Readings of many meters, generated inside the job as CSV lines: each meter has a base load, an
 * appliance switching on and off with a period of its own, and noise, so detectors find events.
 * Each source subtask generates its own meters in time order (all meters at second 0, then 1, ...),
 * so event time and per-meter order hold whatever the parallelism; the index the source hands in is
 * only a count.
 */
public final class SyntheticMeters implements GeneratorFunction<Long, RawRecord> {
    private static final long serialVersionUID = 1L;
    public static final String HEADER = "meter_id,timestamp,active_power_w";
    public static final long START_MS = 1_704_067_200_000L; // 2024-01-01T00:00:00Z

    private final int meters;
    private transient int first;
    private transient int step;
    private transient int mine;
    private transient long counter;

    public SyntheticMeters(int meters) {
        this.meters = meters;
    }

    @Override
    public void open(SourceReaderContext context) {
        first = context.getIndexOfSubtask();
        step = context.currentParallelism();
        mine = (meters - first + step - 1) / step;
        counter = 0;
    }

    @Override
    public RawRecord map(Long ignored) {
        long c = counter++;
        int meter = first + step * (int) (c % mine);
        long second = c / mine;
        return record(meter, second);
    }

    /** The reading of {@code meter} at {@code second}; the same for the Flink job and the plain-Java ceiling. */
    public static RawRecord record(int meter, long second) {
        double watts = powerW(meter, second);
        String id = "m-" + meter;
        RawRecord r = new RawRecord((id + "," + (START_MS + second * 1000) + "," + Math.round(watts * 10) / 10.0)
                .getBytes(StandardCharsets.UTF_8), "bench:" + meter + ":" + second);
        r.key = id;
        r.csvHeader = HEADER;
        return r;
    }

    static double powerW(int meter, long second) {
        double base = 80 + (meter * 37 % 200);
        long period = 600 + (meter * 13 % 1200);
        boolean on = (second + meter * 7L) % period < period / 3;
        long h = (meter * 0x9E3779B97F4A7C15L) ^ (second * 0xC2B2AE3D27D4EB4FL);
        h ^= h >>> 29;
        double noise = ((h & 0xFFFF) / 65535.0 - 0.5) * 6;
        return base + (on ? 1000 + meter % 500 : 0) + noise;
    }

    /** Readings each source subtask generates when the job makes {@code total} in all. */
    public static long total(int meters, long seconds) {
        return meters * seconds;
    }
}
