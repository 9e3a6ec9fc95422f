package io.wattflow.jobs.eval.heatpump;

import io.wattflow.models.ModelFiles;
import io.wattflow.models.ModelManifest;
import io.wattflow.models.ModelSource;
import io.wattflow.models.OnnxModel;
import io.wattflow.record.IntervalReading;
import io.wattflow.replay.Datasets;
import io.wattflow.replay.OpsdHourlyReader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Month;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * The shipped disaggregation beside the simple methods on a home no method was chosen on: OPSD
 * {@code DE_KN_residential4} (a German household with a heat pump, an EV and PV; its heat pump has its
 * own counter), Oct 2015 - Feb 2017. Its readings are hourly: each hour is split evenly into four
 * quarter hours, so this scores where in a day the energy goes, not the shape within an hour. The
 * home's load is what it drew from the grid and its own PV: import + PV - export.
 *
 * <p>The file has no weather; the temperature channel is held at its normalisation mean. The shipped
 * rule does not read it (a model that did would have to be scored with weather). Every 7-day window
 * of whole UTC days is scored on its last day, as on the CKW homes.
 */
public final class OpsdCrossCheck {
    static final String HOME = "DE_KN_residential4";
    private static final long HOUR_MS = 3_600_000L;
    private static final long QUARTER_MS = HOUR_MS / 4;
    private static final int WINDOW_DAYS = 7;
    private static final Set<Month> WINTER = Set.of(Month.NOVEMBER, Month.DECEMBER, Month.JANUARY, Month.FEBRUARY);

    /** kWh per quarter hour: the home's load and its heat pump's, by quarter start. */
    final Map<Long, double[]> days;
    final Map<Long, Double> heatPumpKwh;

    private OpsdCrossCheck(Map<Long, double[]> days, Map<Long, Double> heatPumpKwh) {
        this.days = days;
        this.heatPumpKwh = heatPumpKwh;
    }

    public static Optional<OpsdCrossCheck> load() throws IOException {
        Optional<Path> dir = Datasets.dataset("opsd-household-hourly");
        if (dir.isEmpty()) {
            return Optional.empty();
        }
        Path file = dir.get().resolve("household_data_60min.csv.gz");
        Map<Long, Double> imported = hourly(file, "grid_import");
        Map<Long, Double> heatPump = hourly(file, "heat_pump");
        Map<Long, Double> pv = hourly(file, "pv");
        Map<Long, Double> exported = hourly(file, "grid_export");
        List<IntervalReading> quarters = new ArrayList<>();
        Map<Long, Double> heatPumpQuarters = new HashMap<>();
        imported.forEach((hour, kwh) -> {
            Double hp = heatPump.get(hour);
            if (hp == null) {
                return;
            }
            double load = Math.max(0, kwh + pv.getOrDefault(hour, 0.0) - exported.getOrDefault(hour, 0.0));
            for (int q = 0; q < 4; q++) {
                long start = hour + q * QUARTER_MS;
                quarters.add(IntervalReading.fromMeter(HOME, start, start + QUARTER_MS, load / 4));
                heatPumpQuarters.put(start, hp / 4);
            }
        });
        return Optional.of(new OpsdCrossCheck(BaseloadRule.days(quarters), heatPumpQuarters));
    }

    private static Map<Long, Double> hourly(Path file, String device) throws IOException {
        Map<Long, Double> kwh = new LinkedHashMap<>();
        try (OpsdHourlyReader reader = new OpsdHourlyReader(file, HOME + "_" + device)) {
            for (IntervalReading r : reader.readAll()) {
                kwh.put(r.startMs, r.energyKwh);
            }
        }
        return kwh;
    }

    /** The last days of all whole 7-day windows. */
    List<Long> scoredDays() {
        List<Long> scored = new ArrayList<>();
        for (long day : days.keySet()) {
            boolean whole = true;
            for (long d = day - WINDOW_DAYS + 1; d < day && whole; d++) {
                whole = days.containsKey(d);
            }
            if (whole) {
                scored.add(day);
            }
        }
        return scored;
    }

    static ModelFiles shippedModel() {
        return ModelFiles.load(ModelSource.classpath(), HeatPumpEvaluation.DISAGGREGATION);
    }

    /** The shipped disaggregation model from the classpath on every scored day, through ONNX Runtime. */
    Map<Long, double[]> shipped() {
        ModelFiles files = shippedModel();
        ModelManifest m = files.manifest;
        int length = m.window.length;
        if (length != WINDOW_DAYS * BaseloadRule.SLOTS_PER_DAY || m.outputValuesPerWindow() != BaseloadRule.SLOTS_PER_DAY) {
            throw new IllegalStateException(m.id() + " reads " + length + " quarter hours; this check builds 7-day windows.");
        }
        Map<Long, double[]> estimates = new HashMap<>();
        float[] out = new float[BaseloadRule.SLOTS_PER_DAY];
        float temperature = m.features.get(1).normalise(m.features.get(1).mean);
        try (OnnxModel model = OnnxModel.open(files, 1)) {
            for (long day : scoredDays()) {
                var in = model.input().duplicate();
                in.clear();
                for (long d = day - WINDOW_DAYS + 1; d <= day; d++) {
                    for (double kwh : days.get(d)) {
                        in.put(m.features.get(0).normalise(kwh));
                    }
                }
                for (int i = 0; i < length; i++) {
                    in.put(temperature);
                }
                model.run(1, out);
                double[] estimate = new double[out.length];
                for (int i = 0; i < out.length; i++) {
                    estimate[i] = out[i];
                }
                estimates.put(day, estimate);
            }
        }
        return estimates;
    }

    Map<Long, double[]> rule(BaseloadRule rule) {
        Map<Long, double[]> estimates = new HashMap<>();
        for (long day : scoredDays()) {
            estimates.put(day, rule.estimate(days, day));
        }
        return estimates;
    }

    /** RMSE, MAE, total error and days of one method over the scored days that {@code season} accepts. */
    double[] score(Map<Long, double[]> estimates, LongPredicate season) {
        HeatPumpReport.Errors errors = new HeatPumpReport.Errors();
        int scored = 0;
        for (Map.Entry<Long, double[]> e : estimates.entrySet()) {
            if (!season.test(e.getKey())) {
                continue;
            }
            scored++;
            for (int i = 0; i < BaseloadRule.SLOTS_PER_DAY; i++) {
                errors.add(e.getValue()[i], heatPumpKwh.get(e.getKey() * BaseloadRule.DAY_MS + i * QUARTER_MS));
            }
        }
        double[] s = errors.summary();
        return new double[] {s[0], s[1], s[2], scored};
    }

    static boolean winter(long day) {
        return WINTER.contains(Instant.ofEpochMilli(day * BaseloadRule.DAY_MS).atZone(ZoneOffset.UTC).getMonth());
    }

    public void print(PrintStream out) {
        ModelManifest shipped = shippedModel().manifest;
        out.println();
        out.println("Cross-check on a home no method was chosen on: OPSD " + HOME
                + " (hourly counters, each hour split into quarters; load = import + PV - export; no weather).");
        out.println();
        out.println("| disaggregation, OPSD | RMSE kWh/15 min, winter | MAE, winter | total, winter | RMSE, all days | MAE, all days | total, all days | days (winter / all) |");
        out.println("|---|---|---|---|---|---|---|---|");
        Map<String, Map<Long, double[]>> methods = new LinkedHashMap<>();
        methods.put(shipped.method + " " + shipped.version + " (shipped)", shipped());
        methods.put(BaseloadRule.SEVEN_NIGHTS.name, rule(BaseloadRule.SEVEN_NIGHTS));
        methods.put(BaseloadRule.ONE_NIGHT.name, rule(BaseloadRule.ONE_NIGHT));
        methods.forEach((name, estimates) -> {
            double[] w = score(estimates, OpsdCrossCheck::winter);
            double[] a = score(estimates, day -> true);
            out.printf("| %s | %.3f | %.3f | %+.1f %% | %.3f | %.3f | %+.1f %% | %d / %d |%n",
                    name, w[0], w[1], 100 * w[2], a[0], a[1], 100 * a[2], (int) w[3], (int) a[3]);
        });
    }
}
