package io.wattflow.record;

import org.apache.avro.reflect.Nullable;

import java.time.Instant;

/**
 * Something abnormal about one meter's consumption or data, found against its own learned baseline:
 * what ({@link #kind}), when, what was observed and expected, how far off ({@link #score}, 1 = at the
 * threshold), a one-line explanation for a person, and how much history the baseline had.
 */
public class Anomaly {
    /** Hourly consumption above the expected band. */
    public static final String CONSUMPTION_HIGH = "consumption_high";
    /** Hourly consumption below the expected band. */
    public static final String CONSUMPTION_LOW = "consumption_low";
    /** The day's baseload (Always-On power) stepped away from its level of the previous weeks. */
    public static final String BASELOAD_STEP = "baseload_step";
    /** The meter read zero for longer than a house ever uses nothing. */
    public static final String ZERO_RUN = "zero_run";
    /** A consumption meter read negative power. */
    public static final String NEGATIVE = "negative";
    /** Identical readings for too long: a stuck meter or a frozen data path. */
    public static final String STUCK = "stuck";
    /** An isolated jump beyond what the house's loads can do. */
    public static final String SPIKE = "spike";
    /** No data for too long. */
    public static final String MISSING = "missing";
    /** The dominant cycle of the day (a fridge's, say) changed period. */
    public static final String PERIODICITY_CHANGE = "periodicity_change";

    public String meterId;
    public String kind;
    /** Start of the abnormal stretch, epoch ms. */
    public long startMs;
    /** End of the stretch as far as known when detected, epoch ms. */
    public long endMs;
    /** Event time at which the anomaly was detected, epoch ms. */
    public long detectedMs;
    @Nullable public Double observed;
    @Nullable public Double expected;
    /** Unit of observed and expected: "W", "kWh" or "min". */
    public String unit;
    /** How far past the kind's threshold: 1 at the threshold, larger is worse. */
    public double score;
    /** "low" (score below 2), "medium" (below 4) or "high". */
    public String severity;
    public String explanation;
    /** Days of history the meter's baseline had when this was found. */
    public double baselineDays;
    /** Which baseline judged it: "hour-of-week", "day-type-hour", "hour-of-day", "history" or "rule". */
    public String baselineLevel;

    public Anomaly() {}

    public static String severityOf(double score) {
        return score < 2 ? "low" : score < 4 ? "medium" : "high";
    }

    @Override
    public String toString() {
        return "Anomaly{" + meterId + " " + kind + " [" + Instant.ofEpochMilli(startMs) + ", " + Instant.ofEpochMilli(endMs)
                + "] score " + String.format("%.2f", score) + " " + severity + ": " + explanation
                + " (baseline " + String.format("%.1f", baselineDays) + " d, " + baselineLevel + ")}";
    }
}
