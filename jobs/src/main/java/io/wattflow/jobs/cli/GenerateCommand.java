package io.wattflow.jobs.cli;

import io.wattflow.synth.SyntheticDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Writes a labelled synthetic data set without running anything. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write synthetic 1 Hz households with ground truth (appliance power, events, outages, weather).")
public final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "Folder to write to.")
    Path out;

    @Mixin
    GenerationOptions generation = new GenerationOptions();

    @Option(names = "--quarter-hours", description = "Write 15-min energy with the heat pump's share and each household's "
            + "temperature (quarter_hours.csv, for training the heat-pump models) instead of 1 Hz readings.")
    boolean quarterHours;

    @Override
    public Integer call() throws Exception {
        if (quarterHours) {
            SyntheticDataset.Options o = generation.toOptions();
            int days = (int) Math.max(1, Math.round(o.duration.toHours() / 24.0));
            int withHeatPump = io.wattflow.synth.SyntheticQuarterHours.write(out, o.households, days, o.start, o.seed);
            System.out.printf("Wrote %d households (%d with a heat pump) x %d days of quarter hours to %s%n",
                    o.households, withHeatPump, days, out.resolve("quarter_hours.csv").toAbsolutePath());
            return 0;
        }
        SyntheticDataset.Summary s = SyntheticDataset.write(out, generation.toOptions());
        System.out.printf("Wrote %,d readings, %,d bad lines, %,d appliance events, %d outages to %s%n",
                s.validReadings, s.badLineCount(), s.labelEvents, s.outages.size(), out.toAbsolutePath());
        return 0;
    }
}
