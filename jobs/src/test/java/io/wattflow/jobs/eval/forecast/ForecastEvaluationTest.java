package io.wattflow.jobs.eval.forecast;

import io.wattflow.operators.forecast.ForecastSettings;
import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ForecastEvaluationTest {
    @Test
    void aForecastKnowsNothingOfItsOwnDayAndTheReferencesAreWhatTheyClaim() {
        // 1 kWh every hour for 40 days, then 5 kWh: the first changed day must be a surprise to every forecaster.
        double[][] kwh = new double[41][24];
        for (int d = 0; d < 41; d++) {
            Arrays.fill(kwh[d], d < 40 ? 1.0 : 5.0);
        }
        HourlySeries s = HourlySeries.of("step", ZoneOffset.UTC, 19_000, kwh);
        ForecastEvaluation.HouseScore score = ForecastEvaluation.score(s, ForecastSettings.defaults());
        assertThat(score.ours.hours).isEqualTo(13 * 24);
        // 12 exact days and one day 4 kWh off every hour.
        assertThat(score.ours.mae()).isCloseTo(4.0 / 13, within(1e-6));
        assertThat(score.lastWeek.mae()).isCloseTo(4.0 / 13, within(1e-9));
        assertThat(score.yesterday.mae()).isCloseTo(4.0 / 13, within(1e-9));
        assertThat(score.fourWeeks.mae()).isCloseTo(4.0 / 13, within(1e-9));
        assertThat(score.ours.coverage()).isCloseTo(12.0 / 13, within(1e-9));
        assertThat(score.oursEarly.hours).as("days 2-28").isEqualTo(27 * 24);
    }

    @Test
    void theFourWeekReferenceIsTheMeanOfThePresentWeeks() {
        double[][] kwh = new double[29][24];
        for (double[] day : kwh) {
            Arrays.fill(day, Double.NaN);
        }
        kwh[0][5] = 1;
        kwh[7][5] = 2;
        kwh[14][5] = Double.NaN;
        kwh[21][5] = 6;
        HourlySeries s = HourlySeries.of("gaps", ZoneOffset.UTC, 100, kwh);
        assertThat(ForecastEvaluation.meanOfWeeksBefore(s, 128, 5)).isEqualTo(3.0);
        assertThat(ForecastEvaluation.meanOfWeeksBefore(s, 128, 6)).isNaN();
    }

    @Test
    void theStreamsTemperatureIsTheDayBeforesAndOnlyAPerfectWeatherForecastKnowsTheDaysOwn() {
        // Energy that follows each day's own temperature, which jumps from day to day.
        int days = 30;
        double[][] kwh = new double[days][24];
        java.util.List<io.wattflow.record.TemperatureReading> weather = new java.util.ArrayList<>();
        long firstDay = 19_300;
        for (int d = 0; d < days; d++) {
            double celsius = d % 2 == 0 ? 6 : 10;
            Arrays.fill(kwh[d], 0.2 + 0.1 * (14 - celsius));
            for (int h = 0; h < 24; h++) {
                weather.add(new io.wattflow.record.TemperatureReading("r", ((firstDay + d) * 24 + h) * 3_600_000L, celsius));
            }
        }
        HourlySeries s = HourlySeries.of("alternating", ZoneOffset.UTC, firstDay, kwh).withWeather(weather);
        ForecastSettings cfg = ForecastSettings.defaults();
        cfg.temperatureWeight = 1;
        double actual = ForecastEvaluation.maeAll(ForecastEvaluation.score(s, cfg, true));
        double dayBefore = ForecastEvaluation.maeAll(ForecastEvaluation.score(s, cfg, false));
        cfg.temperatureWeight = 0;
        double without = ForecastEvaluation.maeAll(ForecastEvaluation.score(s, cfg, true));
        // The day's own temperature explains it all once the response is fitted (a week in); the day
        // before's is always the other one of the two, so rescaling to it is wrong every day.
        assertThat(actual).isLessThan(0.35 * without);
        assertThat(dayBefore).isGreaterThan(without);
    }
}
