package io.wattflow.jobs.eval.anomaly;

import io.wattflow.record.MeterReading;
import io.wattflow.replay.ChannelSample;
import io.wattflow.replay.GjwChangeLogReader;
import io.wattflow.replay.MinuteCsvReader;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A meter's whole-house power, one value per minute, as arrays: minute starts (epoch ms) and watts,
 * NaN for a minute without data. Timestamps are the recordings' naive times taken as UTC.
 */
public final class MinuteSeries {
    static final long MINUTE_MS = 60_000L;

    final String meterId;
    final long firstMs;
    final double[] watts;

    MinuteSeries(String meterId, long firstMs, double[] watts) {
        this.meterId = meterId;
        this.firstMs = firstMs;
        this.watts = watts;
    }

    public String meterId() {
        return meterId;
    }

    /** Mean power of minute {@code i} (NaN where missing), W. */
    public double watts(int i) {
        return watts[i];
    }

    public long timeOf(int i) {
        return firstMs + i * MINUTE_MS;
    }

    int indexOf(long ms) {
        return (int) Math.floorDiv(ms - firstMs, MINUTE_MS);
    }

    public int size() {
        return watts.length;
    }

    MinuteSeries copy() {
        return new MinuteSeries(meterId, firstMs, Arrays.copyOf(watts, watts.length));
    }

    /** The aggregate column of UK-DALE / REFIT monthly files, in the order given. */
    public static MinuteSeries fromMinuteFiles(String meterId, List<Path> files) throws IOException {
        List<Long> times = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (Path f : files) {
            try (MinuteCsvReader reader = new MinuteCsvReader(f, meterId, ZoneOffset.UTC)) {
                while (reader.hasNext()) {
                    ChannelSample s = reader.next();
                    times.add(s.aggregate.timestampMs);
                    values.add(s.aggregate.activePowerW);
                }
            }
        }
        return build(meterId, times, values);
    }

    /** The GJW house's 1 Hz change log, as minute means of the minutes with at least half their seconds. */
    static MinuteSeries fromGjw(String meterId, List<Path> realPowerFiles) throws IOException {
        List<Long> times = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (Path f : realPowerFiles) {
            try (GjwChangeLogReader reader = new GjwChangeLogReader(f, null, meterId, ZoneOffset.UTC, 300)) {
                long minute = Long.MIN_VALUE;
                double sum = 0;
                int n = 0;
                while (reader.hasNext()) {
                    MeterReading r = reader.next();
                    long m = r.timestampMs - Math.floorMod(r.timestampMs, MINUTE_MS);
                    if (m != minute) {
                        if (n >= 30) {
                            times.add(minute);
                            values.add(sum / n);
                        }
                        minute = m;
                        sum = 0;
                        n = 0;
                    }
                    sum += r.activePowerW;
                    n++;
                }
                if (n >= 30) {
                    times.add(minute);
                    values.add(sum / n);
                }
            }
        }
        return build(meterId, times, values);
    }

    private static MinuteSeries build(String meterId, List<Long> times, List<Double> values) {
        long first = times.get(0);
        long last = times.get(times.size() - 1);
        double[] w = new double[(int) ((last - first) / MINUTE_MS) + 1];
        Arrays.fill(w, Double.NaN);
        for (int i = 0; i < times.size(); i++) {
            long t = times.get(i);
            if ((t - first) % MINUTE_MS == 0) {
                w[(int) ((t - first) / MINUTE_MS)] = values.get(i);
            }
        }
        return new MinuteSeries(meterId, first, w);
    }
}
