package io.wattflow.record;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;

/**
 * Powers as meters send them, written by their decimal digits. A meter reports watts to a fixed
 * number of decimals (a Shelly one, REDD two, UK-DALE and REFIT none), so a power held in state is
 * nearly always a whole number of tenths or hundredths: 1234.5 W is the whole number 12345 at one
 * place, and successive readings of a steady load differ by a few units of it, one byte as a
 * zig-zag var-length delta where a float takes four. A value is written this way only when reading it
 * back gives exactly the same bits (checked by {@link #places}: when a single value is written, or when
 * a sample enters the signature ring, whose run is then written by {@link #fits} alone), so nothing is
 * rounded: any other value (a mean, noise of full precision, NaN, -0.0) is written as it was before.
 */
public final class DecimalDigits {
    /** The most decimal places tried: a milliwatt. */
    public static final int MAX_PLACES = 3;
    /** Written in place of the places when the values are written as they are. */
    public static final int NOT_DECIMAL = 0xFF;
    private static final double[] SCALE = {1, 10, 100, 1_000};
    /** Larger magnitudes are left as they are (no meter reads a gigawatt; keeps the digits and their deltas well inside a long). */
    private static final double LARGEST = 1e12;
    /** See {@link #fits}: 2^22, a margin of two below where a float's rounding could reach half a digit. */
    private static final long MAX_DIGITS = 1L << 22;

    private DecimalDigits() {}

    /** The fewest places from {@code atLeast} up at which {@code v} is written exactly, or -1. */
    public static int places(float v, int atLeast) {
        for (int p = atLeast; p <= MAX_PLACES; p++) {
            if (exact(v, p)) {
                return p;
            }
        }
        return -1;
    }

    /** The fewest places from {@code atLeast} up at which {@code v} is written exactly, or -1. */
    public static int places(double v, int atLeast) {
        for (int p = atLeast; p <= MAX_PLACES; p++) {
            if (exact(v, p)) {
                return p;
            }
        }
        return -1;
    }

    private static boolean exact(float v, int places) {
        if (!(Math.abs(v) < LARGEST)) {
            return false;
        }
        return Float.floatToRawIntBits(value32(digits(v, places), places)) == Float.floatToRawIntBits(v);
    }

    private static boolean exact(double v, int places) {
        if (!(Math.abs(v) < LARGEST)) {
            return false;
        }
        return Double.doubleToRawLongBits(value(digits(v, places), places)) == Double.doubleToRawLongBits(v);
    }

    public static long digits(double v, int places) {
        return (long) Math.rint(v * SCALE[places]);
    }

    /** The value of {@code digits} at {@code places}: one correctly rounded division, so the nearest double to the decimal. */
    public static double value(long digits, int places) {
        return digits / SCALE[places];
    }

    public static float value32(long digits, int places) {
        return (float) (digits / SCALE[places]);
    }

    /**
     * Whether digits taken at more places than a float's own (its fewest, checked with {@link #places})
     * still give it back: below this magnitude the float's own rounding (2^-24 of it) cannot move
     * {@code rint(v * 10^places)} off the whole number, so no check by division is needed when writing.
     */
    public static boolean fits(long digits) {
        return Math.abs(digits) < MAX_DIGITS;
    }

    /** Writes digits: the first, then each one's difference from the one before. */
    public static void writeRun(long[] digits, int n, DataOutputSerializer out) throws IOException {
        long before = 0;
        for (int i = 0; i < n; i++) {
            writeSigned(digits[i] - before, out);
            before = digits[i];
        }
    }

    /** Reads what {@link #writeRun} wrote into {@code into[0..n)}. */
    public static void readRun(DataInputDeserializer in, int n, int places, float[] into) throws IOException {
        long d = 0;
        for (int i = 0; i < n; i++) {
            d += readSigned(in);
            into[i] = value32(d, places);
        }
    }

    /** Writes a double as its digits (a places byte first) when exact at a few places, else as the double it is. */
    public static void writeDouble(double v, DataOutputSerializer out) throws IOException {
        int p = places(v, 0);
        if (p < 0) {
            out.writeByte(NOT_DECIMAL);
            out.writeDouble(v);
        } else {
            out.writeByte(p);
            writeSigned(digits(v, p), out);
        }
    }

    public static double readDouble(DataInputDeserializer in) throws IOException {
        int p = in.readUnsignedByte();
        if (p == NOT_DECIMAL) {
            return in.readDouble();
        }
        return value(readSigned(in), checkedPlaces(p));
    }

    /** Places as read back from state, refused when no writer could have written them. */
    public static int checkedPlaces(int places) throws IOException {
        if (places < 0 || places > MAX_PLACES) {
            throw new IOException("A decimal of " + places + " places: the state is corrupt or from an incompatible version.");
        }
        return places;
    }

    /**
     * Writes a long so that small magnitudes of either sign take a byte or two (zig-zag, then 7-bit
     * groups). Differences of timestamps are written with it too: they wrap around like the
     * timestamps do, so even {@code Long.MIN_VALUE} as "none yet" comes back exactly.
     */
    public static void writeSigned(long v, DataOutputSerializer out) throws IOException {
        HandWrittenSerializer.writeVarLong((v << 1) ^ (v >> 63), out);
    }

    public static long readSigned(DataInputDeserializer in) throws IOException {
        long z = HandWrittenSerializer.readVarLong(in);
        return (z >>> 1) ^ -(z & 1);
    }
}
