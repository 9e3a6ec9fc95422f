package io.wattflow.record;

import org.apache.avro.reflect.Nullable;

import java.time.Instant;
import java.util.Objects;

/**
 * Energy over one interval [startMs, endMs) of one meter: either sent by an interval meter
 * (15-min kWh; the power statistics are then null) or aggregated by wattflow from 1 Hz readings.
 */
public class IntervalReading {
    /** Where the record came from: a meter that reports interval energy itself. */
    public static final String SOURCE_METER = "meter";
    /** Where the record came from: wattflow aggregated it from instantaneous readings. */
    public static final String SOURCE_AGGREGATED = "aggregated";

    public String meterId;
    public long startMs;
    public long endMs;
    public double energyKwh;
    @Nullable public Double meanPowerW;
    @Nullable public Double minPowerW;
    @Nullable public Double maxPowerW;
    /** Share of the interval covered by readings, 0..1; null when the meter sent the interval. */
    @Nullable public Double coverage;
    /** Number of instantaneous readings aggregated; 0 for a meter-sent interval. */
    public int sampleCount;
    public String source;

    public IntervalReading() {}

    public static IntervalReading fromMeter(String meterId, long startMs, long endMs, double energyKwh) {
        IntervalReading r = new IntervalReading();
        r.meterId = meterId;
        r.startMs = startMs;
        r.endMs = endMs;
        r.energyKwh = energyKwh;
        r.source = SOURCE_METER;
        return r;
    }

    public long durationMs() {
        return endMs - startMs;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof IntervalReading)) {
            return false;
        }
        IntervalReading r = (IntervalReading) o;
        return startMs == r.startMs && endMs == r.endMs && sampleCount == r.sampleCount
                && Double.compare(energyKwh, r.energyKwh) == 0
                && Objects.equals(meterId, r.meterId)
                && Objects.equals(meanPowerW, r.meanPowerW)
                && Objects.equals(minPowerW, r.minPowerW)
                && Objects.equals(maxPowerW, r.maxPowerW)
                && Objects.equals(coverage, r.coverage)
                && Objects.equals(source, r.source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(meterId, startMs, endMs);
    }

    @Override
    public String toString() {
        return "IntervalReading{" + meterId + " [" + Instant.ofEpochMilli(startMs) + ", " + Instant.ofEpochMilli(endMs)
                + "), " + energyKwh + " kWh, mean=" + meanPowerW + ", min=" + minPowerW + ", max=" + maxPowerW
                + ", coverage=" + coverage + ", n=" + sampleCount + ", " + source + '}';
    }
}
