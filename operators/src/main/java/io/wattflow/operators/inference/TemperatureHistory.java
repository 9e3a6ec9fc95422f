package io.wattflow.operators.inference;

import io.wattflow.record.TemperatureReading;
import org.apache.flink.api.common.state.BroadcastState;

/**
 * A weather region's recent hourly outdoor temperature, a ring of hours (NaN where none came). The
 * newest reading of an hour wins. Held in broadcast state: {@code 4 * capacity + 16} bytes per
 * region, on every task.
 */
public class TemperatureHistory {
    public static final long HOUR_MS = 3_600_000L;

    public float[] celsius;
    public long newestHour = Long.MIN_VALUE;

    public TemperatureHistory() {}

    public TemperatureHistory(int capacityHours) {
        celsius = new float[capacityHours];
        java.util.Arrays.fill(celsius, Float.NaN);
    }

    /** Books {@code t} into its region's history in {@code regions} (a new region gets {@code capacityHours}). */
    public static void record(BroadcastState<String, TemperatureHistory> regions, TemperatureReading t, int capacityHours)
            throws Exception {
        TemperatureHistory h = regions.get(t.region);
        if (h == null) {
            h = new TemperatureHistory(capacityHours);
        }
        h.put(t.timestampMs, t.temperatureC);
        regions.put(t.region, h);
    }

    public void put(long timestampMs, double temperatureC) {
        long hour = Math.floorDiv(timestampMs, HOUR_MS);
        if (newestHour != Long.MIN_VALUE && hour <= newestHour - celsius.length) {
            return; // older than anything a window still needs
        }
        if (newestHour == Long.MIN_VALUE || hour > newestHour) {
            long from = newestHour == Long.MIN_VALUE ? hour : Math.max(newestHour + 1, hour - celsius.length + 1);
            for (long h = from; h < hour; h++) {
                celsius[ring(h)] = Float.NaN;
            }
            newestHour = hour;
        }
        celsius[ring(hour)] = (float) temperatureC;
    }

    /** The temperature of the hour containing {@code timestampMs}; NaN if unknown. */
    public float at(long timestampMs) {
        long hour = Math.floorDiv(timestampMs, HOUR_MS);
        if (newestHour == Long.MIN_VALUE || hour > newestHour || hour <= newestHour - celsius.length) {
            return Float.NaN;
        }
        return celsius[ring(hour)];
    }

    private int ring(long hour) {
        return (int) Math.floorMod(hour, (long) celsius.length);
    }
}
