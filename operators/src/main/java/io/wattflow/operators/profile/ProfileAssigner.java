package io.wattflow.operators.profile;

import io.wattflow.record.DayProfile;
import io.wattflow.record.ProfileDay;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Assigns each meter-day's profile to its nearest centroid (DTW) and moves that centroid towards it:
 * mini-batch k-means with decay (rate 1/n of the centroid's assignments, never under
 * {@code minRate}, so old days fade). Runs at the job's parallelism, chained to the forecasts
 * operator that hands it the days (no exchange, no extra task): each task moves its own copy of the
 * centroids with its own meters' days. Every copy starts from the same configured centroids, counted
 * as {@value #PRIOR_ASSIGNMENTS} assignments each, so a task's first days nudge a centroid instead of
 * replacing it and the copies keep the same meaning (cluster c is the same routine on every task). The
 * copies are union operator state (k x (24 + 2) doubles per task: 1.2 KB at k = 6); a restore, at any
 * parallelism, starts every task from their merge (each centroid the count-weighted mean of the copies).
 */
public final class ProfileAssigner extends ProcessFunction<DayProfile, ProfileDay> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    /** The weight of the configured centroids, in assignments. */
    static final int PRIOR_ASSIGNMENTS = 20;

    private final ProfileCentroids initial;
    private final double minRate;
    private transient double[][] centroids;
    private transient long[] counts;
    /** Each entry a centroid of one task's copy: its index, its count, its values. */
    private transient ListState<double[]> copies;
    private transient Counter assigned;

    public ProfileAssigner(ProfileCentroids initial, double minRate) {
        this.initial = initial;
        this.minRate = minRate;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        copies = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("profile-centroid-copies", PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO));
        int k = initial.k();
        int length = initial.centroids[0].length;
        double[][] sums = new double[k][length];
        double[] weights = new double[k];
        int[] copiesOf = new int[k];
        double[][] only = new double[k][];  // a single copy is taken as it is, not through a weighted mean's rounding
        for (double[] entry : copies.get()) {
            int c = (int) entry[0];
            if (c >= k || entry.length != length + 2) {
                continue;  // a savepoint of another k or profile length: the configured centroids instead
            }
            only[c] = Arrays.copyOfRange(entry, 2, entry.length);
            for (int h = 0; h < length; h++) {
                sums[c][h] += entry[1] * entry[2 + h];
            }
            weights[c] += entry[1];
            copiesOf[c]++;
        }
        centroids = new double[k][];
        counts = new long[k];
        for (int c = 0; c < k; c++) {
            if (copiesOf[c] == 1) {
                centroids[c] = only[c];
                counts[c] = Math.round(weights[c]);
            } else if (weights[c] > 0) {
                centroids[c] = new double[length];
                for (int h = 0; h < length; h++) {
                    centroids[c][h] = sums[c][h] / weights[c];
                }
                counts[c] = Math.round(weights[c] / copiesOf[c]);
            } else {
                centroids[c] = initial.centroids[c].clone();
                counts[c] = PRIOR_ASSIGNMENTS;
            }
        }
    }

    /** This task's centroids now (for tests). */
    double[][] centroids() {
        return centroids;
    }

    @Override
    public void open(OpenContext openContext) {
        assigned = getRuntimeContext().getMetricGroup().addGroup("wattflow").counter("profile_days");
    }

    @Override
    public void processElement(DayProfile p, Context ctx, Collector<ProfileDay> out) {
        double[] nearest = new ProfileCentroids(initial.version, initial.window, centroids, null).nearest(p.shape);
        int c = (int) nearest[0];
        counts[c]++;
        double rate = Math.max(1.0 / counts[c], minRate);
        for (int h = 0; h < centroids[c].length; h++) {
            centroids[c][h] += rate * (p.shape[h] - centroids[c][h]);
        }
        ProfileDay d = new ProfileDay();
        d.meterId = p.meterId;
        d.day = LocalDate.ofEpochDay(p.day).toString();
        d.dayStartMs = p.dayStartMs;
        d.energyKwh = p.energyKwh;
        d.cluster = c;
        d.distance = nearest[1];
        d.centroidsVersion = initial.version;
        out.collect(d);
        assigned.inc();
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        List<double[]> entries = new ArrayList<>();
        for (int c = 0; c < centroids.length; c++) {
            double[] entry = new double[centroids[c].length + 2];
            entry[0] = c;
            entry[1] = counts[c];
            System.arraycopy(centroids[c], 0, entry, 2, centroids[c].length);
            entries.add(entry);
        }
        copies.update(entries);
    }
}
