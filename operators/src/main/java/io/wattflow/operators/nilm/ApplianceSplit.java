package io.wattflow.operators.nilm;

/**
 * Turns a NILM model's raw output for the minutes it estimates into a split of the measured power
 * that adds up: no appliance above the meter's own power in a minute, and when the appliances
 * together exceed it, each scaled down by the same factor; the rest is "other".
 *
 * <p>The model's output is {@code [2][appliances][steps]}: power (already 0 when the model calls the
 * appliance OFF), then ON probability.
 */
public final class ApplianceSplit {
    private ApplianceSplit() {}

    /**
     * @param aggregateW the meter's power in each estimated step
     * @param output     the model's output for one window
     * @param watts      filled with {@code [appliance][step]} watts
     * @param other      filled with each step's rest
     */
    public static void split(float[] aggregateW, float[] output, int appliances, float[] watts, float[] other) {
        int steps = aggregateW.length;
        for (int t = 0; t < steps; t++) {
            float measured = Float.isNaN(aggregateW[t]) ? 0f : Math.max(0f, aggregateW[t]);
            float sum = 0;
            for (int a = 0; a < appliances; a++) {
                float w = output[a * steps + t];
                w = Float.isNaN(w) ? 0f : Math.min(Math.max(w, 0f), measured);
                watts[a * steps + t] = w;
                sum += w;
            }
            if (sum > measured) {
                float k = measured / sum;
                sum = 0;
                for (int a = 0; a < appliances; a++) {
                    watts[a * steps + t] *= k;
                    sum += watts[a * steps + t];
                }
            }
            other[t] = Math.max(0f, measured - sum);
        }
    }

    /** The ON probability of appliance {@code a} at step {@code t} in a model output. */
    public static float probability(float[] output, int appliances, int steps, int a, int t) {
        return output[(appliances + a) * steps + t];
    }
}
