package io.wattflow.operators.bench;

import io.wattflow.operators.changepoint.ChangeDetectors;
import io.wattflow.operators.changepoint.ChangepointPipeline;
import io.wattflow.record.LoadEvent;
import io.wattflow.record.MeterReading;
import io.wattflow.synth.Household;
import io.wattflow.synth.OutdoorTemperature;
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

import java.util.concurrent.TimeUnit;

/**
 * Readings per second of each changepoint detector with its event signatures, on one core, without
 * Flink: the ceiling of the changepoint operator. Input: a day of a synthetic household at 1 Hz,
 * replayed in a loop (time keeps increasing).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DetectorBenchmark {
    private static final int DAY = 86_400;

    @Param({"edge", "cusum", "bocpd"})
    public String detector;

    private double[] active;
    private double[] reactive;
    private ChangepointPipeline<?>.Meter meter;
    private long t;
    private int i;

    @Setup
    public void setUp() {
        Household house = new Household("bench", 11, 0, OutdoorTemperature.winter(11));
        active = new double[DAY];
        reactive = new double[DAY];
        for (int s = 0; s < DAY; s++) {
            MeterReading r = house.next(e -> { });
            active[s] = r.activePowerW;
            reactive[s] = r.reactivePowerVar;
        }
        meter = ChangeDetectors.pipeline(detector, ChangeDetectors.DEFAULT_MIN_STEP_W).new Meter("bench");
    }

    @Benchmark
    public LoadEvent reading() {
        int k = i;
        i = k + 1 == DAY ? 0 : k + 1;
        t += 1000;
        return meter.add(t, active[k], reactive[k]);
    }
}
