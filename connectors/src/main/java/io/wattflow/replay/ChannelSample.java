package io.wattflow.replay;

import io.wattflow.record.MeterReading;

/**
 * One instant of a recording with sub-metered ground truth: the whole-house reading and the power of
 * each individual channel (circuit or appliance) at the same time.
 */
public final class ChannelSample {
    public final MeterReading aggregate;
    /** Power of each channel in W, in the order of the reader's channel names. */
    public final double[] channelsW;

    public ChannelSample(MeterReading aggregate, double[] channelsW) {
        this.aggregate = aggregate;
        this.channelsW = channelsW;
    }
}
