package io.wattflow.operators.heatpump;

/**
 * How a meter's detection turns the disaggregation's estimate into the heat-pump energy reported. The
 * evaluation ({@code wattflow eval heatpump}) chooses among these by nested cross-validation; the stage
 * runs {@link #SHIPPED}.
 */
public enum HeatPumpGate {
    /** The estimate as it is. */
    NONE("ungated"),
    /** The estimate where the meter's median probability is at or above the threshold, else 0. */
    THRESHOLD("gated at the threshold"),
    /** The estimate times the median probability. */
    WEIGHTED("x probability"),
    /** The estimate times the median probability over the threshold, at most 1. */
    SCALED("x probability / threshold, at most 1");

    /** The gate the nested choice picked on all the evaluation's homes (README, "Quality (leave homes out)"). */
    public static final HeatPumpGate SHIPPED = THRESHOLD;

    public final String label;

    HeatPumpGate(String label) {
        this.label = label;
    }

    /** The part of {@code estimateKwh} reported, given the meter's median detection probability. */
    public double apply(double estimateKwh, double medianProbability, double threshold) {
        switch (this) {
            case NONE:
                return estimateKwh;
            case THRESHOLD:
                return medianProbability >= threshold ? estimateKwh : 0;
            case WEIGHTED:
                return estimateKwh * medianProbability;
            default:
                return estimateKwh * Math.min(1, medianProbability / threshold);
        }
    }
}
