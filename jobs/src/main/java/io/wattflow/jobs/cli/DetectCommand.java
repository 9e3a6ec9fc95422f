package io.wattflow.jobs.cli;

import io.wattflow.format.Timestamps;
import io.wattflow.operators.changepoint.ChangeDetectors;
import io.wattflow.operators.changepoint.ChangepointPipeline;
import io.wattflow.operators.changepoint.GenericChangepoints;
import io.wattflow.operators.changepoint.SeriesScale;
import io.wattflow.record.LoadEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * Runs one changepoint detector over any univariate series and prints its changepoints, so that
 * wattflow's detectors can be compared with other changepoint tools on their benchmarks.
 */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = "Print the changepoints of a series: lines of 'value', 'timestamp,value' or 'meter_id,timestamp,value' "
                + "(commas, semicolons or whitespace between cells; one result per meter); empty or NaN values are skipped.")
public final class DetectCommand implements Callable<Integer> {
    private static final Pattern SEPARATORS = Pattern.compile("\\s*[,;]\\s*|\\s+");

    @Option(names = "--input", required = true, description = "The series; only its first line may be a header.")
    Path input;

    @Option(names = "--detector", description = "edge, cusum or bocpd (default: ${DEFAULT-VALUE}).")
    String detector = "edge";

    @Option(names = "--min-step", description = "Smallest change to report, in the series' unit (default: ${DEFAULT-VALUE}).")
    double minStep = ChangeDetectors.DEFAULT_MIN_STEP_W;

    @Option(names = "--generic", description = "For a series of any unit: the detector takes its scale from the series' own noise "
            + "and runs with its generic configuration (see the README); --min-step is then not used.")
    boolean generic;

    @Option(names = "--period-ms", description = "Time between values when the file has no timestamps (default: ${DEFAULT-VALUE}).")
    long periodMs = 1000;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(input)) {
            throw new IllegalArgumentException("Input " + input + " does not exist: give the path of a file.");
        }
        run(ChangeDetectors.pipeline(detector, minStep), System.out);
        return 0;
    }

    /** One series of the file: its detector state and the index of each recent time. */
    private final class Series<S> {
        final String meterId;
        final ChangepointPipeline<S>.Meter meter;
        long index;
        // An event is reported within its settle window, so the map need not hold the whole series.
        final Map<Long, Long> indexOfTime = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
                return size() > 4096;
            }
        };
        /** With --generic: every value, its time and index, judged once the file is read. */
        final List<double[]> held = new ArrayList<>();

        Series(ChangepointPipeline<S> pipeline, String meterId) {
            this.meterId = meterId;
            this.meter = pipeline.new Meter(meterId);
        }
    }

    private <S> void run(ChangepointPipeline<S> pipeline, PrintStream out) throws Exception {
        Map<String, Series<S>> series = new LinkedHashMap<>();
        int columns = -1;
        long lineNumber = 0;
        long values = 0;
        boolean headerAllowed = true;
        boolean headerPrinted = false;
        try (BufferedReader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] cells = SEPARATORS.split(trimmed, -1);
                if (cells.length > 3) {
                    throw unreadable(lineNumber, line, "has " + cells.length + " cells");
                }
                if (columns < 0) {
                    columns = cells.length;
                } else if (cells.length != columns) {
                    throw unreadable(lineNumber, line, "has " + cells.length + " cells where the file has " + columns);
                }
                String meterId = columns == 3 ? cells[0] : input.getFileName().toString();
                Series<S> s = series.computeIfAbsent(meterId, id -> new Series<>(pipeline, id));
                String valueCell = cells[columns - 1];
                boolean missing = valueCell.isEmpty() || valueCell.equalsIgnoreCase("nan");
                Double value = missing ? null : value(valueCell);
                Long t = columns == 1 ? Long.valueOf(s.index * periodMs) : time(cells[columns - 2]);
                if ((!missing && value == null) || t == null) {
                    if (headerAllowed) {  // only the first line may name the columns
                        headerAllowed = false;
                        columns = -1;
                        series.remove(meterId);
                        continue;
                    }
                    throw unreadable(lineNumber, line, "is not " + layout(columns));
                }
                if (!headerPrinted) {
                    headerPrinted = true;
                    out.println((columns == 3 ? "meter_id," : "") + "index,timestamp,delta,level_before,level_after,score");
                }
                headerAllowed = false;
                if (value == null) {
                    s.index++;  // a missing value still takes its place in the series
                    continue;
                }
                values++;
                if (generic) {
                    s.held.add(new double[] {value, t, s.index});
                } else {
                    s.indexOfTime.put(t, s.index);
                    print(out, s, s.meter.add(t, value, null), columns);
                }
                s.index++;
            }
        }
        if (values == 0) {
            throw new IllegalArgumentException(input + " has no values: write lines of " + layout(Math.max(columns, 2)) + ".");
        }
        for (Series<S> s : series.values()) {
            if (generic) {
                printGeneric(out, s, columns);
            } else {
                // A change in the last seconds of the file is still settling: report it from the samples there are.
                print(out, s, s.meter.flush(), columns);
            }
        }
    }

    /** The series' changes by the generic configuration, with the mean of the segments either side; score = step / noise. */
    private <S> void printGeneric(PrintStream out, Series<S> s, int columns) {
        if (s.held.size() < 3) {
            return;
        }
        double[] v = s.held.stream().mapToDouble(h -> h[0]).toArray();
        SeriesScale scale = SeriesScale.of(v);
        List<Integer> changes = new ArrayList<>(GenericChangepoints.changes(GenericChangepoints.detector(detector), scale, v));
        double noise = scale.noise;
        changes.add(v.length);
        int from = 0;
        for (int k = 0; k + 1 < changes.size(); k++) {
            int at = changes.get(k);
            double before = mean(v, from, at);
            double after = mean(v, at, changes.get(k + 1));
            double[] h = s.held.get(at);
            out.printf("%s%d,%s,%.6g,%.6g,%.6g,%.3f%n", columns == 3 ? s.meterId + "," : "", (long) h[2], Timestamps.iso((long) h[1]),
                    after - before, before, after, Math.abs(after - before) / noise);
            from = at;
        }
    }

    private static double mean(double[] v, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += v[i];
        }
        return sum / (to - from);
    }

    private static <S> void print(PrintStream out, DetectCommand.Series<S> s, LoadEvent e, int columns) {
        if (e == null) {
            return;
        }
        out.printf("%s%d,%s,%.3f,%.3f,%.3f,%.3f%n", columns == 3 ? s.meterId + "," : "", s.indexOfTime.getOrDefault(e.timestampMs, -1L),
                Timestamps.iso(e.timestampMs), e.deltaActivePowerW, e.levelBeforeW, e.levelAfterW, e.score);
    }

    private static String layout(int columns) {
        return columns == 1 ? "'value'" : columns == 2 ? "'timestamp,value'" : "'meter_id,timestamp,value'";
    }

    private IllegalArgumentException unreadable(long lineNumber, String line, String why) {
        String shown = line.length() > 80 ? line.substring(0, 80) + "..." : line;
        return new IllegalArgumentException(input + " line " + lineNumber + " '" + shown + "' " + why
                + ": write 'value', 'timestamp,value' or 'meter_id,timestamp,value' per line.");
    }

    /** The finite number in {@code cell}, or null when it is none. */
    private static Double value(String cell) {
        try {
            double v = Double.parseDouble(cell);
            return Double.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Epoch seconds or milliseconds, ISO-8601 (with or without offset, taken as UTC), or a date; null otherwise. */
    private static Long time(String cell) {
        try {
            if (cell.length() == 10 && cell.charAt(4) == '-' && cell.charAt(7) == '-') {
                return LocalDate.parse(cell).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            return Timestamps.parseMillis(cell, ZoneOffset.UTC);
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }
}
