package io.wattflow.jobs.eval.heatpump;

import io.wattflow.record.IntervalReading;
import io.wattflow.record.TemperatureReading;
import io.wattflow.replay.CkwIntervalReader;
import io.wattflow.replay.Datasets;
import io.wattflow.replay.ReplayReader;
import io.wattflow.replay.WeatherCsvReader;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CKW homes as the training script names them ({@code ckw-hp-<meter>}, {@code ckw-no-<meter>}):
 * each home's 15-min energy, the heat pump's own energy where it has one, and the region's weather.
 * Timestamps are naive in the files and read as UTC, as the training script reads them.
 */
public final class CkwHomes {
    public static final String REGION = "ckw";

    public final Map<String, Home> homes;
    public final List<TemperatureReading> weather;

    private CkwHomes(Map<String, Home> homes, List<TemperatureReading> weather) {
        this.homes = homes;
        this.weather = weather;
    }

    /** One home: its meter's intervals and, for a heat-pump home, the heat pump's kWh by interval start. */
    public static final class Home {
        public final String name;
        public final String meterId;
        public final boolean heatPump;
        public final List<IntervalReading> intervals = new ArrayList<>();
        public final Map<Long, Double> heatPumpKwh = new HashMap<>();

        Home(String name, String meterId, boolean heatPump) {
            this.name = name;
            this.meterId = meterId;
            this.heatPump = heatPump;
        }

        /** The export repeats a few intervals: the repeats are averaged, as the training script does. */
        void add(IntervalReading r) {
            IntervalReading last = intervals.isEmpty() ? null : intervals.get(intervals.size() - 1);
            if (last != null && last.startMs == r.startMs) {
                last.energyKwh = (last.energyKwh + r.energyKwh) / 2;
            } else {
                intervals.add(r);
            }
        }
    }

    public static Optional<CkwHomes> load() throws IOException {
        Optional<Path> dir = Datasets.dataset("ckw-heatpump-15min");
        if (dir.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Home> homes = new LinkedHashMap<>();
        for (IntervalReading r : read(new CkwIntervalReader(dir.get().resolve("heatpump_households_total.csv"), ZoneOffset.UTC))) {
            homes.computeIfAbsent("ckw-hp-" + r.meterId, n -> new Home(n, r.meterId, true)).add(r);
        }
        for (IntervalReading r : read(new CkwIntervalReader(dir.get().resolve("heatpump_households_heatpump_only.csv"), ZoneOffset.UTC))) {
            homes.get("ckw-hp-" + r.meterId).heatPumpKwh.merge(r.startMs, r.energyKwh, (a, b) -> (a + b) / 2);
        }
        for (IntervalReading r : read(new CkwIntervalReader(dir.get().resolve("households_without_heatpump.csv"), ZoneOffset.UTC))) {
            homes.computeIfAbsent("ckw-no-" + r.meterId, n -> new Home(n, r.meterId, false)).add(r);
        }
        List<TemperatureReading> weather = read(new WeatherCsvReader(dir.get().resolve("weather_hourly.csv"), REGION, ZoneOffset.UTC));
        return Optional.of(new CkwHomes(homes, weather));
    }

    private static <T> List<T> read(ReplayReader<T> reader) throws IOException {
        try (reader) {
            return reader.readAll();
        }
    }
}
