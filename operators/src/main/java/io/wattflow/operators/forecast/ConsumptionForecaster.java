package io.wattflow.operators.forecast;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * Forecasts a meter's consumption from its own history: each hour (or day) of the target is the
 * recency-weighted quantiles of the same hour (and, at half weight, its neighbours) on past days of
 * the same type (weekday, or weekend and holiday) in the window. Quantiles, not means: household hours
 * are skewed (a kettle hour is ten quiet hours), and the median is what minimises the absolute error.
 * Plain Java, shared by the stream operator and the evaluation.
 */
public final class ConsumptionForecaster {
    /** Days of the target's type needed before they are pooled apart from the other type. */
    static final int MIN_SAME_TYPE_DAYS = 3;

    private ConsumptionForecaster() {}

    /** A forecast's 10th, 50th and 90th percentile, kWh. */
    public record Quantiles(double p10, double p50, double p90) {}

    /** Forecasts of the 24 hours of local epoch day {@code day} from the days before it; null for an hour without history. */
    public static Quantiles[] hours(ForecastState s, long day, ForecastSettings cfg) {
        return hours(s, day, cfg, expectedCelsius(s, day));
    }

    /**
     * The same, with the past days rescaled to {@code targetC}, the target day's expected mean outdoor
     * temperature (NaN: no rescaling), by the meter's {@link TemperatureResponse} at {@link ForecastSettings#temperatureWeight}.
     */
    public static Quantiles[] hours(ForecastState s, long day, ForecastSettings cfg, double targetC) {
        Quantiles[] out = new Quantiles[ForecastState.HOURS];
        if (!s.hasMeasuredHour(day - cfg.windowDays, day - 1)) {
            // No measured hour to learn from (a meter's first midnight, every meter of a new fleet at
            // once): no forecast, without 24 x 42 x 3 look-ups and the calendar's day types.
            return out;
        }
        double[] factors = factors(s, day, cfg, targetC);
        boolean weekend = weekend(day, cfg);
        // Per past day, once rather than once per hour: whether it is of the target's day type, and its weight.
        boolean[] matches = new boolean[cfg.windowDays];
        double[] weights = new double[cfg.windowDays];
        for (int i = 0; i < cfg.windowDays; i++) {
            matches[i] = weekend(day - 1 - i, cfg) == weekend;
            weights[i] = weight(day, day - 1 - i, cfg);
        }
        Pool same = new Pool();
        Pool all = new Pool();
        for (int h = 0; h < ForecastState.HOURS; h++) {
            same.clear();
            all.clear();
            int sameDays = 0;
            for (long d = day - 1; d >= day - cfg.windowDays; d--) {
                boolean match = matches[(int) (day - 1 - d)];
                double w = weights[(int) (day - 1 - d)];
                double f = factors[(int) (day - 1 - d)];
                for (int dh = -cfg.neighbourHours; dh <= cfg.neighbourHours; dh++) {
                    int hh = h + dh;
                    if (hh < 0 || hh >= ForecastState.HOURS) {
                        continue;
                    }
                    double v = f * s.hour(d, hh);
                    if (Double.isNaN(v)) {
                        continue;
                    }
                    double wv = dh == 0 ? w : w / 2;
                    all.add(v, wv);
                    if (match) {
                        same.add(v, wv);
                        sameDays += dh == 0 ? 1 : 0;
                    }
                }
            }
            Pool pool = cfg.splitDayType && sameDays >= MIN_SAME_TYPE_DAYS ? same : all;
            out[h] = pool.isEmpty() ? null : pool.quantiles(cfg.spread);
        }
        return out;
    }

    /** Forecasts of the totals of {@code count} days from {@code firstDay}, from the days before {@code firstDay}. */
    public static Quantiles[] days(ForecastState s, long firstDay, int count, ForecastSettings cfg) {
        return days(s, firstDay, count, cfg, expectedCelsius(s, firstDay));
    }

    /** The same, the past days rescaled to {@code targetC} (every day ahead is taken to be that warm). */
    public static Quantiles[] days(ForecastState s, long firstDay, int count, ForecastSettings cfg, double targetC) {
        Quantiles[] out = new Quantiles[count];
        if (!s.hasMeasuredHour(firstDay - cfg.windowDays, firstDay - 1)) {
            return out; // a day is measured only with measured hours: as in hours(), nothing to learn from
        }
        double[] factors = factors(s, firstDay, cfg, targetC);
        Pool same = new Pool();
        Pool all = new Pool();
        for (int k = 0; k < count; k++) {
            long target = firstDay + k;
            boolean weekend = weekend(target, cfg);
            same.clear();
            all.clear();
            int sameDays = 0;
            for (long d = firstDay - 1; d >= firstDay - cfg.windowDays; d--) {
                double v = factors[(int) (firstDay - 1 - d)] * s.day(d);
                if (Double.isNaN(v)) {
                    continue;
                }
                double w = weight(firstDay, d, cfg);
                all.add(v, w);
                if (weekend(d, cfg) == weekend) {
                    same.add(v, w);
                    sameDays++;
                }
            }
            Pool pool = cfg.splitDayType && sameDays >= MIN_SAME_TYPE_DAYS ? same : all;
            out[k] = pool.isEmpty() ? null : pool.quantiles(cfg.dailySpread);
        }
        return out;
    }

    /**
     * What the stream expects the day's temperature to be: the day before's mean (persistence; the
     * job sees observations, not a weather forecast); NaN without temperatures.
     */
    public static double expectedCelsius(ForecastState s, long day) {
        return s.celsius(day - 1);
    }

    /** Per day back from {@code day - 1}: the factor rescaling that day to {@code targetC}; all 1 when not used. */
    private static double[] factors(ForecastState s, long day, ForecastSettings cfg, double targetC) {
        double[] f = new double[cfg.windowDays];
        Arrays.fill(f, 1);
        if (cfg.temperatureWeight <= 0 || Double.isNaN(targetC)) {
            return f;
        }
        TemperatureResponse response = TemperatureResponse.fit(s, day);
        if (response == null) {
            return f;
        }
        for (int k = 0; k < f.length; k++) {
            f[k] = response.factor(s.celsius(day - 1 - k), targetC, cfg.temperatureWeight);
        }
        return f;
    }

    static boolean weekend(long epochDay, ForecastSettings cfg) {
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        DayOfWeek dow = date.getDayOfWeek();
        return dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY || cfg.holidays.contains(date);
    }

    private static double weight(long issueDay, long day, ForecastSettings cfg) {
        return cfg.halfLifeDays <= 0 ? 1 : Math.pow(0.5, (issueDay - day - 1) / cfg.halfLifeDays);
    }

    /** Weighted values and their quantiles (linear between the midpoints of the weights). */
    static final class Pool {
        // Empty until the first value: a meter with nothing measured in its window (every meter of a new
        // fleet at its first midnight) allocates nothing.
        private double[] values = {};
        private double[] weights = {};
        private int n;

        void clear() {
            n = 0;
        }

        boolean isEmpty() {
            return n == 0;
        }

        void add(double v, double w) {
            if (n == values.length) {
                values = Arrays.copyOf(values, Math.max(64, 2 * n));
                weights = Arrays.copyOf(weights, Math.max(64, 2 * n));
            }
            values[n] = v;
            weights[n] = w;
            n++;
        }

        Quantiles quantiles(double spread) {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
            double total = 0;
            for (int i = 0; i < n; i++) {
                total += weights[i];
            }
            double[] v = new double[n];
            double[] mid = new double[n];
            double cum = 0;
            for (int i = 0; i < n; i++) {
                v[i] = values[order[i]];
                mid[i] = (cum + weights[order[i]] / 2) / total;
                cum += weights[order[i]];
            }
            double p50 = at(v, mid, 0.5);
            double p10 = Math.max(0, p50 - spread * (p50 - at(v, mid, 0.1)));
            double p90 = p50 + spread * (at(v, mid, 0.9) - p50);
            return new Quantiles(p10, p50, p90);
        }

        private double at(double[] v, double[] mid, double q) {
            if (q <= mid[0]) {
                return v[0];
            }
            for (int i = 1; i < n; i++) {
                if (q <= mid[i]) {
                    double f = (q - mid[i - 1]) / (mid[i] - mid[i - 1]);
                    return v[i - 1] + f * (v[i] - v[i - 1]);
                }
            }
            return v[n - 1];
        }
    }
}
