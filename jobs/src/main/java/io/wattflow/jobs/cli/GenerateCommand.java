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

    @Override
    public Integer call() throws Exception {
        SyntheticDataset.Summary s = SyntheticDataset.write(out, generation.toOptions());
        System.out.printf("Wrote %,d readings, %,d bad lines, %,d appliance events, %d outages to %s%n",
                s.validReadings, s.badLineCount(), s.labelEvents, s.outages.size(), out.toAbsolutePath());
        return 0;
    }
}
