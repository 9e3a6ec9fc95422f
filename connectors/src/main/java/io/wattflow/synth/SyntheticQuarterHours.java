package io.wattflow.synth;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Synthetic households as 15-min energy with the heat pump's own share, for training the heat-pump
 * models: each household in its own climate (a winter mean of -3..8 degC, a daily swing of 2..6 degC),
 * simulated at 1 Hz and summed per quarter hour. Writes {@code quarter_hours.csv}
 * ({@code meter_id,timestamp,kwh,heat_pump_kwh,temperature_c}, one row per meter and quarter hour,
 * the temperature the mean over the quarter).
 */
public final class SyntheticQuarterHours {
    private static final int SECONDS_PER_QUARTER = 900;

    private SyntheticQuarterHours() {}

    /** Writes {@code households} x {@code days} and returns how many of the households have a heat pump. */
    public static int write(Path dir, int households, int days, Instant start, long seed) throws IOException {
        Files.createDirectories(dir);
        SplittableRandom climate = new SplittableRandom(seed);
        int withHeatPump = 0;
        long startMs = start.toEpochMilli();
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("quarter_hours.csv"), StandardCharsets.UTF_8)) {
            out.write("meter_id,timestamp,kwh,heat_pump_kwh,temperature_c\n");
            for (int h = 0; h < households; h++) {
                OutdoorTemperature weather = new OutdoorTemperature(climate.nextDouble(-3, 8), climate.nextDouble(2, 6), seed + h);
                Household house = new Household(String.format("synth-%03d", h + 1), seed * 1_000_003L + h, startMs, weather);
                int hp = house.applianceNames().indexOf("heat_pump");
                if (hp >= 0) {
                    withHeatPump++;
                }
                writeHouse(out, house, hp, weather, startMs, days);
            }
        }
        return withHeatPump;
    }

    private static void writeHouse(BufferedWriter out, Household house, int heatPumpIndex, OutdoorTemperature weather,
            long startMs, int days) throws IOException {
        for (int q = 0; q < days * 96; q++) {
            double joules = 0;
            double heatPumpJoules = 0;
            long quarterStart = startMs + (long) q * SECONDS_PER_QUARTER * 1000;
            for (int s = 0; s < SECONDS_PER_QUARTER; s++) {
                house.next(e -> { });
                double[] power = house.appliancePowerW();
                for (double w : power) {
                    joules += w;
                }
                if (heatPumpIndex >= 0) {
                    heatPumpJoules += power[heatPumpIndex];
                }
            }
            double celsius = (weather.at(quarterStart) + weather.at(quarterStart + SECONDS_PER_QUARTER * 1000L)) / 2;
            out.write(house.meterId() + "," + Instant.ofEpochMilli(quarterStart) + "," + round(joules / 3.6e6) + ","
                    + round(heatPumpJoules / 3.6e6) + "," + Math.round(celsius * 10) / 10.0 + "\n");
        }
    }

    private static double round(double kwh) {
        return Math.round(kwh * 1e5) / 1e5;
    }
}
