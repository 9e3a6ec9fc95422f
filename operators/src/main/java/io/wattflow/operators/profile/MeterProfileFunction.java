package io.wattflow.operators.profile;

import io.wattflow.operators.DayRing;
import io.wattflow.operators.SilentMeterTtl;
import io.wattflow.record.MeterProfile;
import io.wattflow.record.ProfileDay;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * Per meter, the cluster of each of its last 35 days; when a local Sunday's day arrives, the week's
 * dominant cluster against the 4 weeks before ({@code meter_profiles}). State: 35 bytes and a day,
 * under 60 bytes per meter.
 */
public final class MeterProfileFunction extends KeyedProcessFunction<String, ProfileDay, MeterProfile> {
    private static final long serialVersionUID = 1L;
    static final int DAYS = 35;
    /** A week is reported with at least this many days assigned. */
    static final int MIN_DAYS = 3;
    static final double CLEAR = 0.5;

    private final Duration stateTtl;
    private transient ValueState<State> state;

    public MeterProfileFunction(Duration stateTtl) {
        this.stateTtl = stateTtl;
    }

    /** The clusters of the last {@link #DAYS} days (-1: none), by {@code day mod DAYS}. */
    public static class State {
        public byte[] clusters = new byte[DAYS];
        public long newestDay = Long.MIN_VALUE;

        public State() {
            Arrays.fill(clusters, (byte) -1);
        }
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<State> descriptor = new ValueStateDescriptor<>("meter-profile-days", State.class);
        descriptor.enableTimeToLive(SilentMeterTtl.of(stateTtl));
        state = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void processElement(ProfileDay d, Context ctx, Collector<MeterProfile> out) throws Exception {
        State s = state.value();
        if (s == null) {
            s = new State();
        }
        LocalDate date = LocalDate.parse(d.day);
        long day = date.toEpochDay();
        if (DayRing.tooOld(s.newestDay, day, DAYS)) {
            return;
        }
        byte[] clusters = s.clusters;
        s.newestDay = DayRing.advance(s.newestDay, day, DAYS, slot -> clusters[slot] = -1);
        s.clusters[DayRing.slot(day, DAYS)] = (byte) d.cluster;
        state.update(s);
        if (date.getDayOfWeek() == DayOfWeek.SUNDAY) {
            int[] week = dominant(s, day - 6, day);
            if (week[2] >= MIN_DAYS) {
                int[] before = dominant(s, day - 34, day - 7);
                MeterProfile p = new MeterProfile();
                p.meterId = d.meterId;
                p.weekStart = date.minusDays(6).toString();
                p.weekStartMs = d.dayStartMs - 6 * 86_400_000L;
                p.days = week[2];
                p.dominantCluster = week[0];
                p.share = week[1] / (double) week[2];
                p.previousCluster = before[2] >= 2 * MIN_DAYS ? before[0] : -1;
                p.previousShare = before[2] == 0 ? 0 : before[1] / (double) before[2];
                p.changed = p.previousCluster >= 0 && p.previousCluster != p.dominantCluster && p.share >= CLEAR && p.previousShare >= CLEAR;
                out.collect(p);
            }
        }
    }

    /** {dominant cluster, its days, days with a cluster} over {@code from..to}. */
    private static int[] dominant(State s, long from, long to) {
        int[] counts = new int[128];
        int days = 0;
        for (long x = Math.max(from, s.newestDay - DAYS + 1); x <= to; x++) {
            byte c = s.clusters[DayRing.slot(x, DAYS)];
            if (c >= 0) {
                counts[c]++;
                days++;
            }
        }
        int best = 0;
        for (int c = 1; c < counts.length; c++) {
            if (counts[c] > counts[best]) {
                best = c;
            }
        }
        return new int[] {best, counts[best], days};
    }
}
