package io.wattflow.jobs.eval.forecast;

import io.wattflow.jobs.eval.anomaly.AnomalyEvaluation;
import io.wattflow.jobs.eval.anomaly.MinuteSeries;
import io.wattflow.operators.forecast.ConsumptionForecaster;
import io.wattflow.operators.forecast.ConsumptionForecaster.Quantiles;
import io.wattflow.operators.forecast.ForecastSettings;
import io.wattflow.operators.forecast.ForecastState;
import io.wattflow.record.IntervalReading;
import io.wattflow.record.TemperatureReading;
import io.wattflow.replay.CkwIntervalReader;
import io.wattflow.replay.Datasets;
import io.wattflow.replay.OpsdHourlyReader;
import io.wattflow.replay.WeatherCsvReader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Replays each recording day by day in time order (a day's forecast is made from the days before
 * it, then the day is added to the meter's history) and scores the hourly p50 and its p10-p90 band
 * against three references: the same hour last week, the same hour yesterday, and the mean of the
 * same hour of the week over the previous 4 weeks. Hours are scored from a house's 29th day on,
 * where every reference exists; the first 28 days are scored apart against "yesterday".
 *
 * <p>Nested: the configuration (window, recency, neighbouring hours, day types) and the band's
 * spread that score a house are chosen on the other houses only. The shipped default is the choice
 * on all of them.
 */
public final class ForecastEvaluation {
    static final int HISTORY_DAYS = 28;
    /** A house takes part in choosing for the others with at least this many scored hours. */
    static final int MIN_HOURS_TO_CHOOSE = 500;
    static final double TARGET_COVERAGE = 0.8;

    private ForecastEvaluation() {}

    /** REFIT 2, UK-DALE 2, the GJW house (UTC, as their files give), OPSD residential4's grid import, the 10 CKW homes. */
    public static List<HourlySeries> recordings() throws IOException {
        List<HourlySeries> all = new ArrayList<>();
        for (MinuteSeries m : AnomalyEvaluation.recordings()) {
            all.add(HourlySeries.fromMinutes(m, ZoneOffset.UTC));
        }
        Optional<Path> opsd = Datasets.dataset("opsd-household-hourly");
        if (opsd.isPresent()) {
            List<IntervalReading> rows = new ArrayList<>();
            try (OpsdHourlyReader r = new OpsdHourlyReader(opsd.get().resolve("household_data_60min.csv.gz"),
                    "DE_KN_residential4_grid_import")) {
                r.forEachRemaining(rows::add);
            }
            all.add(HourlySeries.fromIntervals("opsd-residential4", rows, ZoneId.of("Europe/Berlin")));
        }
        Optional<Path> ckw = Datasets.dataset("ckw-heatpump-15min");
        if (ckw.isPresent()) {
            List<TemperatureReading> weather = new ArrayList<>();
            try (WeatherCsvReader r = new WeatherCsvReader(ckw.get().resolve("weather_hourly.csv"), "ckw", ZoneOffset.UTC)) {
                r.forEachRemaining(weather::add);
            }
            Map<String, List<IntervalReading>> homes = new LinkedHashMap<>();
            for (String file : new String[] {"heatpump_households_total.csv", "households_without_heatpump.csv"}) {
                try (CkwIntervalReader r = new CkwIntervalReader(ckw.get().resolve(file), ZoneOffset.UTC)) {
                    r.forEachRemaining(i -> homes.computeIfAbsent(i.meterId, k -> new ArrayList<>()).add(i));
                }
            }
            int n = 1;
            for (List<IntervalReading> home : homes.values()) {
                all.add(HourlySeries.fromIntervals("ckw-home" + n++, home, ZoneId.of("Europe/Zurich")).withWeather(weather));
            }
        }
        return all;
    }

    /** Sums over scored hours of one forecaster on one house. */
    static final class Score {
        double absError;
        double squaredError;
        double actual;
        int hours;
        int covered;

        void add(double forecast, double truth) {
            absError += Math.abs(forecast - truth);
            squaredError += (forecast - truth) * (forecast - truth);
            actual += truth;
            hours++;
        }

        double mae() {
            return absError / hours;
        }

        double rmse() {
            return Math.sqrt(squaredError / hours);
        }

        double nmae() {
            return absError / actual;
        }

        double coverage() {
            return covered / (double) hours;
        }
    }

    /** The scores of one house under one configuration. */
    static final class HouseScore {
        final String house;
        final Score ours = new Score();
        final Score lastWeek = new Score();
        final Score yesterday = new Score();
        final Score fourWeeks = new Score();
        final Score oursEarly = new Score();
        final Score yesterdayEarly = new Score();
        final Score daily = new Score();
        /** Per scored day (from the 29th), the absolute errors summed: ours and the 4-week mean's. */
        final List<double[]> days = new ArrayList<>();

        HouseScore(String house) {
            this.house = house;
        }

        /**
         * The 95 % interval of our MAE over the 4-week mean's, from 2,000 resamples of the scored days
         * (whole days, as errors within a day are not independent); a fixed seed, so the report repeats.
         */
        double[] ratioInterval() {
            java.util.Random random = new java.util.Random(42);
            double[] ratios = new double[2000];
            for (int b = 0; b < ratios.length; b++) {
                double ours = 0;
                double theirs = 0;
                for (int i = 0; i < days.size(); i++) {
                    double[] d = days.get(random.nextInt(days.size()));
                    ours += d[0];
                    theirs += d[1];
                }
                ratios[b] = ours / theirs;
            }
            java.util.Arrays.sort(ratios);
            return new double[] {ratios[49], ratios[1949]};
        }
    }

    static HouseScore score(HourlySeries s, ForecastSettings cfg) {
        return score(s, cfg, false);
    }

    /**
     * A house replayed under {@code cfg}. Where the house has weather, the target day's temperature
     * is what the stream expects (the day before's mean) or, with {@code actualTemperature}, the day's
     * own mean: what a perfect weather forecast would give, an upper bound of a forecast feed's value.
     */
    static HouseScore score(HourlySeries s, ForecastSettings cfg, boolean actualTemperature) {
        HouseScore out = new HouseScore(s.house);
        ForecastState state = new ForecastState();
        for (int i = 0; i < s.days(); i++) {
            long day = s.firstDay + i;
            if (i > 0) {
                double targetC = actualTemperature ? s.dayCelsius(day) : ConsumptionForecaster.expectedCelsius(state, day);
                Quantiles[] q = ConsumptionForecaster.hours(state, day, cfg, targetC);
                double dayOurs = 0;
                double dayFourWeeks = 0;
                for (int h = 0; h < 24; h++) {
                    double truth = s.kwh[i][h];
                    if (Double.isNaN(truth) || q[h] == null) {
                        continue;
                    }
                    double yesterday = s.at(day - 1, h);
                    if (i >= HISTORY_DAYS) {
                        double lastWeek = s.at(day - 7, h);
                        double fourWeeks = meanOfWeeksBefore(s, day, h);
                        if (Double.isNaN(yesterday) || Double.isNaN(lastWeek) || Double.isNaN(fourWeeks)) {
                            continue;
                        }
                        out.ours.add(q[h].p50(), truth);
                        out.ours.covered += truth >= q[h].p10() && truth <= q[h].p90() ? 1 : 0;
                        out.lastWeek.add(lastWeek, truth);
                        out.yesterday.add(yesterday, truth);
                        out.fourWeeks.add(fourWeeks, truth);
                        dayOurs += Math.abs(q[h].p50() - truth);
                        dayFourWeeks += Math.abs(fourWeeks - truth);
                    } else if (!Double.isNaN(yesterday)) {
                        out.oursEarly.add(q[h].p50(), truth);
                        out.oursEarly.covered += truth >= q[h].p10() && truth <= q[h].p90() ? 1 : 0;
                        out.yesterdayEarly.add(yesterday, truth);
                    }
                }
                if (dayFourWeeks > 0) {
                    out.days.add(new double[] {dayOurs, dayFourWeeks});
                }
                if (i >= HISTORY_DAYS) {
                    Quantiles[] d = ConsumptionForecaster.days(state, day, 7, cfg, targetC);
                    for (int k = 0; k < 7 && i + k < s.days(); k++) {
                        double truth = dayTotal(s, day + k);
                        if (d[k] != null && !Double.isNaN(truth)) {
                            out.daily.add(d[k].p50(), truth);
                            out.daily.covered += truth >= d[k].p10() && truth <= d[k].p90() ? 1 : 0;
                        }
                    }
                }
            }
            for (int h = 0; h < 24; h++) {
                if (!Double.isNaN(s.kwh[i][h])) {
                    state.add(day, h, s.kwh[i][h], 60);
                }
            }
            for (int h = 0; s.celsius != null && h < 24; h++) {
                state.addTemperature(day, s.celsius[i][h]);
            }
        }
        return out;
    }

    /** The mean of the same hour 1, 2, 3 and 4 weeks before, of those present (at least 2), else NaN. */
    static double meanOfWeeksBefore(HourlySeries s, long day, int hour) {
        double sum = 0;
        int n = 0;
        for (int w = 1; w <= 4; w++) {
            double v = s.at(day - 7L * w, hour);
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n >= 2 ? sum / n : Double.NaN;
    }

    private static double dayTotal(HourlySeries s, long day) {
        double sum = 0;
        for (int h = 0; h < 24; h++) {
            double v = s.at(day, h);
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
            sum += v;
        }
        return sum;
    }

    /** Every configuration the selection chooses from (the band's spread is chosen after). */
    static List<ForecastSettings> candidates() {
        List<ForecastSettings> all = new ArrayList<>();
        for (int window : new int[] {7, 10, 14, 21, 28, 42}) {
            for (double halfLife : new double[] {0, 3.5, 7, 14, 28}) {
                for (int neighbours : new int[] {0, 1, 2}) {
                    for (boolean split : new boolean[] {true, false}) {
                        ForecastSettings c = ForecastSettings.defaults();
                        c.temperatureWeight = 0;  // chosen after, on the houses with weather
                        c.windowDays = window;
                        c.halfLifeDays = halfLife;
                        c.neighbourHours = neighbours;
                        c.splitDayType = split;
                        all.add(c);
                    }
                }
            }
        }
        return all;
    }

    static final double[] SPREADS = {0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.8, 2.0, 2.3, 2.6, 3.0};
    /** Houses with fewer scored days than this (the CKW homes have a month) appear in the first-4-weeks table only. */
    static final int MIN_DAYS_IN_TABLE = 7;

    /** A house's row: its scores under the configuration chosen on the other houses, and that configuration. */
    public record Row(HouseScore score, ForecastSettings chosen) {}

    /** Every house's row, and the configuration chosen on all of them (what {@link ForecastSettings#defaults()} should be). */
    public record Evaluation(List<Row> rows, ForecastSettings chosenOnAll, List<TemperatureRow> temperatureRows) {}

    /** The first is 0: no temperature. */
    static final double[] TEMPERATURE_WEIGHTS = {0, 0.25, 0.5, 0.75, 1};

    /**
     * A house with weather, every hour scored from its second day: without the temperature, with it
     * at the weight chosen on the other such houses (the stream's expected temperature: the day
     * before's), and at that weight with the day's actual temperature (a perfect weather forecast).
     */
    public record TemperatureRow(String house, int hours, double without, double with, double withActual,
            double yesterday, double chosenWeight, double coverageWith) {}

    /** Every hour a house scored (its first 28 days and after), summed. */
    static double maeAll(HouseScore s) {
        return (s.oursEarly.absError + s.ours.absError) / (s.oursEarly.hours + s.ours.hours);
    }

    /** The temperature rows of the houses with weather, each weight chosen on the others; and the weight chosen on all. */
    static List<TemperatureRow> temperatureRows(List<HourlySeries> houses, List<Row> rows, double[] chosenOnAll) {
        List<Integer> weather = new ArrayList<>();
        for (int h = 0; h < houses.size(); h++) {
            if (houses.get(h).celsius != null) {
                weather.add(h);
            }
        }
        // Each house under each weight once; the first weight is 0, "without". The rows reuse these scores.
        HouseScore[][] scores = new HouseScore[weather.size()][TEMPERATURE_WEIGHTS.length];
        double[][] ratio = new double[weather.size()][TEMPERATURE_WEIGHTS.length];
        for (int i = 0; i < weather.size(); i++) {
            HourlySeries house = houses.get(weather.get(i));
            for (int k = 0; k < TEMPERATURE_WEIGHTS.length; k++) {
                scores[i][k] = score(house, withTemperature(rows.get(weather.get(i)).chosen(), TEMPERATURE_WEIGHTS[k]));
                ratio[i][k] = maeAll(scores[i][k]) / maeAll(scores[i][0]);
            }
        }
        chosenOnAll[0] = weather.isEmpty() ? 0 : TEMPERATURE_WEIGHTS[bestWeight(ratio, -1)];
        List<TemperatureRow> out = new ArrayList<>();
        for (int i = 0; i < weather.size(); i++) {
            HourlySeries house = houses.get(weather.get(i));
            int chosen = bestWeight(ratio, i);
            double weight = TEMPERATURE_WEIGHTS[chosen];
            HouseScore without = scores[i][0];
            HouseScore with = scores[i][chosen];
            HouseScore actual = score(house, withTemperature(rows.get(weather.get(i)).chosen(), weight), true);
            double yesterday = (without.yesterdayEarly.absError + without.yesterday.absError)
                    / (without.yesterdayEarly.hours + without.yesterday.hours);
            int hours = with.oursEarly.hours + with.ours.hours;
            out.add(new TemperatureRow(house.house, hours, maeAll(without), maeAll(with), maeAll(actual), yesterday, weight,
                    (with.oursEarly.covered + with.ours.covered) / (double) hours));
        }
        return out;
    }

    private static int bestWeight(double[][] ratio, int excluded) {
        int best = 0;
        double bestMean = Double.MAX_VALUE;
        for (int k = 0; k < TEMPERATURE_WEIGHTS.length; k++) {
            double sum = 0;
            int n = 0;
            for (int i = 0; i < ratio.length; i++) {
                if (i != excluded) {
                    sum += ratio[i][k];
                    n++;
                }
            }
            if (n > 0 && sum / n < bestMean) {
                bestMean = sum / n;
                best = k;
            }
        }
        return best;
    }

    private static ForecastSettings withTemperature(ForecastSettings cfg, double weight) {
        ForecastSettings c = cfg.copy();
        c.temperatureWeight = weight;
        return c;
    }

    public static Evaluation evaluate(List<HourlySeries> houses) {
        List<ForecastSettings> candidates = candidates();
        // Scores of every house under every candidate, once for every choice: the p50 does not depend on the spread.
        HouseScore[][] all = new HouseScore[houses.size()][candidates.size()];
        for (int h = 0; h < houses.size(); h++) {
            for (int c = 0; c < candidates.size(); c++) {
                all[h][c] = score(houses.get(h), candidates.get(c));
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int test = 0; test < houses.size(); test++) {
            ForecastSettings chosen = choose(houses, candidates, all, test);
            rows.add(new Row(score(houses.get(test), chosen), chosen));
        }
        ForecastSettings onAll = choose(houses, candidates, all, -1);
        double[] weightOnAll = new double[1];
        List<TemperatureRow> temperature = temperatureRows(houses, rows, weightOnAll);
        onAll.temperatureWeight = weightOnAll[0];
        return new Evaluation(rows, onAll, temperature);
    }

    /** The configuration and spread chosen on every house but {@code excluded} (-1: on all of them). */
    static ForecastSettings choose(List<HourlySeries> houses, List<ForecastSettings> candidates, HouseScore[][] all, int excluded) {
        int best = -1;
        double bestRatio = Double.MAX_VALUE;
        for (int c = 0; c < candidates.size(); c++) {
            double sum = 0;
            int n = 0;
            for (int h = 0; h < houses.size(); h++) {
                if (h != excluded && all[h][c].ours.hours >= MIN_HOURS_TO_CHOOSE) {
                    sum += all[h][c].ours.mae() / all[h][c].fourWeeks.mae();
                    n++;
                }
            }
            if (n > 0 && sum / n < bestRatio) {
                bestRatio = sum / n;
                best = c;
            }
        }
        ForecastSettings chosen = candidates.get(best).copy();
        double bestGap = Double.MAX_VALUE;
        double bestDailyGap = Double.MAX_VALUE;
        double hourly = chosen.spread;
        double daily = chosen.dailySpread;
        for (double spread : SPREADS) {
            ForecastSettings c = chosen.copy();
            c.spread = spread;
            c.dailySpread = spread;
            double gap = 0;
            double dailyGap = 0;
            int n = 0;
            for (int h = 0; h < houses.size(); h++) {
                if (h != excluded && all[h][best].ours.hours >= MIN_HOURS_TO_CHOOSE) {
                    HouseScore s = score(houses.get(h), c);
                    gap += Math.abs(s.ours.coverage() - TARGET_COVERAGE);
                    dailyGap += Math.abs(s.daily.coverage() - TARGET_COVERAGE);
                    n++;
                }
            }
            if (gap / n < bestGap) {
                bestGap = gap / n;
                hourly = spread;
            }
            if (dailyGap / n < bestDailyGap) {
                bestDailyGap = dailyGap / n;
                daily = spread;
            }
        }
        chosen.spread = hourly;
        chosen.dailySpread = daily;
        return chosen;
    }

    public static void printTemperature(List<TemperatureRow> rows, PrintStream out) {
        if (rows.isEmpty()) {
            return;
        }
        out.println();
        out.println("Houses with weather, every hour from the second day (kWh per hour); the temperature's weight chosen on the other houses:");
        out.println();
        out.println("| house | hours | MAE without temperature | MAE with (day before's temperature) | vs without "
                + "| MAE with the day's actual temperature | vs without | yesterday MAE | weight | p10-p90 covers |");
        out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (TemperatureRow r : rows) {
            out.printf(Locale.ROOT, "| %s | %d | %.3f | %.3f | %+.1f %% | %.3f | %+.1f %% | %.3f | %.2f | %.0f %% |%n", r.house(), r.hours(),
                    r.without(), r.with(), 100 * (r.with() / r.without() - 1), r.withActual(), 100 * (r.withActual() / r.without() - 1),
                    r.yesterday(), r.chosenWeight(), 100 * r.coverageWith());
        }
    }

    public static void print(List<Row> rows, PrintStream out) {
        out.println("Hourly forecasts issued at local midnight, scored from each house's 29th day (kWh per hour);");
        out.println("each house's configuration chosen on the other houses only.");
        out.println();
        out.println("| house | days | hours | MAE | RMSE | NMAE | p10-p90 covers | last week MAE | yesterday MAE | 4-week mean MAE "
                + "| vs last week | vs 4-week mean | (95 % interval, days resampled) | daily MAE (1-7 d) | daily covers |");
        out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Row r : rows) {
            HouseScore s = r.score();
            if (s.ours.hours < 24 * MIN_DAYS_IN_TABLE) {
                continue;
            }
            double[] interval = s.ratioInterval();
            out.printf(Locale.ROOT, "| %s | %d | %d | %.3f | %.3f | %.2f | %.0f %% | %.3f | %.3f | %.3f | %+.0f %% | %+.0f %% | %+.0f %% .. %+.0f %% | %.2f | %.0f %% |%n",
                    s.house, s.ours.hours / 24, s.ours.hours, s.ours.mae(), s.ours.rmse(), s.ours.nmae(), 100 * s.ours.coverage(),
                    s.lastWeek.mae(), s.yesterday.mae(), s.fourWeeks.mae(),
                    100 * (s.ours.mae() / s.lastWeek.mae() - 1), 100 * (s.ours.mae() / s.fourWeeks.mae() - 1),
                    100 * (interval[0] - 1), 100 * (interval[1] - 1),
                    s.daily.hours == 0 ? Double.NaN : s.daily.mae(), s.daily.hours == 0 ? Double.NaN : 100 * s.daily.coverage());
        }
        out.println();
        out.println("The first 28 days of each house (from its second day on), against the same hour yesterday:");
        out.println();
        out.println("| house | hours | MAE | yesterday MAE | vs yesterday | p10-p90 covers |");
        out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
        for (Row r : rows) {
            HouseScore s = r.score();
            out.printf(Locale.ROOT, "| %s | %d | %.3f | %.3f | %+.0f %% | %.0f %% |%n", s.house, s.oursEarly.hours, s.oursEarly.mae(),
                    s.yesterdayEarly.mae(), 100 * (s.oursEarly.mae() / s.yesterdayEarly.mae() - 1), 100 * s.oursEarly.coverage());
        }
        out.println();
        out.println("Configurations chosen (on the other houses):");
        for (Row r : rows) {
            out.println("  " + r.score().house + ": " + r.chosen());
        }
    }

    static String date(long epochDay) {
        return LocalDate.ofEpochDay(epochDay).toString();
    }
}
