package io.wattflow.operators.anomaly;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Everything the anomaly detector keeps about one meter, as one keyed value (one state access per
 * interval record). Sizes are fixed, so state per meter is bounded: at most 6.0 KB serialized by
 * {@link MeterBaselineSerializer} (measured by a test; the day's 1,440 minutes as shorts 2.9 KB, four
 * hourly profiles 2.6 KB, 28-day histories 0.4 KB), about 250 bytes for a new meter.
 */
@TypeInfo(MeterBaselineSerializer.Factory.class)
public class MeterBaseline {
    public static final int DAY_MINUTES = 1440;
    public static final int HISTORY_DAYS = 28;
    public static final short NO_DATA = Short.MIN_VALUE;
    /** 24 hours and the one before them: a step is reported on the hour its 24 hours first show it. */
    public static final int HOUR_LOWS = 25;

    /** First data seen, epoch ms; days of history are counted from here. */
    public long firstMs = Long.MIN_VALUE;
    /** End of the newest interval, epoch ms. */
    public long lastEndMs = Long.MIN_VALUE;
    /** The data-silence start already reported as missing (so a silence is reported once). */
    public long missingReportedFromMs = Long.MIN_VALUE;
    /** Pending event-time timer for missing data, 0 when none. */
    public long missingTimerMs;

    /** The hour being summed: its start, energy and the time covered by valid data. */
    public long hourStartMs = Long.MIN_VALUE;
    public long hourEndMs = Long.MIN_VALUE;
    public double hourKwh;
    public long hourCoveredMs;

    /** Hourly energy profiles in log space: mean, variance, count per slot (168 hour-of-week, 48 day-type x hour, 24 hour). */
    public float[] weekMean = new float[168];
    public float[] weekVar = new float[168];
    public short[] weekN = new short[168];
    public float[] dayTypeMean = new float[48];
    public float[] dayTypeVar = new float[48];
    public short[] dayTypeN = new short[48];
    public float[] hourMean = new float[24];
    public float[] hourVar = new float[24];
    public short[] hourN = new short[24];
    /**
     * The level each hour of the day holds for most of the hour (its median minute), in the same log
     * space and with the same weights as {@link #hourMean}: a load that runs through the hour (a heater)
     * shows here, where a kettle or an oven's bursts, which widen the energy's spread, do not.
     */
    public float[] heldMean = new float[24];
    public float[] heldVar = new float[24];
    public short[] heldN = new short[24];
    /** The last hour held far above its usual level (epoch ms; Long.MIN_VALUE when none) and whether its excursion was reported. */
    public long heldExcursionMs = Long.MIN_VALUE;
    public boolean heldExcursionReported;

    /** The local day being collected: its start and its minutes' mean power, W ({@link #NO_DATA} when absent). */
    public long dayStartMs = Long.MIN_VALUE;
    public long dayEndMs = Long.MIN_VALUE;
    public short[] dayMinutes = emptyDay();
    /** The day's highest minute value (mean, or peak of 1 Hz data), W. */
    public float dayPeakW;
    public double dayKwh;

    /** The last days' baseloads, daily peaks and cycle periods, rings of {@link #HISTORY_DAYS}; NaN = none that day. */
    public float[] baseloads = nanRing(HISTORY_DAYS);
    public float[] peaks = nanRing(HISTORY_DAYS);
    public float[] periods = nanRing(HISTORY_DAYS);
    /** The autocorrelation of each day's clear cycle, beside {@link #periods}: how strongly a cycle that held showed. */
    public float[] periodStrengths = nanRing(HISTORY_DAYS);
    public int historyNext;
    /**
     * The last {@link #HOUR_LOWS} hours' baseload (5th percentile of each hour's minutes; NaN for an
     * hour with too few), newest at {@code hourLowNext - 1}: the last 24 hours judge a baseload step
     * (kept only with an hourly {@link AnomalySettings#baseloadStep}; else all NaN).
     */
    public float[] hourLows = nanRing(HOUR_LOWS);
    public int hourLowNext;
    /** Days in a row whose cycle differs from the established one (a change is reported on the second). */
    public byte periodChangeDays;

    /** Runs of suspicious minutes: start (Long.MIN_VALUE when none) and whether already reported. */
    public long zeroSinceMs = Long.MIN_VALUE;
    public boolean zeroReported;
    public long stuckSinceMs = Long.MIN_VALUE;
    public double stuckValue = Double.NaN;
    public boolean stuckReported;
    public long negativeLastMs = Long.MIN_VALUE;

    /** The two previous minutes, for isolated spikes: value (NaN when absent) and start. */
    public double prevW = Double.NaN;
    public long prevStartMs = Long.MIN_VALUE;
    public long prevEndMs = Long.MIN_VALUE;
    public double prev2W = Double.NaN;
    public long prev2EndMs = Long.MIN_VALUE;

    public MeterBaseline() {}

    static short[] emptyDay() {
        short[] day = new short[DAY_MINUTES];
        java.util.Arrays.fill(day, NO_DATA);
        return day;
    }

    static float[] nanRing(int length) {
        float[] ring = new float[length];
        java.util.Arrays.fill(ring, Float.NaN);
        return ring;
    }

    double historyDays(long nowMs) {
        return firstMs == Long.MIN_VALUE ? 0 : Math.max(0, (nowMs - firstMs) / 86_400_000.0);
    }
}
