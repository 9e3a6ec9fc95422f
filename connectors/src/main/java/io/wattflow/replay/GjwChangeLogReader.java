package io.wattflow.replay;

import io.wattflow.format.Timestamps;
import io.wattflow.record.MeterReading;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.NoSuchElementException;

/**
 * The GJW house's change-logged active power ({@code timestamp,value}, a line only when the value
 * changed), expanded to one reading per second: a missing second repeats the last value. A silence
 * longer than {@code maxHoldSeconds} is taken as the logger being down, not as "unchanged": no
 * readings are made up for it, so it stays a gap. Optionally joins the reactive-power log the same way.
 */
public final class GjwChangeLogReader implements ReplayReader<MeterReading> {
    private final String meterId;
    private final long maxHoldMs;
    private final Log real;
    private final Log reactive;
    private long nextTs;
    private double value;
    private long heldUntil;

    public GjwChangeLogReader(Path realPowerFile, Path reactivePowerFile, String meterId, ZoneId zone, int maxHoldSeconds)
            throws IOException {
        this.meterId = meterId;
        this.maxHoldMs = maxHoldSeconds * 1000L;
        this.real = new Log(realPowerFile, zone);
        this.reactive = reactivePowerFile == null ? null : new Log(reactivePowerFile, zone);
        this.nextTs = Long.MAX_VALUE;
        if (real.hasNext()) {
            startSegment();
        }
    }

    private void startSegment() {
        long[] entry = real.next();
        nextTs = entry[0];
        value = Double.longBitsToDouble(entry[1]);
        long following = real.peekTime();
        heldUntil = following - nextTs <= maxHoldMs ? following : nextTs + 1000;
    }

    @Override
    public boolean hasNext() {
        while (nextTs != Long.MAX_VALUE && nextTs >= heldUntil) {
            if (!real.hasNext()) {
                nextTs = Long.MAX_VALUE;
            } else {
                startSegment();
            }
        }
        return nextTs != Long.MAX_VALUE;
    }

    @Override
    public MeterReading next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        MeterReading r = new MeterReading(meterId, nextTs, value);
        if (reactive != null) {
            r.reactivePowerVar = reactive.valueAt(nextTs, maxHoldMs);
        }
        nextTs += 1000;
        return r;
    }

    @Override
    public void close() throws IOException {
        real.close();
        if (reactive != null) {
            reactive.close();
        }
    }

    /** One change log: entries as {time, value bits}, with look-ahead. */
    private static final class Log extends CsvRows<long[]> {
        private final ZoneId zone;
        private long[] current;
        private long[] ahead;

        Log(Path file, ZoneId zone) throws IOException {
            super(file, false);
            this.zone = zone;
        }

        @Override
        protected long[] toRecord(String[] cells) {
            if (cells.length < 2) {
                return null;
            }
            Double v = number(cells[1]);
            if (v == null) {
                return null;
            }
            return new long[] {Timestamps.parseMillis(cells[0], zone), Double.doubleToLongBits(v)};
        }

        /** Time of the entry after the one last returned by next(), or MAX_VALUE at the end. */
        long peekTime() {
            return hasNext() ? peek()[0] : Long.MAX_VALUE;
        }

        private long[] peek() {
            if (ahead == null) {
                ahead = super.next();
            }
            return ahead;
        }

        @Override
        public boolean hasNext() {
            return ahead != null || super.hasNext();
        }

        @Override
        public long[] next() {
            long[] e = peek();
            ahead = null;
            return e;
        }

        /** The logged value at {@code t} (the last change at or before it, held at most maxHold), or null. */
        Double valueAt(long t, long maxHoldMs) {
            while (hasNext() && peekTime() <= t) {
                current = next();
            }
            if (current == null || t - current[0] > maxHoldMs) {
                return null;
            }
            return Double.longBitsToDouble(current[1]);
        }
    }
}
