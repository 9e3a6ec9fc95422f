package io.wattflow.synth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SyntheticQuarterHoursTest {
    @TempDir
    Path dir;

    @Test
    void writesEveryQuarterHourOfEveryHouseholdWithTheHeatPumpInsideTheTotal() throws Exception {
        int withHeatPump = SyntheticQuarterHours.write(dir.resolve("a"), 6, 1, Instant.parse("2024-01-01T00:00:00Z"), 3);
        List<String> rows = Files.readAllLines(dir.resolve("a").resolve("quarter_hours.csv"));
        assertThat(rows.get(0)).isEqualTo("meter_id,timestamp,kwh,heat_pump_kwh,temperature_c");
        assertThat(rows).hasSize(1 + 6 * 96);
        long metersWithHeatPumpEnergy = rows.stream().skip(1).map(r -> r.split(","))
                .filter(c -> Double.parseDouble(c[3]) > 0).map(c -> c[0]).distinct().count();
        assertThat(withHeatPump).isBetween(1, 5);
        assertThat(metersWithHeatPumpEnergy).isEqualTo(withHeatPump);
        for (String row : rows.subList(1, rows.size())) {
            String[] c = row.split(",");
            double total = Double.parseDouble(c[2]);
            double heatPump = Double.parseDouble(c[3]);
            assertThat(heatPump).isBetween(0.0, total + 1e-5);
            assertThat(total).as("standby alone is at least 25 W, 6 Wh a quarter").isGreaterThan(0.006);
        }
    }

    @Test
    void theSameSeedWritesTheSameFile() throws Exception {
        SyntheticQuarterHours.write(dir.resolve("a"), 2, 1, Instant.parse("2024-01-01T00:00:00Z"), 9);
        SyntheticQuarterHours.write(dir.resolve("b"), 2, 1, Instant.parse("2024-01-01T00:00:00Z"), 9);
        assertThat(Files.readAllLines(dir.resolve("a").resolve("quarter_hours.csv")))
                .isEqualTo(Files.readAllLines(dir.resolve("b").resolve("quarter_hours.csv")));
    }
}
