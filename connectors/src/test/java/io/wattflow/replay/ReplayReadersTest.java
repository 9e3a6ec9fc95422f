package io.wattflow.replay;

import io.wattflow.record.IntervalReading;
import io.wattflow.record.MeterReading;
import io.wattflow.record.TemperatureReading;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The replay readers on the real recordings in ../shared/datasets; skipped where they are absent. */
class ReplayReadersTest {

    private static Path dataset(String name) {
        var dir = Datasets.dataset(name);
        assumeTrue(dir.isPresent(), "skipping: ../shared/datasets/" + name + " not found (set WATTFLOW_DATASETS)");
        return dir.get();
    }

    @Test
    void reddHouseIsTheSumOfItsCircuitsOnSharedTimestamps() throws IOException {
        try (ReddHouseReader reader = new ReddHouseReader(dataset("redd-house5"), "redd-5")) {
            assertThat(reader.channelNames()).hasSize(24).contains("18:refrigerator", "3:microwave", "20:dishwaser");
            long previous = Long.MIN_VALUE;
            long count = 0;
            while (reader.hasNext()) {
                ChannelSample s = reader.next();
                double sum = 0;
                for (double w : s.channelsW) {
                    sum += w;
                }
                assertThat(s.aggregate.activePowerW).isEqualTo(sum);
                assertThat(s.aggregate.timestampMs).isGreaterThan(previous);
                previous = s.aggregate.timestampMs;
                count++;
            }
            assertThat(count).isBetween(70_000L, 80_417L);
            assertThat(Instant.ofEpochMilli(previous)).isBetween(Instant.parse("2011-05-01T00:00:00Z"), Instant.parse("2011-06-02T00:00:00Z"));
        }
    }

    @Test
    void ukDaleMinuteFileHasAggregateAndAppliances() throws IOException {
        Path file = dataset("uk-dale-refit-1min").resolve("UKDALE_House2_2013-05.csv.gz");
        try (MinuteCsvReader reader = new MinuteCsvReader(file, "ukdale-2", ZoneOffset.UTC)) {
            assertThat(reader.channelNames()).containsExactly("Kettle", "Dishwasher", "WashingMachine", "Microwave");
            List<ChannelSample> all = reader.readAll();
            assertThat(all).hasSizeGreaterThan(10_000);
            int oneMinuteSteps = 0;
            for (int i = 1; i < all.size(); i++) {
                long step = all.get(i).aggregate.timestampMs - all.get(i - 1).aggregate.timestampMs;
                assertThat(step).isPositive();
                oneMinuteSteps += step == 60_000 ? 1 : 0;
            }
            assertThat(oneMinuteSteps).isGreaterThan(all.size() * 9 / 10);
            double kettleMax = all.stream().mapToDouble(s -> s.channelsW[0]).filter(Double::isFinite).max().orElse(0);
            assertThat(kettleMax).as("a kettle draws kilowatts").isGreaterThan(1500);
        }
    }

    @Test
    void gjwChangeLogExpandsToOneReadingPerSecond() throws IOException {
        Path dir = dataset("gjw-house-1hz");
        try (GjwChangeLogReader reader = new GjwChangeLogReader(dir.resolve("POWER_REAL_FINE_2013-11-20.csv.gz"),
                dir.resolve("POWER_REACTIVE_STANDARD_2013-11-20.csv.gz"), "gjw", ZoneOffset.UTC, 300)) {
            MeterReading first = reader.next();
            assertThat(first.timestampMs).isEqualTo(Instant.parse("2013-10-17T17:19:07Z").toEpochMilli());
            assertThat(first.activePowerW).isEqualTo(382.0);
            MeterReading second = reader.next();
            assertThat(second.activePowerW).isEqualTo(449.0);
            // 17:19:08 = 449 is held until the next change at 17:19:15
            List<MeterReading> held = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                held.add(reader.next());
            }
            assertThat(held).allSatisfy(r -> assertThat(r.activePowerW).isEqualTo(449.0));
            assertThat(reader.next().activePowerW).isEqualTo(192.0);
            long count = 10;
            long previous = 0;
            long reactive = 0;
            while (reader.hasNext()) {
                MeterReading r = reader.next();
                assertThat(r.timestampMs).isGreaterThan(previous);
                previous = r.timestampMs;
                reactive += r.reactivePowerVar != null ? 1 : 0;
                count++;
            }
            assertThat(count).as("more readings than change-log lines, fewer than seconds in the month")
                    .isBetween(200_000L, 2_900_000L);
            assertThat(reactive).isPositive();
        }
    }

    @Test
    void labSessionHasAggregateFeaturesAndAppliances() throws IOException {
        Path session = dataset("lab-1hz").resolve("kettle-vacuum-waterheater/train_data");
        try (LabSessionReader reader = new LabSessionReader(session, "lab", ZoneOffset.UTC)) {
            assertThat(reader.channelNames()).containsExactly("kettle", "vacuum", "water_heater");
            List<ChannelSample> all = reader.readAll();
            assertThat(all).hasSize(621);
            assertThat(all).allSatisfy(s -> assertThat(s.aggregate.reactivePowerVar).isNotNull());
            double kettleMax = all.stream().mapToDouble(s -> s.channelsW[0]).max().orElse(0);
            double mainMax = all.stream().mapToDouble(s -> s.aggregate.activePowerW).max().orElse(0);
            assertThat(kettleMax).isGreaterThan(1000);
            assertThat(mainMax).isGreaterThanOrEqualTo(kettleMax * 0.9);
        }
    }

    @Test
    void ckwIntervalsAndWeather() throws IOException {
        Path dir = dataset("ckw-heatpump-15min");
        Map<String, Double> total = new HashMap<>();
        try (CkwIntervalReader reader = new CkwIntervalReader(dir.resolve("heatpump_households_total.csv"), ZoneOffset.UTC)) {
            reader.forEachRemaining(r -> total.put(r.meterId + "@" + r.startMs, r.energyKwh));
        }
        assertThat(total.keySet().stream().map(k -> k.substring(0, k.indexOf('@'))).distinct()).hasSize(5);
        int compared = 0;
        int aboveHouse = 0;
        try (CkwIntervalReader reader = new CkwIntervalReader(dir.resolve("heatpump_households_heatpump_only.csv"), ZoneOffset.UTC)) {
            while (reader.hasNext()) {
                IntervalReading hp = reader.next();
                assertThat(hp.durationMs()).isEqualTo(900_000L);
                Double all = total.get(hp.meterId + "@" + hp.startMs);
                if (all != null) {
                    compared++;
                    aboveHouse += hp.energyKwh > all + 0.01 ? 1 : 0;
                }
            }
        }
        assertThat(compared).isGreaterThan(10_000);
        // The two meters are separate devices: 2 of 14,400 intervals have the heat pump above its house.
        assertThat(aboveHouse).as("heat pump above its house").isLessThan(compared / 1000);
        try (WeatherCsvReader weather = new WeatherCsvReader(dir.resolve("weather_hourly.csv"), "ckw", ZoneOffset.UTC)) {
            List<TemperatureReading> temps = weather.readAll();
            assertThat(temps).hasSizeGreaterThan(600);
            assertThat(temps).allSatisfy(t -> assertThat(t.temperatureC).isBetween(-25.0, 30.0));
        }
    }

    @Test
    void opsdCountersBecomeHourlyEnergy() throws IOException {
        Path file = dataset("opsd-household-hourly").resolve("household_data_60min.csv.gz");
        try (OpsdHourlyReader reader = new OpsdHourlyReader(file, "DE_KN_residential4_heat_pump")) {
            List<IntervalReading> hours = reader.readAll();
            assertThat(hours).hasSizeGreaterThan(5_000);
            assertThat(hours).allSatisfy(h -> {
                assertThat(h.durationMs()).isEqualTo(3_600_000L);
                assertThat(h.energyKwh).isBetween(0.0, 15.0);
            });
            assertThat(hours.stream().mapToDouble(h -> h.energyKwh).sum()).as("a year of heat pump").isGreaterThan(1000);
        }
    }
}
