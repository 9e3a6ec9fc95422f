package io.wattflow.jobs.cli;

import io.wattflow.synth.SyntheticDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

/** Writes a labelled synthetic data set without running anything. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write synthetic 1 Hz households with ground truth (appliance power, events, outages, weather).")
public final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "Folder to write to.")
    Path out;

    @Option(names = "--households", description = "Number of households (default: ${DEFAULT-VALUE}).")
    int households = 5;

    @Option(names = "--hours", description = "Hours of 1 Hz readings (default: ${DEFAULT-VALUE}).")
    double hours = 6;

    @Option(names = "--start", description = "First reading's time (default: ${DEFAULT-VALUE}).")
    Instant start = Instant.parse("2024-01-15T00:00:00Z");

    @Option(names = "--seed", description = "Random seed; the same seed writes the same files (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--bad-line-rate", description = "Extra bad lines per good line (default: ${DEFAULT-VALUE}).")
    double badLineRate = 0.001;

    SyntheticDataset.Options options() {
        if (households < 1 || hours <= 0 || badLineRate < 0 || badLineRate > 1) {
            throw new IllegalArgumentException(
                    "Give at least 1 household, a positive number of hours and a bad-line rate between 0 and 1.");
        }
        SyntheticDataset.Options o = new SyntheticDataset.Options();
        o.households = households;
        o.duration = java.time.Duration.ofSeconds(Math.round(hours * 3600));
        o.start = start;
        o.seed = seed;
        o.badLineRate = badLineRate;
        return o;
    }

    @Override
    public Integer call() throws Exception {
        SyntheticDataset.Summary s = SyntheticDataset.write(out, options());
        System.out.printf("Wrote %,d readings, %,d bad lines, %,d appliance events, %d outages to %s%n",
                s.validReadings, s.badLineCount(), s.labelEvents, s.outages.size(), out.toAbsolutePath());
        return 0;
    }
}
