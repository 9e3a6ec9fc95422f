package io.wattflow.jobs.cli;

import io.wattflow.format.Timestamps;
import io.wattflow.operators.changepoint.ChangeDetectors;
import io.wattflow.operators.changepoint.ChangepointPipeline;
import io.wattflow.record.LoadEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;

/**
 * Runs one changepoint detector over any univariate series and prints its changepoints, so that
 * wattflow's detectors can be compared with other changepoint tools on their benchmarks.
 */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = "Print the changepoints of a series: CSV of 'timestamp,value' (or 'value' alone, one per line); "
                + "empty or NaN values are skipped.")
public final class DetectCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, description = "CSV file; a first line that is not numeric is a header.")
    Path input;

    @Option(names = "--detector", description = "edge, cusum or bocpd (default: ${DEFAULT-VALUE}).")
    String detector = "edge";

    @Option(names = "--min-step", description = "Smallest change to report, in the series' unit (default: ${DEFAULT-VALUE}).")
    double minStep = ChangeDetectors.DEFAULT_MIN_STEP_W;

    @Option(names = "--period-ms", description = "Time between values when the file has no timestamps (default: ${DEFAULT-VALUE}).")
    long periodMs = 1000;

    @Override
    public Integer call() throws Exception {
        run(ChangeDetectors.pipeline(detector, minStep));
        return 0;
    }

    private <S> void run(ChangepointPipeline<S> pipeline) throws Exception {
        ChangepointPipeline<S>.Meter series = pipeline.new Meter(input.getFileName().toString());
        System.out.println("index,timestamp,delta,level_before,level_after,score");
        try (BufferedReader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            String line;
            long index = 0;
            // Index of each recent time: an event is reported within its settle window, so the map need
            // not hold the whole series (a long one would fill the heap).
            java.util.Map<Long, Long> indexOfTime = new java.util.LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<Long, Long> eldest) {
                    return size() > 4096;
                }
            };
            while ((line = reader.readLine()) != null) {
                String[] cells = line.split(",", -1);
                if (cells.length == 0 || cells[0].isBlank() || cells[cells.length - 1].isBlank()
                        || cells[cells.length - 1].trim().equalsIgnoreCase("nan")) {
                    index += cells[0].isBlank() ? 0 : 1; // a missing value still takes its place in the series
                    continue;
                }
                double value;
                long t;
                try {
                    value = Double.parseDouble(cells[cells.length - 1].trim());
                    t = cells.length > 1 ? Timestamps.parseMillis(cells[0], ZoneOffset.UTC) : index * periodMs;
                } catch (NumberFormatException | DateTimeException e) {
                    if (index == 0) {
                        continue; // a header
                    }
                    throw new IllegalArgumentException(input + ": line '" + line + "' is not 'timestamp,value'; fix or remove it.");
                }
                indexOfTime.put(t, index);
                LoadEvent e = series.add(t, value, null);
                if (e != null) {
                    System.out.printf("%d,%s,%.3f,%.3f,%.3f,%.3f%n", indexOfTime.getOrDefault(e.timestampMs, -1L),
                            Timestamps.iso(e.timestampMs), e.deltaActivePowerW, e.levelBeforeW, e.levelAfterW, e.score);
                }
                index++;
            }
        }
    }
}
