package io.wattflow.operators.interval;

import io.wattflow.record.MeterReading;

import java.time.Duration;

/** Instantaneous readings into interval records (e.g. 1 Hz into 1-min). */
public final class ReadingIntervals extends IntervalBuckets<MeterReading> {
    private static final long serialVersionUID = 1L;

    public ReadingIntervals(Duration length, Duration samplePeriod) {
        super(length, samplePeriod);
    }

    @Override
    protected long timeOf(MeterReading r) {
        return r.timestampMs;
    }

    @Override
    protected void addTo(IntervalAccumulator acc, MeterReading r) {
        acc.add(r.activePowerW);
    }
}
