package io.wattflow.jobs.kafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka -> the whole pipeline -> Kafka and Parquet on a real broker, with each kind of failure
 * injected in its own run; {@link KafkaScenario} checks every output per key (see there). The same
 * runs, repeated on a loaded machine, are the stress mode ({@code KafkaExactlyOnceStressTest}).
 */
@Timeout(600)
class KafkaExactlyOnceTest {
    @TempDir
    Path dir;

    @Test
    void operatorFailuresAfterCompletedCheckpoints() throws Exception {
        // Two are intended; the second needs a checkpoint to complete on the restored attempt before the
        // bounded input ends, which a fast run can miss. One restart already proves the point.
        assertNothingLostOrDoubled(KafkaScenario.run(KafkaScenario.Injection.OPERATOR_FAILURES, dir), 1);
    }

    @Test
    void aFailureWhileTheSinksCommit() throws Exception {
        assertNothingLostOrDoubled(KafkaScenario.run(KafkaScenario.Injection.FAILURE_DURING_COMMIT, dir), 1);
    }

    @Test
    void aTaskManagerLostMidRun() throws Exception {
        assertNothingLostOrDoubled(KafkaScenario.run(KafkaScenario.Injection.TASK_MANAGER_LOST, dir), 1);
    }

    @Test
    void aBrokerRestartMidRun() throws Exception {
        assertNothingLostOrDoubled(KafkaScenario.run(KafkaScenario.Injection.BROKER_RESTART, dir), 1);
    }

    /** The check on the committers' log works: an error logged there is seen. */
    @Test
    void aDataLossErrorOfTheCommitterIsCaptured() {
        java.util.List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        String committer = "org.apache.flink.connector.kafka.sink.internal.KafkaCommitter";
        try (KafkaScenario.CapturedErrors ignored = KafkaScenario.CapturedErrors.of(errors, committer)) {
            org.slf4j.LoggerFactory.getLogger(committer).warn("not an error");
            org.slf4j.LoggerFactory.getLogger(committer).error("this most likely signals data loss");
        }
        org.slf4j.LoggerFactory.getLogger(committer).error("after the capture ended");
        assertThat(errors).containsExactly("this most likely signals data loss");
    }

    private static void assertNothingLostOrDoubled(KafkaScenario.Report report, int atLeastInjected) {
        System.out.println(report);
        assertThat(report.injected).as("failures injected").isGreaterThanOrEqualTo(atLeastInjected);
        assertThat(report.problems).as(report.toString()).isEmpty();
        assertThat(report.kafkaRecords.get("intervals_1min")).isEqualTo(KafkaScenario.METERS * KafkaScenario.SECONDS / 60);
        assertThat(report.kafkaRecords.get("dead_letters")).isEqualTo(KafkaScenario.METERS * 11);
    }
}
