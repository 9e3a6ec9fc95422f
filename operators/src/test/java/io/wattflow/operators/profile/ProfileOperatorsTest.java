package io.wattflow.operators.profile;

import io.wattflow.operators.testing.Harnesses;
import io.wattflow.record.DayProfile;
import io.wattflow.record.MeterProfile;
import io.wattflow.record.ProfileDay;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ProfileOperatorsTest {
    static final long MONDAY = LocalDate.parse("2024-01-15").toEpochDay();

    static ProfileCentroids twoRoutines() {
        return new ProfileCentroids("test-1", 1, new double[][] {ProfileClusteringTest.peakAt(7, 0.3), ProfileClusteringTest.peakAt(19, 0.3)}, null);
    }

    static OneInputStreamOperatorTestHarness<DayProfile, ProfileDay> assigner(OperatorSubtaskState restore) throws Exception {
        return assigner(restore, 1, 0);
    }

    static OneInputStreamOperatorTestHarness<DayProfile, ProfileDay> assigner(OperatorSubtaskState restore, int parallelism, int subtask)
            throws Exception {
        var h = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new ProfileAssigner(twoRoutines(), 0.01)), 128,
                parallelism, subtask);
        h.setup();
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }

    static List<DayProfile> days(int count) {
        List<DayProfile> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int hour = i % 2 == 0 ? 7 : 20;  // the evening meters run an hour later than the centroid
            out.add(new DayProfile("m" + (i % 2), MONDAY + i / 2, 0, 10, ProfileClusteringTest.peakAt(hour, 0.4)));
        }
        return out;
    }

    @Test
    void daysGoToTheNearestCentroidWhichLearnsFromThemAndSurvivesARestore() throws Exception {
        List<DayProfile> all = days(40);
        var uninterrupted = assigner(null);
        for (DayProfile d : all) {
            uninterrupted.processElement(new StreamRecord<>(d));
        }
        List<ProfileDay> expected = values(uninterrupted);
        assertThat(expected).extracting(d -> d.cluster).containsOnly(0, 1);
        assertThat(expected.get(1).cluster).isEqualTo(1);
        assertThat(expected.get(1).day).isEqualTo("2024-01-15");
        assertThat(expected.get(1).centroidsVersion).isEqualTo("test-1");
        // The evening centroid moves towards 20 h, by less than a replacement: the configured centroid weighs 20 days.
        double[] evening = centroidsOf(uninterrupted)[1];
        assertThat(evening[20]).isGreaterThan(twoRoutines().centroids[1][20] + 0.05).isLessThan(0.4);

        var first = assigner(null);
        for (DayProfile d : all.subList(0, 23)) {
            first.processElement(new StreamRecord<>(d));
        }
        OperatorSubtaskState snapshot = first.snapshot(1, 1);
        List<ProfileDay> actual = new ArrayList<>(values(first));
        first.close();
        var restored = assigner(snapshot);
        for (DayProfile d : all.subList(23, all.size())) {
            restored.processElement(new StreamRecord<>(d));
        }
        actual.addAll(values(restored));
        assertThat(actual.stream().map(d -> d.toString()).collect(Collectors.toList()))
                .isEqualTo(expected.stream().map(d -> d.toString()).collect(Collectors.toList()));
    }

    @Test
    void eachTaskMovesItsOwnCopyAndARestoreAtAnotherParallelismStartsFromTheirMerge() throws Exception {
        var morning = assigner(null, 2, 0);
        var evening = assigner(null, 2, 1);
        for (DayProfile d : days(40)) {
            (d.meterId.equals("m0") ? morning : evening).processElement(new StreamRecord<>(d));
        }
        double[][] a = centroidsOf(morning);
        double[][] b = centroidsOf(evening);
        // Only the evening task saw evening days: only its evening centroid moved (towards 20 h).
        assertThat(a[1]).isEqualTo(twoRoutines().centroids[1]);
        assertThat(b[1][20]).isGreaterThan(twoRoutines().centroids[1][20]);
        // Each day still went to the same cluster as on one task: the copies keep their meaning.
        assertThat(morning.extractOutputValues()).extracting(d -> d.cluster).containsOnly(0);
        assertThat(evening.extractOutputValues()).extracting(d -> d.cluster).containsOnly(1);

        OperatorSubtaskState merged = AbstractStreamOperatorTestHarness.repackageState(morning.snapshot(1, 1), evening.snapshot(1, 1));
        var one = assigner(AbstractStreamOperatorTestHarness.repackageState(merged), 1, 0);
        double[][] m = centroidsOf(one);
        // The evening centroid: the count-weighted mean of the unmoved copy (20 assignments) and the moved one (20 + 20).
        for (int h = 0; h < 24; h++) {
            assertThat(m[1][h]).isCloseTo((20 * a[1][h] + 40 * b[1][h]) / 60, org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    @Test
    void aWeekWhoseRoutineDiffersFromTheMonthBeforeIsAChange() throws Exception {
        var h = Harnesses.keyed(new MeterProfileFunction(Duration.ofDays(40)), (ProfileDay d) -> d.meterId, null);
        for (int i = 0; i < 42; i++) {
            ProfileDay d = new ProfileDay();
            d.meterId = "m";
            d.day = LocalDate.ofEpochDay(MONDAY + i).toString();
            d.dayStartMs = (MONDAY + i) * 86_400_000L;
            d.cluster = i < 35 ? 1 : 4;  // from the 6th week on, another routine
            h.processElement(new StreamRecord<>(d, d.dayStartMs));
        }
        List<MeterProfile> weeks = Harnesses.records(h);
        assertThat(weeks).hasSize(6);
        assertThat(weeks.get(0).previousCluster).as("no month before yet").isEqualTo(-1);
        assertThat(weeks.subList(0, 5)).allMatch(w -> w.dominantCluster == 1 && !w.changed);
        MeterProfile last = weeks.get(5);
        assertThat(last.weekStart).isEqualTo("2024-02-19");
        assertThat(last.dominantCluster).isEqualTo(4);
        assertThat(last.share).isEqualTo(1.0);
        assertThat(last.previousCluster).isEqualTo(1);
        assertThat(last.changed).isTrue();

        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        var restored = Harnesses.keyed(new MeterProfileFunction(Duration.ofDays(40)), (ProfileDay d) -> d.meterId, snapshot);
        assertThat(restored.numKeyedStateEntries()).isEqualTo(1);
        DataOutputSerializer bytes = new DataOutputSerializer(128);
        TypeInformation.of(MeterProfileFunction.State.class).createSerializer(new ExecutionConfig().getSerializerConfig())
                .serialize(new MeterProfileFunction.State(), bytes);
        assertThat(bytes.length()).isLessThan(60);
    }

    private static double[][] centroidsOf(OneInputStreamOperatorTestHarness<DayProfile, ProfileDay> h) {
        return ((ProfileAssigner) ((ProcessOperator<?, ?>) h.getOneInputOperator()).getUserFunction()).centroids();
    }

    private static List<ProfileDay> values(OneInputStreamOperatorTestHarness<DayProfile, ProfileDay> h) {
        return h.extractOutputValues();
    }
}
