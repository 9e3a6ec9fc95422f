package io.wattflow.jobs.cluster;

import io.wattflow.jobs.eval.forecast.HourlySeries;
import io.wattflow.operators.profile.ClusterQuality;
import io.wattflow.operators.profile.KMeans;
import io.wattflow.operators.profile.KMedoids;
import io.wattflow.operators.profile.ProfileCentroids;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Runs both clusterings on a set of meter-days and prints time, memory and quality side by side. */
public final class ProfileClusterReport {
    static final int SILHOUETTE_SAMPLE = 2_000;

    private ProfileClusterReport() {}

    /** Meter-days to cluster. */
    public static final class Input {
        final ProfileDays days;

        Input(ProfileDays days) {
            this.days = days;
        }

        public int size() {
            return days.size();
        }

        public Input bootstrap(int count, long seed) {
            return new Input(ProfileDays.bootstrap(days, count, seed));
        }
    }

    public static Input fromOutputs(Path output, ZoneId zone) throws Exception {
        return new Input(ProfileDays.fromOutputs(output, zone));
    }

    public static Input fromRecordings(List<HourlySeries> houses) {
        return new Input(ProfileDays.fromRecordings(houses));
    }

    public static void run(Input input, int k, int window, long seed, Path writeCentroids, PrintStream out) throws Exception {
        ProfileDays days = input.days;
        double[][] profiles = days.profiles();
        out.printf(Locale.ROOT, "%,d meter-days (%s), %d meters; k = %d, DTW band +-%d h, %d cores%n", profiles.length, days.source,
                days.meters.size(), k, window, Runtime.getRuntime().availableProcessors());
        out.println();
        out.println("| method | time s | peak heap MB | iterations | silhouette (DTW) | silhouette (Euclidean) | Davies-Bouldin | same cluster week to week | sizes |");
        out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        KMedoids.Result medoids = measure("k-medoids, DTW + LB_Keogh", () -> KMedoids.fit(profiles, k, window, seed), profiles, days, k, window, out);
        measure("k-means, Euclidean", () -> KMeans.fit(profiles, k, seed), profiles, days, k, 0, out);
        if (writeCentroids != null) {
            String version = LocalDate.now() + "-k" + k + "-w" + window;
            new ProfileCentroids(version, window, medoids.centroids(), String.format("%,d meter-days: %s", profiles.length, days.source))
                    .write(writeCentroids);
            out.println();
            out.println("Centroids " + version + " written to " + writeCentroids + " (for --profile-centroids).");
        }
    }

    private interface Fit {
        KMedoids.Result fit();
    }

    private static KMedoids.Result measure(String name, Fit fit, double[][] profiles, ProfileDays days, int k, int window, PrintStream out)
            throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        AtomicLong peak = new AtomicLong(memory.getHeapMemoryUsage().getUsed());
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "cluster-memory");
        watcher.setDaemon(true);
        watcher.start();
        long start = System.nanoTime();
        KMedoids.Result r = fit.fit();
        double seconds = (System.nanoTime() - start) / 1e9;
        watcher.interrupt();
        watcher.join();
        int[] sizes = new int[k];
        for (int l : r.labels()) {
            sizes[l]++;
        }
        out.printf(Locale.ROOT, "| %s | %.1f | %d | %d | %.3f | %.3f | %.2f | %.0f %% | %s |%n", name, seconds, peak.get() >> 20, r.iterations(),
                ClusterQuality.silhouette(profiles, r.labels(), k, Math.max(window, 1), SILHOUETTE_SAMPLE, 1),
                ClusterQuality.silhouette(profiles, r.labels(), k, 0, SILHOUETTE_SAMPLE, 1),
                ClusterQuality.daviesBouldin(r.centroids(), r.labels(), r.distances(), window),
                100 * weekToWeek(days, r.labels()), java.util.Arrays.toString(sizes));
        return r;
    }

    /** Of each meter's consecutive weeks (7 days from its epoch-day week), how often the dominant cluster stayed. */
    static double weekToWeek(ProfileDays days, int[] labels) {
        Map<Long, int[]> counts = new HashMap<>();  // (meter, week) -> cluster counts
        int k = 0;
        for (int l : labels) {
            k = Math.max(k, l + 1);
        }
        for (int i = 0; i < labels.length; i++) {
            long key = ((long) days.meterOf.get(i) << 32) | Math.floorDiv(days.days.get(i), 7);
            int[] c = counts.computeIfAbsent(key, x -> new int[64]);
            c[labels[i]]++;
        }
        int same = 0;
        int pairs = 0;
        for (Map.Entry<Long, int[]> e : counts.entrySet()) {
            int[] previous = counts.get(e.getKey() - 1);
            if (previous != null && (e.getKey() & 0xffffffffL) != 0) {
                pairs++;
                same += dominant(previous) == dominant(e.getValue()) ? 1 : 0;
            }
        }
        return pairs == 0 ? Double.NaN : same / (double) pairs;
    }

    private static int dominant(int[] counts) {
        int best = 0;
        for (int c = 1; c < counts.length; c++) {
            if (counts[c] > counts[best]) {
                best = c;
            }
        }
        return best;
    }
}
