package io.wattflow.operators.interval;

import io.wattflow.record.IntervalReading;

/**
 * Running power statistics of one interval of one meter. Merging is exact, so 15-min records rolled
 * up from 1-min records equal those computed from the readings directly.
 * Serialized size: 40 bytes (32 where {@code MeterStreamState}'s own serializer writes it without
 * {@link #coveredMs}, which readings do not use).
 */
public class IntervalAccumulator {
    public long count;
    public double sumW;
    public double minW = Double.POSITIVE_INFINITY;
    public double maxW = Double.NEGATIVE_INFINITY;
    /**
     * Time covered by the merged records (their coverage times their length), for a roll-up: its
     * coverage is theirs, whatever the meter's cadence. 0 for an accumulator of readings, whose
     * coverage is counted from the readings.
     */
    public double coveredMs;

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
        coveredMs += (r.coverage == null ? 1.0 : r.coverage) * (r.endMs - r.startMs);
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
        // Rolled up: the covered time of the records merged (a 1-min meter's quarter hour is 15 readings,
        // not 15 of 900 seconds); from readings: their count times the sample period given.
        r.coverage = Math.min(1.0, coveredMs > 0 ? coveredMs / lengthMs : (double) count * samplePeriodMs / lengthMs);
        r.source = IntervalReading.SOURCE_AGGREGATED;
        return r;
    }
}
