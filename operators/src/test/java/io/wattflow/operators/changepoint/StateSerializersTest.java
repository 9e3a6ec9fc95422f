package io.wattflow.operators.changepoint;

import io.wattflow.operators.meter.MeterStreamState;
import io.wattflow.record.LoadEvent;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written serializers of the per-reading state: a meter whose detector and signature state
 * go through serialize/deserialize (as on RocksDB) or copy (as the heap backend does during a snapshot)
 * after every sample reports exactly the events of one that never left memory.
 */
class StateSerializersTest {
    private static final ExecutionConfig CONFIG = new ExecutionConfig();

    @ParameterizedTest
    @ValueSource(strings = {"edge", "cusum", "bocpd"})
    void aMeterWhoseStateIsWrittenAndReadAfterEverySampleReportsTheSameEvents(String name) throws Exception {
        for (boolean reactive : new boolean[] {false, true}) {
            for (boolean tenths : new boolean[] {false, true}) {
                List<LoadEvent> inMemory = run(name, reactive, tenths, UnaryOperator.identity(), UnaryOperator.identity());
                assertThat(inMemory).as("the series has switchings for " + name).hasSizeGreaterThan(5);
                List<LoadEvent> roundTrip = run(name, reactive, tenths, StateSerializersTest::roundTrip, StateSerializersTest::roundTrip);
                assertThat(roundTrip).usingRecursiveFieldByFieldElementComparator().isEqualTo(inMemory);
                List<LoadEvent> copied = run(name, reactive, tenths, StateSerializersTest::copy, StateSerializersTest::copy);
                assertThat(copied).usingRecursiveFieldByFieldElementComparator().isEqualTo(inMemory);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"edge", "cusum", "bocpd"})
    void everyFieldSurvivesTheRoundTripAfterEverySample(String name) {
        everyFieldSurvivesTheRoundTripAfterEverySample(name, false);
        everyFieldSurvivesTheRoundTripAfterEverySample(name, true);
    }

    private static void everyFieldSurvivesTheRoundTripAfterEverySample(String name, boolean tenths) {
        int[] sample = new int[1];
        run(name, true, tenths, detector -> {
            if (sample[0]++ % 10 != 0) {
                return detector; // every tenth sample is enough to meet every phase of a switching, and ten times faster
            }
            assertThat(held(roundTrip(detector))).usingRecursiveComparison().withComparatorForType(Double::compare, Double.class)
                    .withComparatorForType(Float::compare, Float.class).isEqualTo(held(detector));
            assertThat(copy(detector)).usingRecursiveComparison().withComparatorForType(Double::compare, Double.class)
                    .withComparatorForType(Float::compare, Float.class).isEqualTo(detector);
            return detector;
        }, signature -> {
            if (sample[0] % 10 != 1) {
                return signature;
            }
            // The pending change's fields are not written once it is finished: nothing reads them until the next one.
            // The samples' places are how the ring is written next, not what it holds: read back they are the
            // ring's places (or "no decimal" for a ring written as floats), and the ring is written the same.
            String[] dead = signature.pending ? new String[] {"places"}
                    : new String[] {"places", "pendingChangeMs", "pendingDetectedMs", "pendingScore", "pendingBeforeP", "pendingBeforeQ"};
            SignatureState back = roundTrip(signature);
            assertThat(back).usingRecursiveComparison().ignoringFields(dead)
                    .withComparatorForType(Float::compare, Float.class).isEqualTo(signature);
            assertThat(written(back)).isEqualTo(written(signature));
            assertThat(copy(signature)).usingRecursiveComparison().withComparatorForType(Float::compare, Float.class)
                    .isEqualTo(signature);
            return signature;
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"edge", "cusum", "bocpd"})
    void theFlinkTypeOfEachStateIsItsHandWrittenSerializer(String name) {
        Class<?> state = ChangeDetectors.create(name, 30).stateClass();
        TypeSerializer<?> serializer = TypeInformation.of(state).createSerializer(CONFIG.getSerializerConfig());
        assertThat(serializer.getClass().getSimpleName()).isEqualTo(state.getSimpleName() + "Serializer");
        assertThat(TypeInformation.of(SignatureState.class).createSerializer(CONFIG.getSerializerConfig()))
                .isInstanceOf(SignatureStateSerializer.class);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aFullSignatureRingIsSmall(boolean reactive) throws Exception {
        assertThat(writtenRing(reactive, 0, false)).as("whole seconds: one step").isLessThanOrEqualTo(reactive ? 285 : 155);
        assertThat(writtenRing(reactive, 40, false)).as("jittered: a short per step").isLessThanOrEqualTo(reactive ? 345 : 215);
        // Active powers as meters send them (whole tenths here): a byte or two each, by their digits (reactive ones stay floats).
        assertThat(writtenRing(reactive, 0, true)).as("whole seconds, tenths of a watt").isLessThanOrEqualTo(reactive ? 195 : 85);
        assertThat(writtenRing(reactive, 40, true)).as("jittered, tenths of a watt").isLessThanOrEqualTo(reactive ? 255 : 145);
    }

    private static int writtenRing(boolean reactive, int jitterMs, boolean tenths) throws Exception {
        SignatureState s = new SignatureState();
        Random jitter = new Random(3);
        Random noise = new Random(4);
        for (int i = 0; i < 100; i++) {
            double p = 100 + i + noise.nextGaussian() * 3;
            double q = 20 + noise.nextGaussian();
            if (tenths) {
                p = Math.round(p * 10) / 10.0;
                q = Math.round(q * 10) / 10.0;
            }
            s.add(1_700_000_000_000L + i * 1000L + (jitterMs > 0 ? jitter.nextInt(jitterMs) : 0), p, reactive ? (Double) q : null);
        }
        s.lastChangeMs = 1_700_000_000_000L + 61_000;
        DataOutputSerializer out = new DataOutputSerializer(512);
        SignatureStateSerializer.INSTANCE.serialize(s, out);
        SignatureState back = SignatureStateSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back).usingRecursiveComparison().ignoringFields("places").withComparatorForType(Float::compare, Float.class).isEqualTo(s);
        assertThat(written(back)).isEqualTo(out.getCopyOfBuffer());
        return out.length();
    }

    @Test
    void aRingWrittenBeforeTheStepFlagsReadsAsItWasWritten() throws Exception {
        DataOutputSerializer old = new DataOutputSerializer(64);
        old.writeByte(0); // no flags: not pending, no reactive power, steps as ints
        old.writeByte(3); // next slot
        old.writeByte(3); // samples held
        old.writeLong(10_000); // newest
        old.writeInt(1_500); // 10,000 - 8,500
        old.writeInt(70_000); // 8,500 - (-61,500): too long for a short
        for (float p : new float[] {10, 20, 30}) {
            old.writeFloat(p);
        }
        old.writeLong(-61_500); // the last change
        DataOutputSerializer framed = new DataOutputSerializer(64);
        framed.writeInt(old.length());
        framed.write(old.getSharedBuffer(), 0, old.length());
        SignatureState back = SignatureStateSerializer.INSTANCE.deserialize(new DataInputDeserializer(framed.getCopyOfBuffer()));
        assertThat(Arrays.copyOf(back.times, 3)).containsExactly(-61_500, 8_500, 10_000);
        assertThat(Arrays.copyOf(back.active, 3)).containsExactly(10, 20, 30);
        assertThat(back.reactive[0]).isNaN();
        assertThat(back.lastChangeMs).isEqualTo(-61_500);
        assertThat(back.pending).isFalse();
    }

    @Test
    void aCusumValueWrittenWithItsRunSumsReadsAsItWasWrittenAndIsWrittenSmaller() throws Exception {
        DataOutputSerializer old = new DataOutputSerializer(128);
        old.writeByte(1); // initialised; no filter, nothing held, and the runs' sums and counts present (until session 26)
        old.writeDouble(412.5); // level
        old.writeByte(7); // level count
        old.writeDouble(3.5); // upper sum
        old.writeDouble(0); // lower sum
        old.writeLong(9_000); // upper run's start
        old.writeDouble(1_650.0); // its sum of readings, never read since session 25
        old.writeByte(4); // and their count
        old.writeLong(10_000); // lower run's start
        old.writeDouble(412.0);
        old.writeByte(1);
        old.writeByte(2); // hold-off
        DataOutputSerializer framed = new DataOutputSerializer(128);
        framed.writeInt(old.length());
        framed.write(old.getSharedBuffer(), 0, old.length());
        CusumState back = CusumStateSerializer.INSTANCE.deserialize(new DataInputDeserializer(framed.getCopyOfBuffer()));
        assertThat(back.initialised).isTrue();
        assertThat(back.level).isEqualTo(412.5);
        assertThat(back.levelCount).isEqualTo(7);
        assertThat(back.upper).isEqualTo(3.5);
        assertThat(back.upperStartMs).isEqualTo(9_000);
        assertThat(back.lowerStartMs).isEqualTo(10_000);
        assertThat(back.holdOff).isEqualTo(2);
        assertThat(back.observations).isNull();
        assertThat(back.pending).isNull();

        DataOutputSerializer now = new DataOutputSerializer(128);
        CusumStateSerializer.INSTANCE.serialize(back, now);
        assertThat(now.length()).as("without the two runs' sums and counts").isEqualTo(framed.length() - 2 * (8 + 1));
        assertThat(CusumStateSerializer.INSTANCE.deserialize(new DataInputDeserializer(now.getCopyOfBuffer())))
                .usingRecursiveComparison().isEqualTo(back);
    }

    @Test
    void distancesTooLongForAnIntSurvive() throws Exception {
        SignatureState s = new SignatureState();
        long t = 1_700_000_000_000L;
        for (long step : new long[] {1_000, 40L * 86_400_000, 1_000, Long.MAX_VALUE / 4}) {
            t += step; // a month-long outage, then a reading from far in the future
            s.add(t, 100, null);
        }
        SignatureState back = roundTrip(s);
        assertThat(back.times).isEqualTo(s.times);

        MeterStreamState m = new MeterStreamState();
        m.outOfOrder = new long[] {-5_000, 1_700_000_000_000L, 1_000, Long.MAX_VALUE - 1};
        assertThat(roundTrip(m)).usingRecursiveComparison().isEqualTo(m);
    }

    private static <S> List<LoadEvent> run(String name, boolean reactive, UnaryOperator<Object> detectorPass,
                                           UnaryOperator<SignatureState> signaturePass) {
        return run(name, reactive, false, detectorPass, signaturePass);
    }

    /** @param tenths powers as a meter sends them, whole tenths of a watt (written by their digits), instead of full-precision noise */
    @SuppressWarnings("unchecked")
    private static <S> List<LoadEvent> run(String name, boolean reactive, boolean tenths, UnaryOperator<Object> detectorPass,
                                           UnaryOperator<SignatureState> signaturePass) {
        ChangepointPipeline<S> pipeline = (ChangepointPipeline<S>) ChangeDetectors.pipeline(name, 30);
        S detector = pipeline.detector().newState();
        SignatureState signature = new SignatureState();
        Random noise = new Random(7);
        Random jitter = new Random(11);
        List<LoadEvent> events = new ArrayList<>();
        int[] refused = new int[1];
        double load = 80;
        for (int s = 0; s < 3_000; s++) {
            if (s % 250 == 100) {
                load += 1_200;
            } else if (s % 250 == 200) {
                load -= 1_200;
            }
            double p = load + noise.nextGaussian() * 4;
            if (tenths) {
                p = Double.parseDouble(String.format(java.util.Locale.ROOT, "%.1f", p));
            }
            // Whole seconds for the first half (the ring's steps written once), then jittered (a short per step).
            long t = 1_700_000_000_000L + s * 1000L + (s < 1_500 ? 0 : jitter.nextInt(300));
            LoadEvent e = pipeline.process(detector, signature, "m", t, p,
                    reactive ? (Double) (p * 0.3) : null, refused);
            if (e != null) {
                events.add(e);
            }
            detector = (S) detectorPass.apply(detector);
            signature = signaturePass.apply(signature);
        }
        return events;
    }

    /** BOCPD's arrays have room beyond the runs held, whose contents mean nothing and are not written. */
    private static Object held(Object detector) {
        if (!(detector instanceof BocpdState)) {
            return detector;
        }
        BocpdState s = BocpdStateSerializer.INSTANCE.copy((BocpdState) detector);
        s.start = Arrays.copyOf(s.start, s.size);
        s.logProb = Arrays.copyOf(s.logProb, s.size);
        s.mean = Arrays.copyOf(s.mean, s.size);
        s.kappa = Arrays.copyOf(s.kappa, s.size);
        s.alpha = Arrays.copyOf(s.alpha, s.size);
        s.beta = Arrays.copyOf(s.beta, s.size);
        s.logGammaRatio = Arrays.copyOf(s.logGammaRatio, s.size);
        return s;
    }

    private static byte[] written(SignatureState s) {
        try {
            DataOutputSerializer out = new DataOutputSerializer(256);
            SignatureStateSerializer.INSTANCE.serialize(s, out);
            return out.getCopyOfBuffer();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) {
        TypeSerializer<T> serializer = (TypeSerializer<T>) TypeInformation.of(value.getClass()).createSerializer(CONFIG.getSerializerConfig());
        try {
            DataOutputSerializer out = new DataOutputSerializer(256);
            serializer.serialize(value, out);
            return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T copy(T value) {
        TypeSerializer<T> serializer = (TypeSerializer<T>) TypeInformation.of(value.getClass()).createSerializer(CONFIG.getSerializerConfig());
        return serializer.copy(value);
    }
}
