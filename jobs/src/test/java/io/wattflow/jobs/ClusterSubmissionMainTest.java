package io.wattflow.jobs;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Under Flink's client (flink run, or the REST API's jar run, which calls main inside the JobManager),
 * main returns instead of exiting the JVM: found on a real session cluster, where a REST run's
 * System.exit stopped the JobManager. Flink's client installs its own environment; the test does the same.
 */
class ClusterSubmissionMainTest {

    /** Stands in for Flink's client, which installs a context environment before calling main. */
    static final class ClientContext extends StreamExecutionEnvironment {
        static void install() {
            initializeContextEnvironment(conf -> new ClientContext());
        }

        static void remove() {
            resetContextEnvironment();
        }
    }

    @AfterEach
    void removeTheContext() {
        ClientContext.remove();
    }

    @Test
    void mainReturnsUnderAClusterClientAndFailsWithItsMessageInsteadOfExiting() {
        ClientContext.install();
        assertThat(WattflowCli.submittedToACluster()).isTrue();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            WattflowCli.main(new String[] {"--help"}); // would end this JVM, and fail the build, if it exited
            assertThatThrownBy(() -> WattflowCli.main(new String[] {"run", "--no-such-option"}))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("exit code 2");
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void withoutAClusterClientTheCommandLineExitsAsUsual() {
        assertThat(WattflowCli.submittedToACluster()).isFalse();
        assertThat(new Configuration()).isNotNull();
    }
}
