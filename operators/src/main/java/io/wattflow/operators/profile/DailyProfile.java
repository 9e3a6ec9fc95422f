package io.wattflow.operators.profile;

/** A day's shape: each hour's share of the day's energy, so homes of any size compare by routine alone. */
public final class DailyProfile {
    public static final int HOURS = 24;

    private DailyProfile() {}

    /** The 24 shares (summing to 1), or null for a day with no energy or a missing hour. */
    public static double[] shape(double[] hourlyKwh) {
        double total = 0;
        for (double v : hourlyKwh) {
            if (Double.isNaN(v) || v < 0) {
                return null;
            }
            total += v;
        }
        if (total <= 0) {
            return null;
        }
        double[] s = new double[hourlyKwh.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = hourlyKwh[i] / total;
        }
        return s;
    }
}
