package io.wattflow.jobs.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bench harness in smoke mode: every pipeline runs on every backend and reports. No speed is
 * asserted (CI machines are shared); what is asserted is that the generated readings reach the
 * detection pipeline complete and in order (none refused), which the figures depend on.
 */
@Timeout(240)
class BenchSmokeTest {
    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void bothPipelinesRunAndReport(String backend) throws Exception {
        BenchRunner.Result reference = BenchRunner.run(BenchRunner.REFERENCE, backend, 50, 40, 2, work);
        BenchRunner.Result detection = BenchRunner.run(BenchRunner.DETECTION, backend, 50, 40, 2, work);
        assertThat(reference.readings).isEqualTo(2000);
        assertThat(reference.readingsPerSecond).isPositive();
        assertThat(detection.accepted).as("every generated reading accepted").isEqualTo(2000);
        assertThat(detection.deadLetters).as("generated readings are valid and in order per meter").isZero();
        assertThat(detection.perCore()).isPositive();
    }

    @Test
    void thePlainJavaLoopRunsTheSameCode() {
        assertThat(PlainJavaCeiling.run(20, 120)).isPositive();
        assertThat(SyntheticMeters.record(3, 10).key).isEqualTo("m-3");
        assertThat(SyntheticMeters.powerW(3, 10)).isNotEqualTo(SyntheticMeters.powerW(4, 10));
    }
}
