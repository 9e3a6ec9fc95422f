package io.wattflow.jobs.local;

import io.wattflow.jobs.ingest.IngestOutputs;
import io.wattflow.operators.ingest.DeadLetters;
import io.wattflow.operators.meter.MeterStreamFunction;
import io.wattflow.record.DeadLetterReason;
import io.wattflow.sink.ParquetOutputs;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/** The progress line and the closing summary of a local ingest run. */
public final class RunReport {

    private final PrintStream out;
    private final long startNanos = System.nanoTime();

    public RunReport(PrintStream out) {
        this.out = out;
    }

    public static long accepted(Map<String, Object> accumulators) {
        Object v = accumulators.get(MeterStreamFunction.ACCEPTED_ACCUMULATOR);
        return v instanceof Number ? ((Number) v).longValue() : 0;
    }

    public static Map<DeadLetterReason, Long> deadLetters(Map<String, Object> accumulators) {
        Map<DeadLetterReason, Long> byReason = new EnumMap<>(DeadLetterReason.class);
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            Object v = accumulators.get(DeadLetters.ACCUMULATOR_PREFIX + reason.name());
            if (v instanceof Number && ((Number) v).longValue() > 0) {
                byReason.put(reason, ((Number) v).longValue());
            }
        }
        return byReason;
    }

    /** One progress line, rewritten in place. */
    public void progress(Map<String, Object> accumulators) {
        long dead = deadLetters(accumulators).values().stream().mapToLong(Long::longValue).sum();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long accepted = accepted(accumulators);
        out.printf("\r  running %5.1f s: %,d readings accepted (%,.0f/s), %,d dead letters   ",
                seconds, accepted, accepted / Math.max(seconds, 1e-3), dead);
        out.flush();
    }

    /** Readings accepted and dead letters by reason; all a run on a remote cluster can report. */
    public void counts(Map<String, Object> accumulators) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        out.println();
        out.printf("Done in %.1f s.%n", seconds);
        out.printf("  readings accepted: %,d%n", accepted(accumulators));
        Map<DeadLetterReason, Long> dead = deadLetters(accumulators);
        out.printf("  dead letters:      %,d%n", dead.values().stream().mapToLong(Long::longValue).sum());
        dead.forEach((reason, n) -> out.printf("    %-22s %,d%n", reason, n));
    }

    /** The counts, then the rows and files of each output in a local folder. */
    public void summary(Map<String, Object> accumulators, Path outputBase) throws IOException {
        counts(accumulators);
        out.println("  outputs (Parquet, partitioned by dt=YYYY-MM-DD):");
        for (String name : IngestOutputs.ALL) {
            Path folder = outputBase.resolve(name);
            out.printf("    %-20s %,9d rows in %d files  %s%n", name, ParquetOutputs.rowCount(folder),
                    ParquetOutputs.committedFiles(folder).size(), folder);
        }
    }
}
