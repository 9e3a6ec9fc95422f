package io.wattflow.operators;

import java.util.function.IntConsumer;

/**
 * A meter's last {@code days} local days held in slots {@code day mod days}: which slot a day has,
 * whether a day is too old for the ring, and, when a newer day arrives, which slots it reuses (those of
 * the days after the newest held, up to it), so that bounded per-meter histories need no shifting.
 */
public final class DayRing {
    private DayRing() {}

    public static int slot(long day, int days) {
        return (int) Math.floorMod(day, (long) days);
    }

    /** Whether {@code day} fell out of a ring whose newest day is {@code newest} ({@link Long#MIN_VALUE}: empty). */
    public static boolean tooOld(long newest, long day, int days) {
        return newest != Long.MIN_VALUE && day <= newest - days;
    }

    /**
     * Clears the slots a day newer than {@code newest} reuses and returns the new newest day; an older
     * or equal day changes nothing.
     */
    public static long advance(long newest, long day, int days, IntConsumer clearSlot) {
        if (day <= newest) {
            return newest;
        }
        for (long d = newest == Long.MIN_VALUE ? day : Math.max(newest + 1, day - days + 1); d <= day; d++) {
            clearSlot.accept(slot(d, days));
        }
        return day;
    }
}
