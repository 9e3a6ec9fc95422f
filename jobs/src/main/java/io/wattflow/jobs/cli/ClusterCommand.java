package io.wattflow.jobs.cli;

import io.wattflow.jobs.eval.forecast.ForecastEvaluation;
import io.wattflow.jobs.cluster.ProfileClusterReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.concurrent.Callable;

/** Daily load-profile clustering in batch: k-medoids under DTW against k-means on Euclidean distance. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Cluster daily load profiles (k-medoids with DTW and LB_Keogh, against k-means) from a job's outputs or the recordings.")
public final class ClusterCommand implements Callable<Integer> {
    @Option(names = "--output", description = "A job's Parquet output folder: its 15-min intervals' complete days.")
    Path output;

    @Option(names = "--recordings", description = "Instead: the complete days of the real recordings in ../shared/datasets.")
    boolean recordings;

    @Option(names = "--bootstrap", description = "Resample this many meter-days from the loaded ones (a large set for timing).")
    Integer bootstrap;

    @Option(names = "--k", description = "Number of clusters (default: ${DEFAULT-VALUE}).")
    int k = 6;

    @Option(names = "--window", description = "DTW band, hours either side (default: ${DEFAULT-VALUE}).")
    int window = 1;

    @Option(names = "--seed", description = "Random seed of the seeding and sampling (default: ${DEFAULT-VALUE}).")
    long seed = 7;

    @Option(names = "--timezone", description = "Local zone of the days, for --output (default: ${DEFAULT-VALUE}).")
    ZoneId zone = ZoneId.of("UTC");

    @Option(names = "--write-centroids", description = "Write the DTW medoids as centroids for the stream (--profile-centroids).")
    Path writeCentroids;

    @Override
    public Integer call() throws Exception {
        if ((output == null) == !recordings) {
            throw new IllegalArgumentException("Give either --output FOLDER (a job's outputs) or --recordings.");
        }
        if (k < 2 || k > 64 || window < 0 || window > 12) {
            throw new IllegalArgumentException("--k must be 2 to 64 and --window 0 to 12 hours.");
        }
        ProfileClusterReport.Input input = output != null ? ProfileClusterReport.fromOutputs(output, zone)
                : ProfileClusterReport.fromRecordings(ForecastEvaluation.recordings());
        if (bootstrap != null) {
            input = input.bootstrap(bootstrap, seed);
        }
        if (input.size() < k * 5) {
            throw new IllegalArgumentException("Only " + input.size() + " complete meter-days: too few for " + k + " clusters.");
        }
        ProfileClusterReport.run(input, k, window, seed, writeCentroids, System.out);
        return 0;
    }
}
