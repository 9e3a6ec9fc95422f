package io.wattflow.jobs.cli;

import io.wattflow.synth.SyntheticDataset;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;

/** What synthetic data to generate, shared by {@code generate} and {@code demo}. */
public final class GenerationOptions {
    @Option(names = "--households", description = "Number of households (default: ${DEFAULT-VALUE}).")
    int households = 5;

    @Option(names = "--hours", description = "Hours of 1 Hz readings per household (default: ${DEFAULT-VALUE}).")
    double hours = 6;

    @Option(names = "--start", description = "First reading's time (default: ${DEFAULT-VALUE}).")
    Instant start = Instant.parse("2024-01-15T00:00:00Z");

    @Option(names = "--seed", description = "Random seed; the same seed writes the same files (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--bad-line-rate", description = "Extra bad lines per good line, to show the dead-letter path (default: ${DEFAULT-VALUE}).")
    double badLineRate = 0.001;

    @Option(names = "--meter-faults", negatable = true,
            description = "Inject a 30 kW one-minute spike (meter-002) and a stuck value (meter-003) into runs of 4.5 h or more, "
                    + "for the anomaly outputs to show (default: on for the demo, off for generate).")
    Boolean meterFaults;

    @Option(names = "--minute-households", description = "Households of 1-min meters, for weeks of history "
            + "(default: 3 for the demo, 0 for generate).")
    Integer minuteHouseholds;

    @Option(names = "--minute-days", description = "Days of the 1-min meters' readings (default: ${DEFAULT-VALUE}).")
    int minuteDays = 21;

    SyntheticDataset.Options toOptions() {
        if (households < 1 || hours <= 0 || badLineRate < 0 || badLineRate > 1) {
            throw new IllegalArgumentException(
                    "Give at least 1 household, a positive number of hours and a bad-line rate between 0 and 1.");
        }
        SyntheticDataset.Options o = new SyntheticDataset.Options();
        o.households = households;
        o.duration = Duration.ofSeconds(Math.round(hours * 3600));
        o.start = start;
        o.seed = seed;
        o.badLineRate = badLineRate;
        o.meterFaults = Boolean.TRUE.equals(meterFaults);
        if ((minuteHouseholds != null && minuteHouseholds < 0) || minuteDays < 1 || minuteDays > 366) {
            throw new IllegalArgumentException("--minute-households must be 0 or more and --minute-days between 1 and 366.");
        }
        o.minuteHouseholds = minuteHouseholds == null ? 0 : minuteHouseholds;
        o.minuteDays = minuteDays;
        return o;
    }
}
