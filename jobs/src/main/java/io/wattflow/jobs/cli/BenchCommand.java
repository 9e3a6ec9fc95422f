package io.wattflow.jobs.cli;

import io.wattflow.jobs.bench.BenchRunner;
import io.wattflow.jobs.bench.PlainJavaCeiling;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Measures the detection pipeline against the reference job (same source, keyBy and one ValueState
 * update per reading) in the same run, on each state backend, and the plain-Java ceiling.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Throughput, state per meter, GC and latency of the detection pipeline vs the reference job.")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--meters", split = ",", description = "Meter counts to run, e.g. 1000,10000,100000 (default: ${DEFAULT-VALUE}).")
    List<Integer> meters = List.of(10_000);

    @Option(names = "--readings", description = "Readings per run, whatever the meter count, so runs last long enough to "
            + "measure (default: ${DEFAULT-VALUE}); each meter sends readings/meters seconds of 1 Hz data, at least 2.")
    long readings = 6_000_000;

    @Option(names = "--backends", split = ",", description = "heap and/or rocksdb (default: ${DEFAULT-VALUE}).")
    List<String> backends = List.of("heap", "rocksdb");

    @Option(names = "--parallelism", description = "Job parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism = 2;

    @Option(names = "-D", paramLabel = "key=value", description = "A Flink setting for every measured run, e.g. "
            + "-D state.backend.rocksdb.use-bloom-filter=true (repeatable).")
    Map<String, String> flinkSettings = new LinkedHashMap<>();

    @Option(names = "--repeat", description = "Pairs of reference and detection runs per meter count and backend "
            + "(default: ${DEFAULT-VALUE}); with more than one, a last row gives the median rates and the median of the "
            + "pairs' ratios, since one pair on a shared machine can be off by a quarter.")
    int repeat = 1;

    @Option(names = "--quick", description = "A smoke run: 200 meters x 60 s, no warm-up.")
    boolean quick;

    @Option(names = "--forecasts-cost", description = "Also run the detection pipeline without forecasts and profile "
            + "clustering, and with forecasts only, in each pair, and give their rates over the rate without either.")
    boolean forecastsCost;

    @Option(names = "--nilm-cost", description = "Also run the detection pipeline without appliance disaggregation (NILM) in "
            + "each pair, and give the rate with it over the rate without. NILM cuts a window per meter every 32 minutes once "
            + "a meter has 256 minutes: give each meter hours of readings (e.g. --meters 200 --readings 20000000).")
    boolean nilmCost;

    @Option(names = "--bundle-cost", description = "Also run the detection pipeline with each reading run alone (no bundles, "
            + "--bundle-readings 0) in each pair, and give the rate with bundles over the rate without.")
    boolean bundleCost;

    @Option(names = "--value-cost", paramLabel = "BYTES", description = "Also run, in each pair, the reference with a value "
            + "of BYTES per meter (half random, with the meter state's time-to-live) instead of a count, and give the detection's "
            + "rate over it: how much of the gap to the reference one read and write of a value that size explains.")
    Integer valueBytes;

    @Option(names = "--bundle-readings", description = "Readings per bundle in the detection pipelines (as `run "
            + "--bundle-readings`; default: the pipeline's own, 200000).")
    Integer bundleReadings;

    @Option(names = "--bundle-wait", description = "Longest a bundle waits in the detection pipelines, e.g. 30s (as `run "
            + "--bundle-wait`; default: the pipeline's own, 5s).", converter = DurationConverter.class)
    java.time.Duration bundleWait;

    @Option(names = "--everything", description = "Also run every stage in each pair: the detection pipeline's defaults plus "
            + "outdoor temperature (synthetic, hourly), so the heat-pump models and the weather-aware forecasts run too, and give "
            + "its rate over the reference's.")
    boolean everything;

    @Override
    public Integer call() throws Exception {
        if (repeat < 1) {
            throw new IllegalArgumentException("--repeat must be at least 1 (pairs of runs), was " + repeat + ".");
        }
        // Checked as `run` checks them.
        if (bundleReadings != null) {
            IngestOptions.bundleReadings(bundleReadings);
        }
        if (bundleWait != null) {
            IngestOptions.positive(bundleWait, "--bundle-wait");
        }
        if (valueBytes != null) {
            BenchRunner.referenceOfBytes(valueBytes);
        }
        List<Integer> sizes = quick ? List.of(200) : meters;
        Path work = Files.createTempDirectory("wattflow-bench");
        System.out.printf("%d cores, %s %s, max heap %d MB%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
        if (!quick) {
            // Warm the JIT on both pipelines first, so the first measured run is not the slowest by construction.
            BenchRunner.run(BenchRunner.REFERENCE, "heap", 1000, 300, parallelism, work);
            BenchRunner.run(BenchRunner.DETECTION, "heap", 1000, 300, parallelism, work);
        }
        System.out.println("| meters | readings | pipeline | backend | wall s | readings/s | per core | vs reference | state B/meter | GC ms | latency p50/p99 ms | checkpoints: n, p50/max ms (longest: at s, MB written; p50 MB) |");
        System.out.println("| ---: | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (int m : sizes) {
            long secs = quick ? 60 : Math.max(2, readings / m);
            for (String backend : backends) {
                List<Double> referenceRates = new ArrayList<>();
                List<Double> detectionRates = new ArrayList<>();
                List<Double> ratios = new ArrayList<>();
                List<Double> withOverWithout = new ArrayList<>();
                List<Double> profilesOverWithout = new ArrayList<>();
                List<Double> nilmOverWithout = new ArrayList<>();
                List<Double> everythingOverReference = new ArrayList<>();
                List<Double> bundlesOverWithout = new ArrayList<>();
                List<Double> detectionOverValue = new ArrayList<>();
                for (int i = 0; i < repeat; i++) {
                    BenchRunner.Result reference = BenchRunner.run(BenchRunner.REFERENCE, backend, m, secs, parallelism, work, flinkSettings);
                    print(reference, reference);
                    BenchRunner.Result detection = measured(BenchRunner.DETECTION, backend, m, secs, work, reference);
                    referenceRates.add(reference.readingsPerSecond);
                    detectionRates.add(detection.readingsPerSecond);
                    ratios.add(detection.readingsPerSecond / reference.readingsPerSecond);
                    if (forecastsCost) {
                        BenchRunner.Result without = measured(BenchRunner.DETECTION_WITHOUT_FORECASTS, backend, m, secs, work, reference);
                        withOverWithout.add(detection.readingsPerSecond / without.readingsPerSecond);
                        BenchRunner.Result forecastsOnly = measured(BenchRunner.DETECTION_WITHOUT_PROFILES, backend, m, secs, work, reference);
                        profilesOverWithout.add(forecastsOnly.readingsPerSecond / without.readingsPerSecond);
                    }
                    if (nilmCost) {
                        nilmOverWithout.add(detectionOver(BenchRunner.DETECTION_WITHOUT_NILM, detection, backend, m, secs, work, reference));
                    }
                    if (bundleCost) {
                        bundlesOverWithout.add(detectionOver(BenchRunner.DETECTION_WITHOUT_BUNDLES, detection, backend, m, secs, work, reference));
                    }
                    if (valueBytes != null) {
                        detectionOverValue.add(detectionOver(BenchRunner.referenceOfBytes(valueBytes), detection, backend, m, secs, work, reference));
                    }
                    if (everything) {
                        BenchRunner.Result all = measured(BenchRunner.EVERYTHING, backend, m, secs, work, reference);
                        everythingOverReference.add(all.readingsPerSecond / reference.readingsPerSecond);
                    }
                }
                if (everything) {
                    ratioRow(m, "everything on (weather, heat pump) over the reference", everythingOverReference, backend);
                }
                if (bundleCost) {
                    ratioRow(m, "detection with bundles over without", bundlesOverWithout, backend);
                }
                if (valueBytes != null) {
                    ratioRow(m, "detection over the reference with a value of " + valueBytes + " bytes", detectionOverValue, backend);
                }
                if (nilmCost) {
                    ratioRow(m, "detection with NILM over without", nilmOverWithout, backend);
                }
                if (forecastsCost) {
                    ratioRow(m, "detection with forecasts and profiles over without", withOverWithout, backend);
                    ratioRow(m, "detection with forecasts, without profiles, over without either", profilesOverWithout, backend);
                }
                if (repeat > 1) {
                    System.out.printf("| %,d | | median of %d pairs: reference %,.0f, detection %,.0f readings/s | %s | | | | **%.2f** | | | | |%n",
                            m, repeat, median(referenceRates), median(detectionRates), backend, median(ratios));
                }
            }
            double ceiling = PlainJavaCeiling.run(m, Math.min(secs, 600));
            System.out.printf("| %,d | | plain Java, detection code without Flink (1 thread) | | | %,.0f | %,.0f | | | | | |%n", m, ceiling, ceiling);
        }
        return 0;
    }

    /** Runs one pipeline of a pair and prints its row against the pair's reference. */
    private BenchRunner.Result measured(String pipeline, String backend, int meters, long secs, Path work, BenchRunner.Result reference)
            throws Exception {
        BenchRunner.Result r = BenchRunner.run(pipeline, backend, meters, secs, parallelism, work, flinkSettings, bundleReadings, bundleWait);
        print(r, reference);
        return r;
    }

    /** Runs a variant of the detection pipeline in the pair and returns the detection's rate over the variant's. */
    private double detectionOver(String variant, BenchRunner.Result detection, String backend, int meters, long secs, Path work,
                                 BenchRunner.Result reference) throws Exception {
        return detection.readingsPerSecond / measured(variant, backend, meters, secs, work, reference).readingsPerSecond;
    }

    /** A row with the median of the pairs' ratios of one comparison, and each pair's. */
    private void ratioRow(int meters, String comparison, List<Double> ratios, String backend) {
        System.out.printf("| %,d | | %s: median of %d pairs %s | %s | | | | **%.2f** | | | | |%n",
                meters, comparison, repeat, twoDigits(ratios), backend, median(ratios));
    }

    private static String twoDigits(List<Double> ratios) {
        return ratios.stream().map(r -> String.format(java.util.Locale.ROOT, "%.2f", r)).collect(java.util.stream.Collectors.joining(", "));
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void print(BenchRunner.Result r, BenchRunner.Result reference) {
        System.out.printf("| %,d | %,d | %s | %s | %.1f | %,.0f | %,.0f | %.2f | %,.0f | %,d | %.0f / %.0f | %d, %.0f / %.0f%s |%n",
                r.meters, r.readings, r.pipeline, r.backend, r.seconds, r.readingsPerSecond, r.perCore(),
                r.readingsPerSecond / reference.readingsPerSecond, r.stateBytesPerMeter(), r.gcMillis, r.latencyP50Ms, r.latencyP99Ms,
                r.checkpoints, r.checkpointMedianMs, r.checkpointMaxMs,
                r.checkpointMaxAtSeconds < 0 ? "" : String.format(java.util.Locale.ROOT, " (%.0f s, %.0f MB; %.0f MB)",
                        r.checkpointMaxAtSeconds, r.checkpointMaxBytes / 1e6, r.checkpointMedianBytes / 1e6));
    }
}
