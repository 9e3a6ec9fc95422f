package io.wattflow.operators.recognition;

import io.wattflow.record.ApplianceEstimates;
import io.wattflow.record.ApplianceRun;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NilmRunNamingTest {
    static final long MIN = 60_000L;
    static final List<String> APPLIANCES = List.of("kettle", "microwave", "dishwasher", "washing_machine");
    /** Minutes since the epoch of the first estimated minute. */
    static final int M0 = 29_000_000;
    static final NilmRunNaming NAMING = new NilmRunNaming(APPLIANCES, "nilm-appliances", MIN, 150 * MIN, 8 * 60 * MIN);

    /** {@code minutes} minutes from {@code first}, all appliances 0 except {@code appliance} at {@code watts} over [on, off). */
    static float[][] series(int minutes) {
        return new float[APPLIANCES.size()][minutes];
    }

    static void on(float[][] s, int appliance, int from, int to, float watts) {
        Arrays.fill(s[appliance], from, to, watts);
    }

    static ApplianceEstimates block(float[][] s, int from, int to) {
        int n = to - from;
        ApplianceEstimates e = new ApplianceEstimates();
        e.meterId = "home";
        e.firstMinuteMs = (M0 + (long) from) * MIN;
        e.minutes = n;
        e.watts = new float[APPLIANCES.size() * n];
        for (int a = 0; a < APPLIANCES.size(); a++) {
            System.arraycopy(s[a], from, e.watts, a * n, n);
        }
        e.model = "nilm-appliances";
        e.modelVersion = "1.0.0";
        return e;
    }

    static ApplianceRun run(int minute, double stepW) {
        ApplianceRun r = new ApplianceRun();
        r.meterId = "home";
        r.startMs = (M0 + (long) minute) * MIN + 20_000;  // within the minute
        r.endMs = r.startMs + 3 * MIN;
        r.durationMs = 3 * MIN;
        r.onDeltaW = stepW;
        r.offDeltaW = -stepW;
        r.meanPowerW = stepW;
        return r;
    }

    @Test
    void aRunIsTheApplianceWhoseEstimateRoseByHalfItsStepAtItsStart() {
        float[][] s = series(64);
        on(s, 0, 10, 13, 2_800);  // kettle
        on(s, 1, 40, 42, 1_000);  // microwave
        NilmEvidence e = new NilmEvidence();
        NAMING.add(e, block(s, 0, 64));
        RunClassifier.Naming kettle = NAMING.name(e, run(10, 2_900));
        assertThat(kettle.appliance()).isEqualTo("kettle");
        assertThat(kettle.confidence()).isEqualTo(2_800 / 2_900.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(kettle.by()).isEqualTo("nilm-appliances 1.0.0");
        assertThat(NAMING.name(e, run(40, 1_100)).appliance()).isEqualTo("microwave");
        assertThat(NAMING.name(e, run(40, 2_500))).as("explains less than half the step").isNull();
        assertThat(NAMING.name(e, run(25, 500))).as("nothing rose then").isNull();
        assertThat(NAMING.covers(e, run(25, 500))).isTrue();
        assertThat(NAMING.covers(e, run(70, 500))).isFalse();
    }

    @Test
    void windowsGiveTheSameRisesInOneBlockOrInManyEvenWhereARiseSpansTwo() {
        float[][] s = series(96);
        on(s, 0, 31, 33, 2_500);  // the ON minute is a block's last
        on(s, 2, 62, 90, 1_900);  // a block's second last
        on(s, 3, 1, 5, 300);
        NilmEvidence whole = new NilmEvidence();
        NAMING.add(whole, block(s, 0, 96));
        NilmEvidence blocks = new NilmEvidence();
        for (int b = 0; b < 96; b += 32) {
            NAMING.add(blocks, block(s, b, b + 32));
        }
        // The last block's last two minutes wait for the next block in both.
        assertThat(blocks.riseCount).isEqualTo(whole.riseCount).isPositive();
        assertThat(Arrays.copyOf(blocks.riseMinute, blocks.riseCount)).containsExactly(Arrays.copyOf(whole.riseMinute, whole.riseCount));
        assertThat(Arrays.copyOf(blocks.riseAppliance, blocks.riseCount)).containsExactly(Arrays.copyOf(whole.riseAppliance, whole.riseCount));
        assertThat(Arrays.copyOf(blocks.riseW, blocks.riseCount)).containsExactly(Arrays.copyOf(whole.riseW, whole.riseCount));
        assertThat(NAMING.name(blocks, run(31, 2_600)).appliance()).isEqualTo("kettle");
        assertThat(NAMING.name(blocks, run(62, 2_000)).appliance()).isEqualTo("dishwasher");
        assertThat(blocks.estimatedFrom).containsExactly(M0);
        assertThat(blocks.estimatedTo).containsExactly(M0 + 96);
    }

    @Test
    void minutesNobodyEstimatedCountZeroAndAreNotCovered() {
        float[][] s = series(100);
        on(s, 0, 0, 100, 2_000);  // on all along: no rise inside a stretch
        NilmEvidence e = new NilmEvidence();
        NAMING.add(e, block(s, 0, 32));
        NAMING.add(e, block(s, 64, 96));  // a window skipped between
        assertThat(NAMING.covers(e, run(40, 2_000))).isFalse();
        assertThat(NAMING.covers(e, run(64, 2_000))).isTrue();
        assertThat(NAMING.name(e, run(64, 2_000)).appliance()).as("from nothing estimated to 2 kW").isEqualTo("kettle");
        assertThat(NAMING.name(e, run(20, 2_000))).isNull();
        assertThat(e.estimatedFrom).containsExactly(M0, M0 + 64);
    }

    @Test
    void aRunAtTheNewestMinutesIsJudgedWithWhatHasCome() {
        float[][] s = series(32);
        on(s, 1, 30, 32, 900);
        NilmEvidence e = new NilmEvidence();
        NAMING.add(e, block(s, 0, 32));
        assertThat(NAMING.name(e, run(30, 1_000)).appliance()).isEqualTo("microwave");
    }

    @Test
    void theEvidenceStaysBoundedAndForgetsWhatNoRunCanStillNeed() {
        // Dense: four activations a block, more rises than the cap within the hours kept.
        NilmEvidence dense = new NilmEvidence();
        // Sparse: one kettle every four blocks, fewer than the cap: the hours kept bound it.
        NilmEvidence sparse = new NilmEvidence();
        int blocks = 500;
        for (int b = 0; b < blocks; b++) {
            float[][] s = series(32 * (b + 1));
            for (int k = 0; k < 4; k++) {
                on(s, k, 32 * b + 8 * k + 2, 32 * b + 8 * k + 5, 2_000);
            }
            NAMING.add(dense, block(s, 32 * b, 32 * b + 32));
            float[][] k = series(32 * (b + 1));
            if (b % 4 == 0) {
                on(k, 0, 32 * b + 10, 32 * b + 13, 2_500);
            }
            NAMING.add(sparse, block(k, 32 * b, 32 * b + 32));
        }
        assertThat(dense.riseCount).as("the cap drops the oldest quarter at once").isGreaterThanOrEqualTo(NilmEvidence.RISES * 3 / 4)
                .isLessThanOrEqualTo(NilmEvidence.RISES);
        assertThat(dense.riseMinute.length).isEqualTo(NilmEvidence.RISES);
        int newestBlock = M0 + 32 * (blocks - 1);
        assertThat(sparse.riseMinute[0]).isGreaterThanOrEqualTo(newestBlock - 8 * 60);
        assertThat(sparse.riseCount).isLessThan(NilmEvidence.RISES / 4);
        assertThat(NAMING.name(sparse, run(32 * (blocks - 4) + 10, 2_600)).appliance()).isEqualTo("kettle");
        assertThat(sparse.estimatedFrom).hasSize(1);
    }

    @Test
    void aRunIsNamedOnlyOnceTheWindowEstimatingItsStartAndTheTwoMinutesAfterHasCome() {
        var spec = io.wattflow.operators.nilm.NilmModelSpec.of(io.wattflow.models.ModelFiles.load(
                io.wattflow.models.ModelSource.classpath(), "nilm-appliances").manifest);
        NilmRunNaming naming = NilmRunNaming.of(spec, java.time.Duration.ofHours(6));
        long stride = spec.stride * spec.periodMs;
        for (int k = 0; k < 2 * spec.stride; k++) {
            long startMs = (M0 + (long) k) * MIN + 20_000;
            long needed = (M0 + (long) k + 2) * MIN;  // the start of the last minute the rule reads
            // Windows end at multiples of the stride; the one ending at E estimates [E - window + offset, + estimates).
            long end = Math.floorDiv(needed, stride) * stride;
            while (!(needed >= end - (spec.window - spec.offset) * spec.periodMs
                    && needed < end - (spec.window - spec.offset - spec.estimates) * spec.periodMs)) {
                end += stride;
            }
            assertThat(naming.readyAtMs(startMs)).as("start minute %d", k).isGreaterThanOrEqualTo(end + spec.periodMs)
                    .isLessThan(end + stride + 3 * spec.periodMs);
        }
    }

    static int serializedBytes(NilmEvidence e) throws java.io.IOException {
        var serializer = org.apache.flink.api.common.typeinfo.TypeInformation.of(NilmEvidence.class)
                .createSerializer(new org.apache.flink.api.common.ExecutionConfig().getSerializerConfig());
        assertThat(serializer).as("a POJO, not Kryo").isInstanceOf(org.apache.flink.api.java.typeutils.runtime.PojoSerializer.class);
        var out = new org.apache.flink.core.memory.DataOutputSerializer(4096);
        serializer.serialize(e, out);
        return out.length();
    }

    @Test
    void aMetersEvidenceIsAFewHundredBytesAndAtMostAbout2Point5KB() throws Exception {
        // A day of a household: a kettle four times, a microwave twice, a dishwasher once.
        NilmEvidence day = new NilmEvidence();
        float[][] s = series(24 * 60);
        for (int k : new int[] {420, 600, 900, 1200}) {
            on(s, 0, k, k + 3, 2_800);
        }
        on(s, 1, 740, 742, 1_000);
        on(s, 1, 1100, 1104, 900);
        on(s, 2, 1230, 1290, 2_000);
        for (int b = 0; b < 24 * 60; b += 32) {
            NAMING.add(day, block(s, b, b + 32));
        }
        NilmEvidence full = new NilmEvidence();
        for (int b = 0; b < 100; b++) {
            float[][] d = series(32 * (b + 1));
            for (int k = 0; k < 4; k++) {
                on(d, k, 32 * b + 8 * k + 2, 32 * b + 8 * k + 5, 2_000);
            }
            NAMING.add(full, block(d, 32 * b, 32 * b + 32));
        }
        int typical = serializedBytes(day);
        int most = serializedBytes(full);
        System.out.println("NilmEvidence: a day of a household " + typical + " B (" + day.riseCount + " rises), at the cap " + most + " B");
        assertThat(typical).isLessThan(500);
        assertThat(most).isLessThan(2_600);
    }
}
