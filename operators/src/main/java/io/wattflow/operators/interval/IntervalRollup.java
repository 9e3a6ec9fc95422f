package io.wattflow.operators.interval;

import io.wattflow.record.IntervalReading;

import java.time.Duration;

/**
 * Short aggregated intervals into longer ones (1-min into 15-min): 1/60 of the work of aggregating
 * the readings again, with the same result.
 */
public final class IntervalRollup extends IntervalBuckets<IntervalReading> {
    private static final long serialVersionUID = 1L;

    public IntervalRollup(Duration length, Duration samplePeriod) {
        super(length, samplePeriod);
    }

    @Override
    protected long timeOf(IntervalReading r) {
        return r.startMs;
    }

    @Override
    protected void addTo(IntervalAccumulator acc, IntervalReading r) {
        acc.merge(r);
    }
}
