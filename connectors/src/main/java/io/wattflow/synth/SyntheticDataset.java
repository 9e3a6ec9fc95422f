package io.wattflow.synth;

import io.wattflow.format.CsvReadingWriter;
import io.wattflow.record.DeadLetterReason;
import io.wattflow.record.MeterReading;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a labelled synthetic data set of households into a folder:
 * <ul>
 *   <li>{@code readings.csv}: every household's 1 Hz meter readings in time order, with seeded bad
 *       lines mixed in;</li>
 *   <li>{@code expected-dead-letters.csv}: the line number and expected reason of every bad line;</li>
 *   <li>{@code appliances.csv.gz}: each appliance's true power per second (empty where a household
 *       does not have it);</li>
 *   <li>{@code labels.csv}: every appliance ON/OFF/STEP event;</li>
 *   <li>{@code outages.csv}: the stretches a meter sent nothing (last reading before, first after);</li>
 *   <li>{@code faults.csv}, when {@link Options#meterFaults}: the injected meter faults (kind, start, end), and the first
 *       1-min household's fridge wearing out (its ON periods twice as long for the last 8 days);</li>
 *   <li>{@code weather.csv} and {@code meters.csv}: hourly outdoor temperature of the region and the
 *       meter-to-region mapping.</li>
 * </ul>
 * Deterministic: the same options give the same bytes.
 */
public final class SyntheticDataset {
    public static final List<String> APPLIANCES = List.of("standby", "fridge", "freezer", "kettle", "microwave",
            "oven", "washing_machine", "dishwasher", "lighting", "ev_charger", "heat_pump");
    public static final String REGION = "region-1";
    /** The injected spike's power: above the 25 kW a meter without a day of history needs. */
    static final double SPIKE_W = 30_000;

    /** What to generate. */
    public static final class Options {
        public int households = 5;
        public Instant start = Instant.parse("2024-01-15T00:00:00Z");
        public Duration duration = Duration.ofHours(6);
        public long seed = 42;
        /** Share of extra bad lines, per good line. */
        public double badLineRate = 0.001;
        /**
         * Meter faults for the anomaly rules that judge from the first day: meter-002 reads 30 kW for
         * one minute 2 h in, meter-003 repeats one value for 75 min from 3 h in (runs of 4.5 h or more).
         */
        public boolean meterFaults;
        /**
         * Households of a meter that sends one reading a minute (the minute's mean power), for
         * {@link #minuteDays} days: weeks of history, for baselines, forecasts, profiles and the
         * heat-pump models, at a small cost. Named {@code meter-m01}, ...; their appliances are not
         * written to the ground-truth files.
         */
        public int minuteHouseholds;
        public int minuteDays = 21;
        /** Chance that a household has one outage (1-10 min without readings) in the run. */
        public double outageProbability = 0.5;
    }

    /** What was written. */
    public static final class Summary {
        public long validReadings;
        public final Map<DeadLetterReason, Long> badLines = new EnumMap<>(DeadLetterReason.class);
        public long labelEvents;
        public final List<long[]> outages = new ArrayList<>();
        /** Readings of the minute meters (included in {@link #validReadings}). */
        public long minuteReadings;
        /** The injected meter faults: household, kind (0 spike, 1 stuck), first and last second. */
        public final List<long[]> faults = new ArrayList<>();
        public Path readingsFile;

        public long badLineCount() {
            return badLines.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private SyntheticDataset() {}

    public static Summary write(Path dir, Options o) throws IOException {
        Files.createDirectories(dir);
        Summary summary = new Summary();
        summary.readingsFile = dir.resolve("readings.csv");
        OutdoorTemperature weather = OutdoorTemperature.winter(o.seed);
        long startMs = o.start.toEpochMilli();
        long seconds = o.duration.getSeconds();
        Household[] houses = new Household[o.households];
        long[][] outage = new long[o.households][];
        SplittableRandom plan = new SplittableRandom(o.seed ^ 0x5DEECE66DL);
        for (int h = 0; h < o.households; h++) {
            houses[h] = new Household(String.format("meter-%03d", h + 1), o.seed * 1_000_003L + h, startMs, weather);
            if (plan.nextDouble() < o.outageProbability && seconds > 1200) {
                long from = plan.nextLong(300, seconds - 900);
                outage[h] = new long[] {from, from + plan.nextLong(60, 600)};
            }
        }
        if (o.meterFaults && seconds >= 4.5 * 3600) {
            if (o.households > 1) {
                summary.faults.add(new long[] {1, 0, 2 * 3600, 2 * 3600 + 59});
            }
            if (o.households > 2) {
                summary.faults.add(new long[] {2, 1, 3 * 3600, 3 * 3600 + 75 * 60 - 1});
            }
        }
        double[] stuckAt = new double[o.households];
        List<MeterReading> minuteReadings = minuteMeters(o, startMs, weather);
        int nextMinute = 0;
        List<String> minuteMeterIds = new ArrayList<>();
        for (int h = 0; h < o.minuteHouseholds; h++) {
            minuteMeterIds.add(minuteMeterId(h));
        }
        BadLines bad = new BadLines(new SplittableRandom(o.seed + 7), o.badLineRate);
        try (Writer readings = writer(summary.readingsFile, false);
             Writer expected = writer(dir.resolve("expected-dead-letters.csv"), false);
             Writer appliances = writer(dir.resolve("appliances.csv.gz"), true);
             Writer labels = writer(dir.resolve("labels.csv"), false)) {
            readings.write(CsvReadingWriter.HEADER + "\n");
            expected.write("line,reason\n");
            appliances.write("meter_id,timestamp," + String.join(",", APPLIANCES) + "\n");
            labels.write("meter_id,timestamp,appliance,kind,delta_w\n");
            long line = 1;
            long[] lastSeen = new long[o.households];
            for (long s = 0; s < seconds; s++) {
                // The minute meters' readings go in time order among the others, so none is late.
                int written = writeUpTo(readings, minuteReadings, nextMinute, startMs + s * 1000);
                nextMinute += written;
                line += written;
                for (int h = 0; h < o.households; h++) {
                    Household house = houses[h];
                    long[] labelCount = {0};
                    MeterReading r = house.next(e -> {
                        labelCount[0]++;
                        write(labels, e.meterId + "," + Instant.ofEpochMilli(e.timestampMs) + "," + e.appliance + ","
                                + e.kind + "," + Math.round(e.deltaW * 10) / 10.0 + "\n");
                    });
                    summary.labelEvents += labelCount[0];
                    appliances.write(applianceLine(house, r.timestampMs));
                    if (outage[h] != null && s >= outage[h][0] && s < outage[h][1]) {
                        continue;
                    }
                    if (outage[h] != null && s == outage[h][1]) {
                        summary.outages.add(new long[] {h, lastSeen[h], r.timestampMs});
                    }
                    for (long[] f : summary.faults) {
                        if (f[0] == h && s >= f[2] && s <= f[3]) {
                            stuckAt[h] = s == f[2] ? r.activePowerW : stuckAt[h];
                            r = new MeterReading(r.meterId, r.timestampMs, f[1] == 0 ? SPIKE_W : stuckAt[h]);
                        }
                    }
                    String good = CsvReadingWriter.line(r);
                    readings.write(good + "\n");
                    line++;
                    summary.validReadings++;
                    lastSeen[h] = r.timestampMs;
                    for (BadLine b : bad.after(r, good)) {
                        readings.write(b.text + "\n");
                        line++;
                        expected.write(line + "," + b.reason + "\n");
                        summary.badLines.merge(b.reason, 1L, Long::sum);
                    }
                }
            }
            writeUpTo(readings, minuteReadings, nextMinute, Long.MAX_VALUE);  // those after the 1 Hz households' end
        }
        summary.minuteReadings = minuteReadings.size();
        summary.validReadings += minuteReadings.size();
        try (Writer out = writer(dir.resolve("outages.csv"), false)) {
            out.write("meter_id,last_before,first_after\n");
            for (long[] g : summary.outages) {
                out.write(houses[(int) g[0]].meterId() + "," + Instant.ofEpochMilli(g[1]) + "," + Instant.ofEpochMilli(g[2]) + "\n");
            }
        }
        if (o.meterFaults) {
            try (Writer out = writer(dir.resolve("faults.csv"), false)) {
                out.write("meter_id,kind,start,end\n");
                for (long[] f : summary.faults) {
                    out.write(houses[(int) f[0]].meterId() + "," + (f[1] == 0 ? "spike" : "stuck") + ","
                            + Instant.ofEpochMilli(startMs + f[2] * 1000) + "," + Instant.ofEpochMilli(startMs + (f[3] + 1) * 1000) + "\n");
                }
                if (o.minuteHouseholds > 0 && o.minuteDays >= WORN_FRIDGE_DAYS_BEFORE_END + 13) {
                    out.write(minuteMeterId(0) + ",fridge_worn," + Instant.ofEpochMilli(wornFridgeFromMs(o, startMs)) + ","
                            + Instant.ofEpochMilli(startMs + o.minuteDays * 86_400_000L) + "\n");
                }
            }
        }
        try (Writer out = writer(dir.resolve("weather.csv"), false)) {
            out.write("region,timestamp,temperature_c\n");
            long weatherEnd = startMs + Math.max(seconds, o.minuteHouseholds > 0 ? o.minuteDays * 86_400L : 0) * 1000;
            for (long t = startMs; t <= weatherEnd; t += 3_600_000) {
                out.write(REGION + "," + Instant.ofEpochMilli(t) + "," + Math.round(weather.at(t) * 10) / 10.0 + "\n");
            }
        }
        try (Writer out = writer(dir.resolve("meters.csv"), false)) {
            out.write("meter_id,region\n");
            for (Household house : houses) {
                out.write(house.meterId() + "," + REGION + "\n");
            }
            for (String id : minuteMeterIds) {
                out.write(id + "," + REGION + "\n");
            }
        }
        return summary;
    }

    /** Writes the readings from {@code from} on whose time is at most {@code upToMs}; returns how many. */
    private static int writeUpTo(Writer out, List<MeterReading> readings, int from, long upToMs) throws IOException {
        int i = from;
        while (i < readings.size() && readings.get(i).timestampMs <= upToMs) {
            out.write(CsvReadingWriter.line(readings.get(i++)) + "\n");
        }
        return i - from;
    }

    /** The first 1-min household's fridge, with meter faults: ON periods twice as long for the last 8 days (a device health case). */
    static final int WORN_FRIDGE_DAYS_BEFORE_END = 8;
    static final double WORN_FRIDGE_FACTOR = 2.0;

    private static long wornFridgeFromMs(Options o, long startMs) {
        return startMs + (o.minuteDays - WORN_FRIDGE_DAYS_BEFORE_END) * 86_400_000L;
    }

    private static String minuteMeterId(int h) {
        return String.format("meter-m%02d", h + 1);
    }

    /** Each minute household simulated second by second, as the mean power of each minute, all in time order. */
    private static List<MeterReading> minuteMeters(Options o, long startMs, OutdoorTemperature weather) {
        List<MeterReading> all = new ArrayList<>();
        for (int h = 0; h < o.minuteHouseholds; h++) {
            Household house = new Household(minuteMeterId(h), o.seed * 1_000_003L + 10_000 + h, startMs, weather);
            if (h == 0 && o.meterFaults && o.minuteDays >= WORN_FRIDGE_DAYS_BEFORE_END + 13) {
                house.wearFridgeFrom(wornFridgeFromMs(o, startMs), WORN_FRIDGE_FACTOR);
            }
            for (long m = 0; m < o.minuteDays * 1440L; m++) {
                double sum = 0;
                for (int sec = 0; sec < 60; sec++) {
                    sum += house.next(e -> { }).activePowerW;
                }
                all.add(new MeterReading(house.meterId(), startMs + m * 60_000, Math.round(sum / 60 * 10) / 10.0));
            }
        }
        all.sort(java.util.Comparator.comparingLong((MeterReading r) -> r.timestampMs));
        return all;
    }

    private static String applianceLine(Household house, long ms) {
        double[] power = house.appliancePowerW();
        List<String> names = house.applianceNames();
        String[] cells = new String[APPLIANCES.size()];
        Arrays.fill(cells, "");
        for (int i = 0; i < names.size(); i++) {
            cells[APPLIANCES.indexOf(names.get(i))] = Double.toString(Math.round(power[i] * 10) / 10.0);
        }
        return house.meterId() + "," + Instant.ofEpochMilli(ms) + "," + String.join(",", cells) + "\n";
    }

    private static Writer writer(Path file, boolean gzip) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        if (gzip) {
            out = new GZIPOutputStream(out, 1 << 16);
        }
        return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    }

    private static void write(Writer w, String s) {
        try {
            w.write(s);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final class BadLine {
        final String text;
        final DeadLetterReason reason;

        BadLine(String text, DeadLetterReason reason) {
            this.text = text;
            this.reason = reason;
        }
    }

    /** Seeded bad lines, one kind per dead-letter reason a CSV line can earn. */
    private static final class BadLines {
        private final SplittableRandom rng;
        private final double rate;

        BadLines(SplittableRandom rng, double rate) {
            this.rng = rng;
            this.rate = rate;
        }

        List<BadLine> after(MeterReading r, String good) {
            if (rng.nextDouble() >= rate) {
                return List.of();
            }
            String[] cells = good.split(",", -1);
            String ts = cells[1];
            switch (rng.nextInt(9)) {
                case 0:
                    return List.of(new BadLine("#%garbage\u00e9" + rng.nextInt(), DeadLetterReason.UNPARSABLE));
                case 1:
                    return List.of(new BadLine(good.substring(0, good.length() / 2), DeadLetterReason.UNPARSABLE));
                case 2:
                    return List.of(new BadLine(replace(cells, 2, "NaN"), DeadLetterReason.INVALID_NUMBER));
                case 3:
                    return List.of(new BadLine(replace(cells, 2, "5.0E7"), DeadLetterReason.POWER_OUT_OF_RANGE));
                case 4:
                    return List.of(new BadLine(replace(cells, 0, ""), DeadLetterReason.MISSING_METER_ID));
                case 5:
                    return List.of(new BadLine(replace(cells, 2, ""), DeadLetterReason.MISSING_POWER));
                case 6:
                    return List.of(new BadLine(replace(cells, 1, "2099-01-01T00:00:00Z"), DeadLetterReason.TIMESTAMP_IN_FUTURE));
                case 7:
                    return List.of(new BadLine(good, DeadLetterReason.DUPLICATE_TIMESTAMP));
                default:
                    String earlier = Instant.parse(ts).minusSeconds(300).toString();
                    return List.of(new BadLine(replace(cells, 1, earlier), DeadLetterReason.LATE));
            }
        }

        private static String replace(String[] cells, int index, String value) {
            String[] copy = cells.clone();
            copy[index] = value;
            return String.join(",", copy);
        }
    }
}
