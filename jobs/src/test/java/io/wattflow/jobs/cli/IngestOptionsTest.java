package io.wattflow.jobs.cli;

import io.wattflow.jobs.ingest.IngestSettings;
import io.wattflow.operators.runs.RunPairing;
import io.wattflow.record.LoadEvent;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** What `run` and `demo` hand the job from their options. */
class IngestOptionsTest {
    private static LoadEvent step(long t, double w) {
        LoadEvent e = new LoadEvent();
        e.meterId = "m";
        e.timestampMs = t;
        e.deltaActivePowerW = w;
        return e;
    }

    /** --max-run changes only the run's longest duration: the job pairs sizes as the evaluations score them. */
    @Test
    void theJobPairsRunsAsTheDefaultsWithTheMaxRunGiven() {
        IngestOptions options = new IngestOptions();
        new CommandLine(options).parseArgs("--max-run", "2h");
        RunPairing pairing = options.toSettings().runPairing;
        assertThat(pairing.maxDuration()).isEqualTo(Duration.ofHours(2));
        RunPairing defaults = RunPairing.defaults();
        for (double off : new double[] {-2000, -1600, -1450, -2400}) {
            assertThat(pairing.closes(step(0, 2000), step(60_000, off))).as("OFF %s W", off)
                    .isEqualTo(defaults.closes(step(0, 2000), step(60_000, off)));
        }
        assertThat(pairing.closes(step(0, 2000), step(60_000, -1600))).as("a motor's draw fell 20 %%").isTrue();
        assertThat(pairing.closes(step(0, 2000), step(3 * 3_600_000L, -2000))).as("longer than --max-run").isFalse();
        assertThat(IngestSettings.defaults().runPairing.maxDuration()).isEqualTo(Duration.ofHours(6));
    }
}
