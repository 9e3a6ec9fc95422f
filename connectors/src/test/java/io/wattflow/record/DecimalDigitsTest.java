package io.wattflow.record;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Powers written by their decimal digits come back with the same bits, and only such powers are written so. */
class DecimalDigitsTest {

    @Test
    void powersAsMetersSendThemComeBackBitForBitFromTheirDigits() throws IOException {
        SplittableRandom rng = new SplittableRandom(5);
        for (int places = 0; places <= DecimalDigits.MAX_PLACES; places++) {
            for (int i = 0; i < 20_000; i++) {
                long digits = rng.nextLong(-50_000_000L, 50_000_000L);
                // as a decoder makes it: the text's nearest double (and, in the signature ring, its float)
                double parsed = Double.parseDouble(java.math.BigDecimal.valueOf(digits, places).toPlainString());
                assertThat(DecimalDigits.places(parsed, 0)).isBetween(0, places);
                assertThat(roundTrip(parsed)).isEqualTo(parsed);
                float f = (float) parsed;
                int p = DecimalDigits.places(f, 0);
                if (p >= 0) {
                    assertThat(Float.floatToRawIntBits(DecimalDigits.value32(DecimalDigits.digits(f, p), p)))
                            .isEqualTo(Float.floatToRawIntBits(f));
                }
            }
        }
    }

    @Test
    void anythingElseIsWrittenAsItIsAndComesBackTheSame() throws IOException {
        SplittableRandom rng = new SplittableRandom(9);
        double[] odd = {-0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e13, -3e15, Double.MIN_VALUE,
                1.0 / 3, 412.3456, 0.1 + 0.2, rng.nextGaussian() * 500};
        for (double v : odd) {
            assertThat(DecimalDigits.places(v, 0)).as("%s", v).isEqualTo(-1);
            DataOutputSerializer out = new DataOutputSerializer(16);
            DecimalDigits.writeDouble(v, out);
            assertThat(out.length()).isEqualTo(9);
            assertThat(Double.doubleToRawLongBits(roundTrip(v))).isEqualTo(Double.doubleToRawLongBits(v));
        }
        assertThat(DecimalDigits.places(-0.0f, 0)).isEqualTo(-1);
        assertThat(DecimalDigits.places(Float.NaN, 0)).isEqualTo(-1);
        assertThat(DecimalDigits.places((float) (Math.PI * 100), 0)).isEqualTo(-1);
    }

    @Test
    void aRunOfFloatsByTheirDigitsComesBackAndSmallStepsTakeAByte() throws IOException {
        float[] steady = new float[32];
        for (int i = 0; i < steady.length; i++) {
            steady[i] = (float) (1_234.5 + (i % 5) * 0.3 - (i == 20 ? 1_000 : 0));
        }
        assertThat(DecimalDigits.places(steady[3], 0)).isEqualTo(1);
        assertThat(DecimalDigits.places(1_234.56f, 0)).isEqualTo(2);
        long[] digits = new long[steady.length];
        for (int i = 0; i < steady.length; i++) {
            digits[i] = DecimalDigits.digits(steady[i], 2); // more places than the values' own
            assertThat(DecimalDigits.fits(digits[i])).isTrue();
        }
        DataOutputSerializer out = new DataOutputSerializer(64);
        DecimalDigits.writeRun(digits, steady.length, out);
        assertThat(out.length()).as("three bytes for the first, two for the 1 kW dip and back, one or two for the rest")
                .isLessThan(steady.length * 2 + 8);
        float[] back = new float[steady.length];
        DecimalDigits.readRun(new DataInputDeserializer(out.getCopyOfBuffer()), steady.length, 2, back);
        assertThat(back).isEqualTo(steady);
    }

    /** What lets the signature ring be written without a check by division: the float's own places are enough, any more places are exact too below the bound. */
    @Test
    void aFloatDecimalTakenAtMorePlacesThanItsOwnComesBackWhileItsDigitsFit() {
        SplittableRandom rng = new SplittableRandom(13);
        int checked = 0;
        for (int i = 0; i < 200_000; i++) {
            int own = rng.nextInt(DecimalDigits.MAX_PLACES + 1);
            float f = (float) Double.parseDouble(java.math.BigDecimal.valueOf(rng.nextLong(-9_000_000L, 9_000_000L), own).toPlainString());
            int fewest = DecimalDigits.places(f, 0);
            if (fewest < 0) {
                continue; // a float too coarse for its text's digits: such a sample is written as a float
            }
            for (int p = fewest; p <= DecimalDigits.MAX_PLACES; p++) {
                long digits = DecimalDigits.digits(f, p);
                if (DecimalDigits.fits(digits)) {
                    checked++;
                    assertThat(Float.floatToRawIntBits(DecimalDigits.value32(digits, p))).as("%s at %d places", f, p)
                            .isEqualTo(Float.floatToRawIntBits(f));
                }
            }
        }
        assertThat(checked).isGreaterThan(100_000);
    }

    @Test
    void signedDistancesWrapLikeTheTimestampsTheyJoin() throws IOException {
        long newest = 1_700_000_000_000L;
        for (long t : new long[] {newest, newest - 1, newest + 1, Long.MIN_VALUE, Long.MAX_VALUE, 0}) {
            DataOutputSerializer out = new DataOutputSerializer(16);
            DecimalDigits.writeSigned(newest - t, out);
            assertThat(newest - DecimalDigits.readSigned(new DataInputDeserializer(out.getCopyOfBuffer()))).isEqualTo(t);
            if (Math.abs(newest - t) < 64) {
                assertThat(out.length()).isEqualTo(1);
            }
        }
    }

    private static double roundTrip(double v) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        DecimalDigits.writeDouble(v, out);
        return DecimalDigits.readDouble(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
