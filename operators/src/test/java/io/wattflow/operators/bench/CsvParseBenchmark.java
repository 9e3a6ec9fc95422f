package io.wattflow.operators.bench;

import io.wattflow.format.CsvReadingParser;
import io.wattflow.format.ParseResult;
import io.wattflow.record.RawRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * CSV readings parsed per second on one core: the plain lines read from their bytes (what {@code
 * parse} does for them) against the general path every line took before. Lines as the benchmark's
 * meters send them: {@code m-<n>,<epoch ms>,<watts with one decimal>}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CsvParseBenchmark {
    private static final int LINES = 4096;

    @Param({"plain", "general"})
    public String path;

    private final CsvReadingParser parser = new CsvReadingParser(ZoneOffset.UTC, null);
    private RawRecord[] lines;
    private int i;

    @Setup
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(5);
        lines = new RawRecord[LINES];
        for (int k = 0; k < LINES; k++) {
            String line = "m-" + rng.nextInt(100_000) + "," + (1_704_067_200_000L + k * 1000L) + ","
                    + Math.round(rng.nextDouble(50, 3000) * 10) / 10.0;
            lines[k] = new RawRecord(line.getBytes(StandardCharsets.UTF_8), "bench:" + k);
            lines[k].csvHeader = "meter_id,timestamp,active_power_w";
        }
    }

    @Benchmark
    public ParseResult line() {
        RawRecord r = lines[i++ & (LINES - 1)];
        return path.equals("plain") ? parser.parse(r) : parser.parseGeneral(r);
    }
}
