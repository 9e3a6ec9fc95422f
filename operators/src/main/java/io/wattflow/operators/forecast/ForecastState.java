package io.wattflow.operators.forecast;

import io.wattflow.operators.DayRing;

import java.util.Arrays;

/**
 * A meter's hourly consumption over the last {@link #DAYS} local days, and the forecast last issued
 * (to score it when its day is over): 42 x 24 x (4 + 2) bytes of history plus 3 x 24 x 4 of the last
 * forecast in memory; with a weather stream, 42 x (4 + 2) more for the days' temperatures. Written by
 * {@link ForecastStateSerializer}, which writes only the days held: about 150 bytes on a meter's first
 * day, about 6.4 KB with 42 days.
 */
@org.apache.flink.api.common.typeinfo.TypeInfo(ForecastStateSerializer.Factory.class)
public class ForecastState {
    public static final int DAYS = 42;
    public static final int HOURS = 24;
    /** An hour counts when at least this many of its minutes were measured (then scaled to the hour). */
    static final int MIN_MINUTES = 45;
    /** A day's total counts when at least this many of its hours do. */
    static final int MIN_HOURS = 20;
    /** A day's mean temperature counts from this many temperatures (intervals that had one). */
    static final int MIN_TEMPERATURES = 12;

    /** Energy measured per day slot ({@code day mod DAYS}) and hour, kWh. */
    public float[] kwh = new float[DAYS * HOURS];
    /** Minutes measured per day slot and hour. */
    public short[] minutes = new short[DAYS * HOURS];
    /** The newest local epoch day held; the slots of older days than {@code newestDay - DAYS + 1} are reused. */
    public long newestDay = Long.MIN_VALUE;
    /** The oldest day with any data (how much history there is). */
    public long firstDay = Long.MIN_VALUE;

    /**
     * Sum and count of the outdoor temperatures seen with each day slot's intervals (when the job has a
     * weather stream; null until the first temperature, so meters without weather keep no more state).
     */
    public float[] celsiusSum;
    public short[] celsiusCount;

    /** The last forecast issued, for {@link #issuedDay}: hourly p10, p50, p90. */
    public long issuedDay = Long.MIN_VALUE;
    public float[] p10 = new float[HOURS];
    public float[] p50 = new float[HOURS];
    public float[] p90 = new float[HOURS];

    public ForecastState() {}

    /**
     * Adds {@code kwh} measured over {@code minutes} of hour {@code hour} of local day {@code day}.
     * A day older than the window is ignored; a newer one clears the slots it reuses.
     */
    public void add(long day, int hour, double energyKwh, int measuredMinutes) {
        if (DayRing.tooOld(newestDay, day, DAYS)) {
            return;
        }
        newestDay = DayRing.advance(newestDay, day, DAYS, slot -> {
            Arrays.fill(kwh, slot * HOURS, slot * HOURS + HOURS, 0f);
            Arrays.fill(minutes, slot * HOURS, slot * HOURS + HOURS, (short) 0);
            if (celsiusSum != null) {
                celsiusSum[slot] = 0f;
                celsiusCount[slot] = 0;
            }
        });
        if (firstDay == Long.MIN_VALUE || day < firstDay) {
            firstDay = day;
        }
        int i = slot(day) * HOURS + hour;
        kwh[i] += (float) energyKwh;
        minutes[i] = (short) Math.min(60, minutes[i] + measuredMinutes);
    }

    /** Adds an outdoor temperature seen during local day {@code day} (a day the history holds; others are ignored). */
    public void addTemperature(long day, double celsius) {
        if (!holds(day) || Double.isNaN(celsius)) {
            return;
        }
        if (celsiusSum == null) {
            celsiusSum = new float[DAYS];
            celsiusCount = new short[DAYS];
        }
        int i = slot(day);
        celsiusSum[i] += (float) celsius;
        celsiusCount[i] = (short) Math.min(Short.MAX_VALUE, celsiusCount[i] + 1);
    }

    /** The day's mean outdoor temperature, NaN when fewer than {@link #MIN_TEMPERATURES} were seen. */
    public double celsius(long day) {
        if (celsiusSum == null || !holds(day)) {
            return Double.NaN;
        }
        int i = slot(day);
        return celsiusCount[i] >= MIN_TEMPERATURES ? celsiusSum[i] / (double) celsiusCount[i] : Double.NaN;
    }

    /** The hour's energy scaled to the whole hour, or NaN when it is outside the window or too little was measured. */
    public double hour(long day, int hour) {
        if (!holds(day)) {
            return Double.NaN;
        }
        int i = slot(day) * HOURS + hour;
        return minutes[i] >= MIN_MINUTES ? kwh[i] * 60.0 / minutes[i] : Double.NaN;
    }

    /** Whether any hour of the days {@code from..to} is in the window with enough of its minutes measured ({@link #hour} not NaN). */
    boolean hasMeasuredHour(long from, long to) {
        if (newestDay == Long.MIN_VALUE) {
            return false;
        }
        for (long day = Math.max(from, newestDay - DAYS + 1); day <= Math.min(to, newestDay); day++) {
            int first = slot(day) * HOURS;
            for (int h = 0; h < HOURS; h++) {
                if (minutes[first + h] >= MIN_MINUTES) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The day's energy (its missing hours filled with the mean of its measured ones), or NaN when too few were measured. */
    public double day(long day) {
        double sum = 0;
        int n = 0;
        for (int h = 0; h < HOURS; h++) {
            double v = hour(day, h);
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n >= MIN_HOURS ? sum * HOURS / n : Double.NaN;
    }

    boolean holds(long day) {
        return newestDay != Long.MIN_VALUE && day <= newestDay && day > newestDay - DAYS;
    }

    private static int slot(long day) {
        return DayRing.slot(day, DAYS);
    }
}
