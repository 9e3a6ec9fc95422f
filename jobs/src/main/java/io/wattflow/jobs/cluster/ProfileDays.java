package io.wattflow.jobs.cluster;

import io.wattflow.jobs.dashboard.OutputTables;
import io.wattflow.jobs.eval.forecast.HourlySeries;
import io.wattflow.jobs.ingest.IngestOutputs;
import io.wattflow.operators.profile.DailyProfile;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Meter-days with all 24 hours measured: who, which local day, and the day's shape (hourly shares of its energy). */
final class ProfileDays {
    final List<String> meters = new ArrayList<>();
    final List<Integer> meterOf = new ArrayList<>();
    final List<Long> days = new ArrayList<>();
    final List<double[]> shapes = new ArrayList<>();
    String source;

    int size() {
        return shapes.size();
    }

    double[][] profiles() {
        return shapes.toArray(new double[0][]);
    }

    private void add(int meter, long day, double[] hourlyKwh) {
        double[] shape = DailyProfile.shape(hourlyKwh);
        if (shape != null) {
            meterOf.add(meter);
            days.add(day);
            shapes.add(shape);
        }
    }

    /** From a job's outputs: the 15-min intervals summed per hour (an hour counts with its 4 quarters), per local day. */
    static ProfileDays fromOutputs(Path output, ZoneId zone) throws Exception {
        ProfileDays p = new ProfileDays();
        p.source = "the 15-min intervals under " + output;
        try (OutputTables tables = new OutputTables(output, List.of(IngestOutputs.INTERVALS_15MIN))) {
            if (!tables.has(IngestOutputs.INTERVALS_15MIN)) {
                throw new IllegalArgumentException("No 15-min intervals under " + output + ": give the --output folder of run or demo.");
            }
            Map<String, Map<Long, double[]>> byMeter = new LinkedHashMap<>();
            for (Map<String, Object> row : tables.rows("SELECT meterId, startMs // 3600000 AS h, sum(energyKwh) AS kwh FROM intervals_15min "
                    + "GROUP BY 1, 2 HAVING count(*) = 4 ORDER BY 1, 2")) {
                ZonedDateTime t = Instant.ofEpochMilli(((Number) row.get("h")).longValue() * 3_600_000L).atZone(zone);
                double[] day = byMeter.computeIfAbsent((String) row.get("meterId"), k -> new LinkedHashMap<>())
                        .computeIfAbsent(t.toLocalDate().toEpochDay(), k -> nanDay());
                day[t.getHour()] = ((Number) row.get("kwh")).doubleValue();
            }
            for (Map.Entry<String, Map<Long, double[]>> meter : byMeter.entrySet()) {
                p.meters.add(meter.getKey());
                for (Map.Entry<Long, double[]> day : meter.getValue().entrySet()) {
                    p.add(p.meters.size() - 1, day.getKey(), day.getValue());
                }
            }
        }
        return p;
    }

    /** From the real recordings' complete days. */
    static ProfileDays fromRecordings(List<HourlySeries> houses) {
        ProfileDays p = new ProfileDays();
        p.source = "the complete days of the recordings";
        for (HourlySeries s : houses) {
            p.meters.add(s.house());
            for (int i = 0; i < s.days(); i++) {
                double[] day = new double[24];
                for (int h = 0; h < 24; h++) {
                    day[h] = s.at(s.firstDay() + i, h);
                }
                p.add(p.meters.size() - 1, s.firstDay() + i, day);
            }
        }
        return p;
    }

    /**
     * {@code count} meter-days resampled from {@code real}: meters of 100 days each, every day a real
     * day of one house (each synthetic meter keeps to one house) shifted by up to an hour and with 15 %
     * noise per hour, so that the set is large, household-like and not a copy of its few real days.
     */
    static ProfileDays bootstrap(ProfileDays real, int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Map<Integer, List<Integer>> daysOfHouse = new LinkedHashMap<>();
        for (int i = 0; i < real.size(); i++) {
            daysOfHouse.computeIfAbsent(real.meterOf.get(i), k -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> houses = new ArrayList<>(daysOfHouse.values());
        ProfileDays p = new ProfileDays();
        p.source = String.format("%,d meter-days resampled from %,d real days of %d houses", count, real.size(), houses.size());
        for (int m = 0; p.size() < count; m++) {
            List<Integer> house = houses.get(m % houses.size());
            p.meters.add("boot-" + m);
            int shift = r.nextInt(-1, 2);
            for (int d = 0; d < 100 && p.size() < count; d++) {
                double[] source = real.shapes.get(house.get(r.nextInt(house.size())));
                double[] day = new double[24];
                for (int h = 0; h < 24; h++) {
                    day[h] = source[Math.floorMod(h - shift, 24)] * Math.max(0, 1 + 0.15 * r.nextGaussian());
                }
                p.add(p.meters.size() - 1, 19_000 + d, day);
            }
        }
        return p;
    }

    private static double[] nanDay() {
        double[] d = new double[24];
        java.util.Arrays.fill(d, Double.NaN);
        return d;
    }
}
