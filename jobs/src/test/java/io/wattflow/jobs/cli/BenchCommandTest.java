package io.wattflow.jobs.cli;

import io.wattflow.jobs.bench.BenchRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bench's repeated pairs and Flink settings (its runs themselves: BenchSmokeTest; --repeat 0: WattflowCliTest). */
class BenchCommandTest {
    @TempDir
    Path work;

    @Test
    void theMedianOfThePairsIsTheMiddleOneOrTheMeanOfTheTwoMiddleOnes() {
        assertThat(BenchCommand.median(List.of(0.52, 0.43, 0.47))).isEqualTo(0.47);
        assertThat(BenchCommand.median(List.of(0.52, 0.43))).isEqualTo(0.475);
    }

    @Test
    void aFlinkSettingReachesTheMeasuredRun() {
        assertThatThrownBy(() -> BenchRunner.run(BenchRunner.REFERENCE, "rocksdb", 10, 10, 1, work,
                Map.of("state.backend.rocksdb.compression.per.level", "NO_SUCH_COMPRESSION")))
                .hasStackTraceContaining("NO_SUCH_COMPRESSION");
    }

    @Test
    void theBundleSettingsReachTheDetectionPipeline() {
        // A wait of zero is refused by the bundling operator itself, so the refusal shows both settings arrived.
        assertThatThrownBy(() -> BenchRunner.run(BenchRunner.DETECTION, "heap", 10, 10, 1, work, Map.of(), 10, java.time.Duration.ZERO))
                .hasStackTraceContaining("A bundle needs at least 1 record and a positive wait, was 10 and PT0S");
    }

    @Test
    void theReferenceWithALargerValueRunsOnRocksDbAndAValueOfNoBytesIsRefused() throws Exception {
        BenchRunner.Result r = BenchRunner.run(BenchRunner.referenceOfBytes(300), "rocksdb", 20, 30, 1, work);
        assertThat(r.readings).isEqualTo(600);
        assertThat(r.readingsPerSecond).isPositive();
        assertThatThrownBy(() -> BenchRunner.referenceOfBytes(0)).hasMessageContaining("give at least 1");
    }

    @Test
    void everythingOnRunsWithItsWeatherAndRefusesNothing() throws Exception {
        BenchRunner.Result r = BenchRunner.run(BenchRunner.EVERYTHING, "heap", 5, 7_200, 1, work);
        assertThat(r.accepted).as("every reading accepted").isEqualTo(5 * 7_200);
        assertThat(r.deadLetters).as("the synthetic weather lines parse too").isZero();
        assertThat(java.nio.file.Files.readAllLines(BenchRunner.hourlyWeather(work, 7_200))).hasSize(1 + 51);
    }
}
