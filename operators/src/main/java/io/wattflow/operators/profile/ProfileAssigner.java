package io.wattflow.operators.profile;

import io.wattflow.record.DayProfile;
import io.wattflow.record.ProfileDay;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Assigns each meter-day's profile to its nearest centroid (DTW) and moves that centroid towards it:
 * mini-batch k-means with decay (rate 1/n of the centroid's assignments, never under
 * {@code minRate}, so old days fade). Runs with parallelism 1 so every meter is judged against the
 * same centroids: one record per meter and day is 12 a second at a million meters. The centroids and
 * their counts are operator state (k x 24 doubles and k longs: 1.2 KB at k = 6), in savepoints.
 */
public final class ProfileAssigner extends ProcessFunction<DayProfile, ProfileDay> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private final ProfileCentroids initial;
    private final double minRate;
    private transient double[][] centroids;
    private transient long[] counts;
    private transient ListState<double[]> centroidState;
    private transient ListState<Long> countState;
    private transient Counter assigned;

    public ProfileAssigner(ProfileCentroids initial, double minRate) {
        this.initial = initial;
        this.minRate = minRate;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        centroidState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("profile-centroids", PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO));
        countState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("profile-centroid-counts", Types.LONG));
        List<double[]> restored = new ArrayList<>();
        centroidState.get().forEach(restored::add);
        if (context.isRestored() && restored.size() == initial.k()) {
            centroids = restored.toArray(new double[0][]);
            counts = new long[centroids.length];
            int i = 0;
            for (Long c : countState.get()) {
                counts[i++] = c;
            }
        } else {
            // First start, or a savepoint of another k: start from the configured centroids.
            centroids = new double[initial.k()][];
            for (int c = 0; c < initial.k(); c++) {
                centroids[c] = initial.centroids[c].clone();
            }
            counts = new long[initial.k()];
        }
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
        List<double[]> copy = new ArrayList<>();
        List<Long> n = new ArrayList<>();
        for (int c = 0; c < centroids.length; c++) {
            copy.add(centroids[c].clone());
            n.add(counts[c]);
        }
        centroidState.update(copy);
        countState.update(n);
    }
}
