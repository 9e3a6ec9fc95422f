package io.wattflow.synth;

import io.wattflow.record.MeterReading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class SyntheticDatasetTest {
    @TempDir
    Path dir;

    private static SyntheticDataset.Options small() {
        SyntheticDataset.Options o = new SyntheticDataset.Options();
        o.households = 3;
        o.duration = Duration.ofHours(2);
        o.start = Instant.parse("2024-01-15T17:00:00Z");
        o.badLineRate = 0.002;
        o.outageProbability = 1.0;
        return o;
    }

    @Test
    void theSameSeedWritesTheSameBytes() throws IOException {
        SyntheticDataset.write(dir.resolve("a"), small());
        SyntheticDataset.write(dir.resolve("b"), small());
        for (String f : List.of("readings.csv", "labels.csv", "expected-dead-letters.csv", "outages.csv", "weather.csv")) {
            assertThat(Files.readAllBytes(dir.resolve("a").resolve(f))).as(f).isEqualTo(Files.readAllBytes(dir.resolve("b").resolve(f)));
        }
        SyntheticDataset.Options other = small();
        other.seed = 43;
        SyntheticDataset.write(dir.resolve("c"), other);
        assertThat(Files.readAllBytes(dir.resolve("c/readings.csv"))).isNotEqualTo(Files.readAllBytes(dir.resolve("a/readings.csv")));
    }

    @Test
    void theAggregateIsTheSumOfTheAppliancesAndBadLinesAreWhereTheListSays() throws IOException {
        SyntheticDataset.Summary s = SyntheticDataset.write(dir, small());
        assertThat(s.outages).hasSize(3);
        long expectedReadings = 3 * 7200 - s.outages.stream().mapToLong(g -> (g[2] - g[1]) / 1000 - 1).sum();
        assertThat(s.validReadings).isEqualTo(expectedReadings);
        assertThat(s.badLineCount()).isPositive();

        Map<String, Double> truth = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(dir.resolve("appliances.csv.gz"))), StandardCharsets.UTF_8))) {
            r.readLine();
            String line;
            while ((line = r.readLine()) != null) {
                String[] c = line.split(",", -1);
                double sum = 0;
                for (int i = 2; i < c.length; i++) {
                    sum += c[i].isEmpty() ? 0 : Double.parseDouble(c[i]);
                }
                truth.put(c[0] + "," + c[1], sum);
            }
        }
        List<String> lines = Files.readAllLines(dir.resolve("readings.csv"));
        Map<Integer, String> bad = new HashMap<>();
        for (String l : Files.readAllLines(dir.resolve("expected-dead-letters.csv")).subList(1, (int) s.badLineCount() + 1)) {
            bad.put(Integer.parseInt(l.split(",")[0]), l.split(",")[1]);
        }
        int checked = 0;
        for (int n = 2; n <= lines.size(); n++) {
            if (bad.containsKey(n)) {
                continue;
            }
            String[] c = lines.get(n - 1).split(",", -1);
            double measured = Double.parseDouble(c[2]);
            double actual = truth.get(c[0] + "," + c[1]);
            assertThat(measured).as("line %d", n).isCloseTo(actual, org.assertj.core.data.Offset.offset(5 + 0.01 * actual));
            checked++;
        }
        assertThat(checked).isEqualTo(s.validReadings);
    }

    @Test
    void labelsDescribeTheAppliancesThatRan() throws IOException {
        SyntheticDataset.Options o = small();
        o.duration = Duration.ofHours(6);
        SyntheticDataset.Summary s = SyntheticDataset.write(dir, o);
        List<String[]> labels = new ArrayList<>();
        for (String l : Files.readAllLines(dir.resolve("labels.csv")).subList(1, (int) s.labelEvents + 1)) {
            labels.add(l.split(","));
        }
        assertThat(labels).extracting(l -> l[2]).contains("fridge", "lighting");
        assertThat(labels).filteredOn(l -> l[2].equals("fridge") && l[3].equals("ON"))
                .allSatisfy(l -> assertThat(Double.parseDouble(l[4])).isBetween(70.0, 130.0));
        assertThat(labels).filteredOn(l -> l[2].equals("kettle") && l[3].equals("ON"))
                .allSatisfy(l -> assertThat(Double.parseDouble(l[4])).isGreaterThan(1700));
    }

    @Test
    void heatPumpRunsMoreInTheColdAndDefrostsBelowFiveDegrees() {
        Household cold = withHeatPump(new OutdoorTemperature(-5, 0, 1));
        Household mild = withHeatPump(new OutdoorTemperature(10, 0, 1));
        int hp = cold.applianceNames().indexOf("heat_pump");
        double coldKwh = 0, mildKwh = 0;
        List<String> coldKinds = new ArrayList<>();
        for (int s = 0; s < 12 * 3600; s++) {
            cold.next(e -> {
                if (e.appliance.equals("heat_pump")) {
                    coldKinds.add(e.kind + ":" + Math.round(e.deltaW));
                }
            });
            mild.next(e -> { });
            coldKwh += cold.appliancePowerW()[hp] / 3.6e6;
            mildKwh += mild.appliancePowerW()[hp] / 3.6e6;
        }
        assertThat(coldKwh).isGreaterThan(2 * mildKwh);
        assertThat(mildKwh).isPositive();
        // A defrost is a step down to 30 % of the compressor's power while running.
        assertThat(coldKinds).anyMatch(k -> k.startsWith("STEP:-"));
    }

    @Test
    void evChargerStartsSoftly() {
        Household house = null;
        for (long seed = 0; house == null; seed++) {
            Household h = new Household("m", seed, Instant.parse("2024-01-15T17:00:00Z").toEpochMilli(), OutdoorTemperature.winter(1));
            if (h.has("ev_charger")) {
                house = h;
            }
        }
        int ev = house.applianceNames().indexOf("ev_charger");
        List<Double> power = new ArrayList<>();
        for (int s = 0; s < 2 * 86_400 && power.size() < 60; s++) {
            house.next(e -> { });
            double w = house.appliancePowerW()[ev];
            if (w > 50 || !power.isEmpty()) {
                power.add(w);
            }
        }
        assertThat(power).hasSize(60);
        assertThat(power.get(0)).as("first second of the soft start").isLessThan(power.get(45) * 0.2);
        assertThat(power.get(15)).isBetween(power.get(45) * 0.3, power.get(45) * 0.7);
        assertThat(power.get(45)).isGreaterThan(3000);
    }

    private static Household withHeatPump(OutdoorTemperature weather) {
        for (long seed = 0; ; seed++) {
            Household h = new Household("m", seed, 0, weather);
            if (h.has("heat_pump")) {
                return h;
            }
        }
    }

    @Test
    void readingsCarryAllPhases() {
        Household h = new Household("m", 3, 0, OutdoorTemperature.winter(3));
        MeterReading r = h.next(e -> { });
        assertThat(r.phaseA.voltageV).isBetween(220.0, 240.0);
        assertThat(r.activePowerW).isCloseTo(r.phaseA.activePowerW + r.phaseB.activePowerW + r.phaseC.activePowerW,
                org.assertj.core.data.Offset.offset(0.2));
        assertThat(r.frequencyHz).isBetween(49.9, 50.1);
    }
}
