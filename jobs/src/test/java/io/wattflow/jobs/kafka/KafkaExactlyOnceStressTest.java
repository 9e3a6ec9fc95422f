package io.wattflow.jobs.kafka;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stress mode of {@link KafkaExactlyOnceTest}, not run in CI: {@code -Pstress} runs the four
 * failure scenarios in turn, {@code wattflow.stress.runs} times in all (default 20), while
 * {@code wattflow.stress.burners} threads (default: one per core) keep the CPU busy, and prints one
 * line per run and a total of records lost and doubled.
 */
@Tag("stress")
class KafkaExactlyOnceStressTest {
    @TempDir
    Path dir;

    @Test
    void nothingLostOrDoubledRunAfterRunOnALoadedMachine() throws Exception {
        int runs = Integer.getInteger("wattflow.stress.runs", 20);
        int burners = Integer.getInteger("wattflow.stress.burners", Runtime.getRuntime().availableProcessors());
        AtomicBoolean burning = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < burners; i++) {
            Thread t = new Thread(() -> {
                long x = 0;
                while (burning.get()) {
                    x += System.nanoTime() % 7;  // spin: what a busy neighbour on the same cores does
                }
                if (x == 42) {
                    System.out.print("");
                }
            }, "cpu-burner-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        List<KafkaScenario.Report> reports = new ArrayList<>();
        try {
            KafkaScenario.Injection[] injections = KafkaScenario.Injection.values();
            for (int i = 0; i < runs; i++) {
                KafkaScenario.Report r = KafkaScenario.run(injections[i % injections.length], dir.resolve("run-" + i));
                reports.add(r);
                System.out.printf("stress run %d/%d: %s%n", i + 1, runs, r);
            }
        } finally {
            burning.set(false);
        }
        long lost = reports.stream().mapToLong(r -> r.lost).sum();
        long doubled = reports.stream().mapToLong(r -> r.doubled).sum();
        long failed = reports.stream().filter(r -> !r.problems.isEmpty()).count();
        System.out.printf("stress: %d runs with %d CPU burners: %d records lost, %d doubled, %d runs with a problem%n",
                runs, burners, lost, doubled, failed);
        assertThat(reports).allSatisfy(r -> assertThat(r.problems).as(r.toString()).isEmpty());
    }
}
