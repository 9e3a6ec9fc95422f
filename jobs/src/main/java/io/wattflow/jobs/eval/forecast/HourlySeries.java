package io.wattflow.jobs.eval.forecast;

import io.wattflow.jobs.eval.anomaly.MinuteSeries;
import io.wattflow.record.IntervalReading;
import io.wattflow.record.TemperatureReading;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;

/** A house's consumption per local day and hour, kWh, NaN where less than 45 of the hour's minutes were measured. */
public final class HourlySeries {
    final String house;
    final ZoneId zone;
    final long firstDay;
    final double[][] kwh;
    /** Outdoor temperature per local day and hour (degC, NaN where none), or null for a house without weather. */
    double[][] celsius;

    private HourlySeries(String house, ZoneId zone, long firstDay, double[][] kwh) {
        this.house = house;
        this.zone = zone;
        this.firstDay = firstDay;
        this.kwh = kwh;
    }

    /** The same house with the hourly temperatures of {@code weather} (those within its days). */
    HourlySeries withWeather(List<TemperatureReading> weather) {
        HourlySeries s = new HourlySeries(house, zone, firstDay, kwh);
        s.celsius = new double[kwh.length][24];
        for (double[] day : s.celsius) {
            Arrays.fill(day, Double.NaN);
        }
        for (TemperatureReading t : weather) {
            ZonedDateTime at = Instant.ofEpochMilli(t.timestampMs).atZone(zone);
            int d = (int) (at.toLocalDate().toEpochDay() - firstDay);
            if (d >= 0 && d < kwh.length) {
                s.celsius[d][at.getHour()] = t.temperatureC;
            }
        }
        return s;
    }

    /** The day's mean temperature, NaN without weather or with fewer than 12 hours of it. */
    double dayCelsius(long day) {
        int i = (int) (day - firstDay);
        if (celsius == null || i < 0 || i >= kwh.length) {
            return Double.NaN;
        }
        double sum = 0;
        int n = 0;
        for (double c : celsius[i]) {
            if (!Double.isNaN(c)) {
                sum += c;
                n++;
            }
        }
        return n >= 12 ? sum / n : Double.NaN;
    }

    static HourlySeries of(String house, ZoneId zone, long firstDay, double[][] kwh) {
        return new HourlySeries(house, zone, firstDay, kwh);
    }

    public String house() {
        return house;
    }

    public long firstDay() {
        return firstDay;
    }

    public int days() {
        return kwh.length;
    }

    /** The hour's kWh, NaN where missing or outside the series. */
    public double at(long day, int hour) {
        int i = (int) (day - firstDay);
        return i < 0 || i >= kwh.length ? Double.NaN : kwh[i][hour];
    }

    static HourlySeries fromMinutes(MinuteSeries m, ZoneId zone) {
        Builder b = new Builder(m.meterId(), zone, m.timeOf(0), m.timeOf(m.size() - 1));
        for (int i = 0; i < m.size(); i++) {
            double w = m.watts(i);
            if (!Double.isNaN(w)) {
                b.add(m.timeOf(i), w / 60_000.0, 1);
            }
        }
        return b.build();
    }

    static HourlySeries fromIntervals(String house, List<IntervalReading> intervals, ZoneId zone) {
        long first = intervals.stream().mapToLong(r -> r.startMs).min().orElseThrow();
        long last = intervals.stream().mapToLong(r -> r.startMs).max().orElseThrow();
        Builder b = new Builder(house, zone, first, last);
        for (IntervalReading r : intervals) {
            b.add(r.startMs, r.energyKwh, (int) ((r.endMs - r.startMs) / 60_000));
        }
        return b.build();
    }

    private static final class Builder {
        final String house;
        final ZoneId zone;
        final long firstDay;
        final double[][] energy;
        final int[][] minutes;

        Builder(String house, ZoneId zone, long firstMs, long lastMs) {
            this.house = house;
            this.zone = zone;
            this.firstDay = day(firstMs, zone);
            int days = (int) (day(lastMs, zone) - firstDay) + 1;
            energy = new double[days][24];
            minutes = new int[days][24];
        }

        void add(long ms, double kwh, int mins) {
            ZonedDateTime t = Instant.ofEpochMilli(ms).atZone(zone);
            int d = (int) (t.toLocalDate().toEpochDay() - firstDay);
            energy[d][t.getHour()] += kwh;
            minutes[d][t.getHour()] += mins;
        }

        HourlySeries build() {
            double[][] kwh = new double[energy.length][24];
            for (int d = 0; d < energy.length; d++) {
                Arrays.fill(kwh[d], Double.NaN);
                for (int h = 0; h < 24; h++) {
                    if (minutes[d][h] >= 45) {
                        kwh[d][h] = energy[d][h] * 60.0 / Math.min(60, minutes[d][h]);
                    }
                }
            }
            return new HourlySeries(house, zone, firstDay, kwh);
        }

        private static long day(long ms, ZoneId zone) {
            return Instant.ofEpochMilli(ms).atZone(zone).toLocalDate().toEpochDay();
        }
    }
}
