package io.wattflow.operators.forecast;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ConsumptionForecasterTest {
    static final long MONDAY = LocalDate.parse("2024-01-15").toEpochDay();

    @Test
    void equalWeightsGiveTheUsualQuantilesAndSpreadStretchesTheBand() {
        ConsumptionForecaster.Pool pool = new ConsumptionForecaster.Pool();
        for (int v = 1; v <= 9; v++) {
            pool.add(v, 1);
        }
        ConsumptionForecaster.Quantiles q = pool.quantiles(1.0);
        assertThat(q.p50()).isEqualTo(5.0);
        assertThat(q.p10()).isCloseTo(1.4, within(1e-9));
        assertThat(q.p90()).isCloseTo(8.6, within(1e-9));
        ConsumptionForecaster.Quantiles wide = pool.quantiles(2.0);
        assertThat(wide.p90()).isCloseTo(12.2, within(1e-9));
        assertThat(wide.p10()).as("never below zero").isEqualTo(0.0);
    }

    @Test
    void recentDaysWeighMoreWithAHalfLife() {
        ForecastState s = new ForecastState();
        for (int d = 0; d < 10; d++) {
            s.add(MONDAY + d, 8, d < 7 ? 1.0 : 3.0, 60);  // the last three days of the ten changed
        }
        ForecastSettings even = ForecastSettings.defaults();
        even.halfLifeDays = 0;
        even.neighbourHours = 0;
        ForecastSettings recent = even.copy();
        recent.halfLifeDays = 2;
        assertThat(ConsumptionForecaster.hours(s, MONDAY + 10, even)[8].p50()).isEqualTo(1.0);
        assertThat(ConsumptionForecaster.hours(s, MONDAY + 10, recent)[8].p50()).isEqualTo(3.0);
        assertThat(ConsumptionForecaster.hours(s, MONDAY + 10, recent)[7]).as("no history for that hour").isNull();
    }

    @Test
    void weekendsArePooledApartOnceThereAreEnoughOfThem() {
        ForecastState s = new ForecastState();
        for (int d = 0; d < 28; d++) {
            boolean weekend = LocalDate.ofEpochDay(MONDAY + d).getDayOfWeek().getValue() >= 6;
            s.add(MONDAY + d, 10, weekend ? 2.0 : 0.3, 60);
        }
        ForecastSettings split = ForecastSettings.defaults();
        split.splitDayType = true;
        split.windowDays = 28;
        split.neighbourHours = 0;
        ForecastSettings together = split.copy();
        together.splitDayType = false;
        long saturday = MONDAY + 33;
        assertThat(ConsumptionForecaster.hours(s, saturday, split)[10].p50()).isEqualTo(2.0);
        assertThat(ConsumptionForecaster.hours(s, saturday, together)[10].p50()).isCloseTo(0.3, within(1e-6));
        split.holidays.add(LocalDate.ofEpochDay(MONDAY + 30));  // a Wednesday holiday is forecast like a Sunday
        assertThat(ConsumptionForecaster.hours(s, MONDAY + 30, split)[10].p50()).isEqualTo(2.0);
        assertThat(ConsumptionForecaster.days(s, saturday, 1, split)[0]).as("no complete day in the state").isNull();
    }
}
