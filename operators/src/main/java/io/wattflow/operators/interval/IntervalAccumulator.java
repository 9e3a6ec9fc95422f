package io.wattflow.operators.interval;

import io.wattflow.record.IntervalReading;

/**
 * Running power statistics of one interval of one meter. Merging is exact, so 15-min records rolled
 * up from 1-min records equal those computed from the readings directly.
 * Serialized size: 32 bytes.
 */
public class IntervalAccumulator {
    public long count;
    public double sumW;
    public double minW = Double.POSITIVE_INFINITY;
    public double maxW = Double.NEGATIVE_INFINITY;

    public IntervalAccumulator() {}

    public void add(double powerW) {
        count++;
        sumW += powerW;
        minW = Math.min(minW, powerW);
        maxW = Math.max(maxW, powerW);
    }

    /** Adds an interval record that was itself aggregated from readings. */
    public void merge(IntervalReading r) {
        count += r.sampleCount;
        sumW += r.meanPowerW * r.sampleCount;
        minW = Math.min(minW, r.minPowerW);
        maxW = Math.max(maxW, r.maxPowerW);
    }

    /**
     * The interval record. Energy is the mean power times the interval's length, so missing seconds
     * are filled with the mean of the present ones; {@code coverage} says how many were present.
     */
    public IntervalReading toRecord(String meterId, long startMs, long lengthMs, long samplePeriodMs) {
        IntervalReading r = new IntervalReading();
        r.meterId = meterId;
        r.startMs = startMs;
        r.endMs = startMs + lengthMs;
        double mean = sumW / count;
        r.meanPowerW = mean;
        r.minPowerW = minW;
        r.maxPowerW = maxW;
        r.energyKwh = mean * lengthMs / 3_600_000.0 / 1000.0;
        r.sampleCount = (int) count;
        r.coverage = Math.min(1.0, (double) count * samplePeriodMs / lengthMs);
        r.source = IntervalReading.SOURCE_AGGREGATED;
        return r;
    }
}
