package io.wattflow.operators.anomaly;

import io.wattflow.record.Anomaly;
import io.wattflow.record.DailyBaseline;
import io.wattflow.record.IntervalReading;

import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The per-meter anomaly rules, in plain Java over a {@link MeterBaseline}: the Flink operator holds
 * the state and the timers, this class decides. Input is a meter's interval records in time order
 * (1-min from 1 Hz meters, or 15-min from interval meters); per interval it checks the minute rules
 * (zero run, negative, stuck, spike, missing), sums hours and judges them against the hourly
 * profiles, and at the end of each local day computes the baseload and the dominant cycle and judges
 * those against the previous weeks.
 */
public final class AnomalyDetector implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long HOUR_MS = 3_600_000L;
    private static final long MINUTE_MS = 60_000L;
    /** A negative run continues across non-negative minutes shorter than this. */
    private static final long NEGATIVE_REARM_MS = 15 * MINUTE_MS;
    /** A zero run is only abnormal on a meter whose baseload is at least this, W (or not yet known). */
    private static final double ZERO_NEEDS_BASELOAD_W = 10;
    /** Before enough history, the usual peak is unknown and a spike must beat {@link AnomalySettings#spikeAbsoluteW}; after, never less than this. */
    private static final double SPIKE_FLOOR_W = 8_000;
    /** Held hours this close to the one before belong to one excursion (the alerts' quiet period for hourly kinds). */
    private static final long HELD_EXCURSION_GAP_MS = 6 * HOUR_MS;
    /** A held excursion after another within this long is the meter's habit, not news. */
    private static final long HELD_HABIT_MS = 28 * 24 * HOUR_MS;
    /**
     * A cycle that held is gone when the day's autocorrelation near it is under this share of its usual:
     * chosen on injected compressor changes in REFIT house 2 ({@code eval anomalies --sweep periodicity}:
     * a half found 31 of 37 with two changes of the untouched recording, a third 29 with one, a quarter
     * 26), checked on UK-DALE house 2.
     */
    private static final double CYCLE_GONE = 1.0 / 3;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    /** Where findings go. */
    public interface Output {
        void anomaly(Anomaly anomaly);

        void dailyBaseline(DailyBaseline baseline);
    }

    private final AnomalySettings settings;
    private final long zeroRunMs;
    private final long stuckRunMs;
    private final long missingMs;

    public AnomalyDetector(AnomalySettings settings) {
        this.settings = settings.validate();
        this.zeroRunMs = settings.zeroRun.toMillis();
        this.stuckRunMs = settings.stuckRun.toMillis();
        this.missingMs = settings.missingAfter.toMillis();
    }

    public long missingAfterMs() {
        return missingMs;
    }

    /** Judges one interval record of {@code meter}; records must come in time order (older ones are ignored). */
    public void onInterval(String meter, MeterBaseline b, IntervalReading r, Output out) {
        if (r.endMs <= r.startMs || (b.lastEndMs != Long.MIN_VALUE && r.startMs < b.lastEndMs)) {
            return;
        }
        if (b.firstMs == Long.MIN_VALUE) {
            b.firstMs = r.startMs;
        }
        if (b.lastEndMs != Long.MIN_VALUE && r.startMs > b.lastEndMs) {
            onDataResumed(meter, b, r.startMs, out);
        }
        // The hour first: the hour that closes at midnight reads its minutes from the day that closes then.
        rollHour(meter, b, r.startMs, out);
        rollDay(meter, b, r.startMs, out);

        double powerW = r.meanPowerW != null ? r.meanPowerW : r.energyKwh * 3.6e9 / r.durationMs();
        double peakW = r.sampleCount > 1 && r.maxPowerW != null ? r.maxPowerW : powerW;
        boolean zero = Math.abs(powerW) < settings.zeroW;
        boolean negative = powerW < -settings.negativeW && !settings.bidirectionalMeters.contains(meter);

        checkZero(meter, b, r, zero, out);
        if (negative) {
            checkNegative(meter, b, r, powerW, out);
        }
        checkStuck(meter, b, r, powerW, out);
        checkSpike(meter, b, r, peakW, out);
        checkLongerSpike(meter, b, r, powerW, out);

        if (!zero && !negative) {
            record(b, r, powerW, peakW);
        }
        b.lastEndMs = r.endMs;
    }

    /** The data of {@code meter} has been silent until {@code nowMs} (event time): missing data once past the threshold. */
    public void onSilence(String meter, MeterBaseline b, long nowMs, Output out) {
        if (b.lastEndMs != Long.MIN_VALUE && nowMs - b.lastEndMs >= missingMs && b.missingReportedFromMs != b.lastEndMs) {
            b.missingReportedFromMs = b.lastEndMs;
            out.anomaly(missing(meter, b, b.lastEndMs, nowMs));
        }
    }

    /** Data came back at {@code resumedMs}: a silence the timer did not report yet is reported now. */
    private void onDataResumed(String meter, MeterBaseline b, long resumedMs, Output out) {
        onSilence(meter, b, resumedMs, out);
        if (resumedMs - b.lastEndMs > MINUTE_MS) {
            // A gap breaks every run: nothing is known about the minutes in it.
            b.zeroSinceMs = Long.MIN_VALUE;
            b.zeroReported = false;
            b.stuckSinceMs = Long.MIN_VALUE;
            b.stuckValue = Double.NaN;
            b.stuckReported = false;
            b.prevW = Double.NaN;
            b.prev2W = Double.NaN;
        }
    }

    private Anomaly missing(String meter, MeterBaseline b, long fromMs, long nowMs) {
        double minutes = (nowMs - fromMs) / (double) MINUTE_MS;
        return anomaly(meter, b, Anomaly.MISSING, fromMs, nowMs, nowMs, minutes, null, "min", minutes / (missingMs / (double) MINUTE_MS),
                String.format(Locale.ROOT, "no data for %.0f min since %s", minutes, clock(fromMs)), "rule");
    }

    // ---- minute rules ----

    private void checkZero(String meter, MeterBaseline b, IntervalReading r, boolean zero, Output out) {
        if (!zero) {
            b.zeroSinceMs = Long.MIN_VALUE;
            b.zeroReported = false;
            return;
        }
        if (b.zeroSinceMs == Long.MIN_VALUE) {
            b.zeroSinceMs = r.startMs;
        }
        double usual = DayProfile.median(b.baseloads, 1);
        boolean abnormal = Double.isNaN(usual) || usual >= ZERO_NEEDS_BASELOAD_W;
        long length = r.endMs - b.zeroSinceMs;
        if (!b.zeroReported && abnormal && length >= zeroRunMs) {
            b.zeroReported = true;
            double minutes = length / (double) MINUTE_MS;
            String usualText = Double.isNaN(usual) ? "" : String.format(Locale.ROOT, ", its baseload is %.0f W", usual);
            out.anomaly(anomaly(meter, b, Anomaly.ZERO_RUN, b.zeroSinceMs, r.endMs, r.endMs, 0.0, Double.isNaN(usual) ? null : usual,
                    "W", length / (double) zeroRunMs,
                    String.format(Locale.ROOT, "reads 0 W for %.0f min since %s%s: supply cut or meter fault?",
                            minutes, clock(b.zeroSinceMs), usualText), "rule"));
        }
    }

    private void checkNegative(String meter, MeterBaseline b, IntervalReading r, double powerW, Output out) {
        boolean newRun = b.negativeLastMs == Long.MIN_VALUE || r.startMs - b.negativeLastMs > NEGATIVE_REARM_MS;
        b.negativeLastMs = r.endMs;
        if (newRun) {
            out.anomaly(anomaly(meter, b, Anomaly.NEGATIVE, r.startMs, r.endMs, r.endMs, powerW, 0.0, "W",
                    Math.abs(powerW) / settings.negativeW,
                    String.format(Locale.ROOT, "reads %.0f W on a consumption meter: current clamp reversed, wiring, or unregistered export?",
                            powerW), "rule"));
        }
    }

    private void checkStuck(String meter, MeterBaseline b, IntervalReading r, double powerW, Output out) {
        boolean flat = r.sampleCount <= 1 || (r.minPowerW != null && r.minPowerW.equals(r.maxPowerW));
        if (flat && powerW == b.stuckValue && b.stuckSinceMs != Long.MIN_VALUE) {
            long length = r.endMs - b.stuckSinceMs;
            if (!b.stuckReported && length >= stuckRunMs && Math.abs(powerW) >= settings.zeroW) {
                b.stuckReported = true;
                out.anomaly(anomaly(meter, b, Anomaly.STUCK, b.stuckSinceMs, r.endMs, r.endMs, powerW, null, "W",
                        length / (double) stuckRunMs,
                        String.format(Locale.ROOT, "reads exactly %s W for %.0f min since %s: stuck meter or frozen data path?",
                                trim(powerW), length / (double) MINUTE_MS, clock(b.stuckSinceMs)), "rule"));
            }
            return;
        }
        b.stuckSinceMs = flat ? r.startMs : Long.MIN_VALUE;
        b.stuckValue = flat ? powerW : Double.NaN;
        b.stuckReported = false;
    }

    /** The longest spike, in minutes, told apart from a heavy load that runs (an oven, a charger). */
    private static final int LONGEST_SPIKE_MINUTES = 3;

    /**
     * The two or three minutes before this one are a spike when each of them is over the spike threshold
     * and the minute before them and this one are far below it: what {@link #checkSpike} finds for one
     * minute, for a glitch that lasts a little longer. Read from the day's stored minutes (their means),
     * so no state is added; a spike across midnight is not seen.
     */
    private void checkLongerSpike(String meter, MeterBaseline b, IntervalReading r, double powerW, Output out) {
        int m = (int) ((r.startMs - b.dayStartMs) / MINUTE_MS);
        if (m <= LONGEST_SPIKE_MINUTES || m >= MeterBaseline.DAY_MINUTES || r.durationMs() != MINUTE_MS
                || b.lastEndMs != r.startMs || b.dayMinutes[m - 1] < lowestSpikeThreshold()) {
            return;  // the last check costs nothing and spares the median of the daily peaks every minute
        }
        double usualPeak = DayProfile.median(b.peaks, 1);
        double threshold = spikeThreshold(usualPeak);
        double stored = Math.min(threshold, Short.MAX_VALUE);  // the day's minutes are shorts
        for (int k = 2; k <= LONGEST_SPIKE_MINUTES; k++) {
            short before = b.dayMinutes[m - k - 1];
            if (before == MeterBaseline.NO_DATA || before >= stored) {
                continue;
            }
            double highest = Double.NEGATIVE_INFINITY;
            double lowest = Double.POSITIVE_INFINITY;
            for (int j = m - k; j < m; j++) {
                short v = b.dayMinutes[j];
                lowest = Math.min(lowest, v == MeterBaseline.NO_DATA ? Double.NEGATIVE_INFINITY : v);
                highest = Math.max(highest, v);
            }
            double neighbours = Math.max(before, powerW);
            if (lowest >= stored && powerW < threshold && lowest - neighbours >= threshold / 2) {
                long start = b.dayStartMs + (m - k) * MINUTE_MS;
                out.anomaly(anomaly(meter, b, Anomaly.SPIKE, start, r.startMs, r.endMs, highest,
                        Double.isNaN(usualPeak) ? null : usualPeak, "W", highest / threshold,
                        String.format(Locale.ROOT, "%d minutes at up to %.1f kW, %s, %.1f kW either side: measurement glitch?",
                                k, highest / 1000, spikeComparison(highest, usualPeak, threshold), neighbours / 1000),
                        Double.isNaN(usualPeak) ? "rule" : "history"));
                return;
            }
        }
    }

    /** Twice the usual daily peak, never under the floor; the absolute limit while the usual peak is unknown. */
    private double spikeThreshold(double usualPeak) {
        return Double.isNaN(usualPeak) ? settings.spikeAbsoluteW : Math.max(2 * usualPeak, SPIKE_FLOOR_W);
    }

    /** No spike threshold is below this, whatever the history: under it the daily peaks need not be sorted. */
    private double lowestSpikeThreshold() {
        return Math.min(SPIKE_FLOOR_W, settings.spikeAbsoluteW);
    }

    /** How a spike of {@code observedW} compares, for its explanation. */
    private static String spikeComparison(double observedW, double usualPeak, double threshold) {
        return Double.isNaN(usualPeak) ? String.format(Locale.ROOT, "above the %.1f kW a supply can give", threshold / 1000)
                : String.format(Locale.ROOT, "%.1fx the usual daily peak of %.1f kW", observedW / usualPeak, usualPeak / 1000);
    }

    /** The previous minute is a spike when it towers over both neighbours and over twice the usual daily peak. */
    private void checkSpike(String meter, MeterBaseline b, IntervalReading r, double peakW, Output out) {
        boolean contiguous = !Double.isNaN(b.prevW) && !Double.isNaN(b.prev2W)
                && b.prevEndMs == r.startMs && b.prev2EndMs == b.prevStartMs;
        if (contiguous && b.prevW >= lowestSpikeThreshold()) {
            double usualPeak = DayProfile.median(b.peaks, 1);
            double threshold = spikeThreshold(usualPeak);
            double neighbours = Math.max(b.prev2W, peakW);
            if (b.prevW >= threshold && b.prevW - neighbours >= threshold / 2) {
                String usualText = spikeComparison(b.prevW, usualPeak, threshold);
                out.anomaly(anomaly(meter, b, Anomaly.SPIKE, b.prevStartMs, b.prevEndMs, r.endMs, b.prevW,
                        Double.isNaN(usualPeak) ? null : usualPeak, "W", b.prevW / threshold,
                        String.format(Locale.ROOT, "one minute at %.1f kW, %s, %.1f kW either side: measurement glitch?",
                                b.prevW / 1000, usualText, neighbours / 1000), Double.isNaN(usualPeak) ? "rule" : "history"));
            }
        }
        b.prev2W = b.prevW;
        b.prev2EndMs = b.prevEndMs;
        b.prevW = peakW;
        b.prevStartMs = r.startMs;
        b.prevEndMs = r.endMs;
    }

    private void record(MeterBaseline b, IntervalReading r, double powerW, double peakW) {
        double covered = r.coverage == null ? 1.0 : r.coverage;
        b.hourKwh += r.energyKwh;
        b.hourCoveredMs += (long) (r.durationMs() * covered);
        b.dayKwh += r.energyKwh;
        b.dayPeakW = Math.max(b.dayPeakW, (float) peakW);
        short w = (short) Math.max(Short.MIN_VALUE + 1, Math.min(Short.MAX_VALUE, Math.round(powerW)));
        int from = (int) ((r.startMs - b.dayStartMs) / MINUTE_MS);
        int to = (int) Math.min((r.endMs - b.dayStartMs + MINUTE_MS - 1) / MINUTE_MS, MeterBaseline.DAY_MINUTES);
        for (int m = Math.max(0, from); m < to; m++) {
            b.dayMinutes[m] = w;
        }
    }

    // ---- hours ----

    private void rollHour(String meter, MeterBaseline b, long t, Output out) {
        if (b.hourStartMs != Long.MIN_VALUE && t < b.hourEndMs) {
            return;
        }
        if (b.hourStartMs != Long.MIN_VALUE) {
            closeHour(meter, b, out);
        }
        b.hourStartMs = t - Math.floorMod(t, HOUR_MS);
        b.hourEndMs = b.hourStartMs + HOUR_MS;
        b.hourKwh = 0;
        b.hourCoveredMs = 0;
    }

    private void closeHour(String meter, MeterBaseline b, Output out) {
        if (settings.baseloadStep.hourly()) {
            // Kept only for this rule: without it no meter pays the hourly quantile or the 0.1 KB.
            recordHourLow(b);
            checkBaseloadStep(meter, b, out);
        }
        if (b.hourCoveredMs < HOUR_MS * 3 / 4) {
            return;
        }
        double kwh = b.hourKwh * HOUR_MS / b.hourCoveredMs;
        ZonedDateTime local = Instant.ofEpochMilli(b.hourStartMs).atZone(settings.zone);
        boolean holiday = settings.holidays.contains(local.toLocalDate());
        int day = holiday ? 6 : local.getDayOfWeek().getValue() - 1;
        boolean restDay = holiday || local.getDayOfWeek() == DayOfWeek.SATURDAY || local.getDayOfWeek() == DayOfWeek.SUNDAY;
        int hour = local.getHour();
        int weekSlot = day * 24 + hour;
        int dayTypeSlot = (restDay ? 24 : 0) + hour;
        double y = HourlyProfiles.toLog(kwh);
        boolean reportedHigh = false;
        HourlyProfiles.Expectation e = HourlyProfiles.expect(b, weekSlot, dayTypeSlot, hour, settings.minHoursInSlot);
        if (e != null) {
            double z = (y - e.mean) / e.spread;
            double sigmas = e.sigmas(settings.bandSigma);
            double expected = e.expectedKwh();
            if (Math.abs(z) > sigmas && Math.abs(kwh - expected) >= settings.bandMinDeltaKwh) {
                boolean high = z > 0;
                String when = clock(b.hourStartMs) + "-" + clock(b.hourEndMs);
                String usual = String.format(Locale.ROOT, "usual %.2f kWh for %s", expected, describe(e.level, local, holiday, restDay));
                out.anomaly(anomaly(meter, b, high ? Anomaly.CONSUMPTION_HIGH : Anomaly.CONSUMPTION_LOW, b.hourStartMs, b.hourEndMs,
                        b.hourEndMs, kwh, expected, "kWh", Math.abs(z) / sigmas,
                        String.format(Locale.ROOT, "%.2f kWh %s, %s than the %s", kwh, when,
                                expected > 0.01 ? String.format(Locale.ROOT, "%.1fx", kwh / expected) + (high ? " more" : " less") : (high ? "more" : "less"),
                                usual), e.level));
                reportedHigh = high;
                // Learn the hour as if at the band's edge: one abnormal night must not teach that nights are like that.
                y = e.mean + Math.signum(z) * sigmas * e.spread;
            }
        }
        HourlyProfiles.learn(b, weekSlot, dayTypeSlot, hour, y);
        judgeHeldLevel(meter, b, hour, reportedHigh, out);
    }

    /**
     * Whether the excursion of the closing hour is news: hours within {@link #HELD_EXCURSION_GAP_MS} of
     * each other are one excursion (a heater from 23:00 to 04:00), and an excursion is reported only on a
     * meter that had none in the {@link #HELD_HABIT_MS} before it. A household that runs a 3 kW load for
     * hours every week or two, at whatever hour (an immersion heater, a dryer's long programmes), does so
     * by habit; a meter that never did is the one to tell.
     */
    private static boolean reportsHeldExcursion(MeterBaseline b) {
        long previous = b.heldExcursionMs;
        b.heldExcursionMs = b.hourStartMs;
        if (previous != Long.MIN_VALUE && b.hourStartMs - previous <= HELD_EXCURSION_GAP_MS) {
            return b.heldExcursionReported;
        }
        b.heldExcursionReported = previous == Long.MIN_VALUE || b.hourStartMs - previous > HELD_HABIT_MS;
        return b.heldExcursionReported;
    }

    /**
     * An hour whose median minute is far above what that hour of the day usually holds: a load ran
     * through most of it (a heater left on at night). Judged apart from the energy because a busy
     * household's hours vary with short heavy loads (a kettle, an oven's bursts) that widen the energy's
     * spread until a 2 kW heater hides inside it, while the level held for half an hour or more stays
     * close to the standby and the fridge. Same band, minimum difference and learning as the energy;
     * reported as {@code consumption_high} unless the energy rule reported the hour already.
     */
    private void judgeHeldLevel(String meter, MeterBaseline b, int hour, boolean reportedHigh, Output out) {
        double heldW = closingHourQuantile(b, 0.5);
        if (Double.isNaN(heldW)) {
            return;
        }
        double y = HourlyProfiles.toLog(heldW / 1000);
        HourlyProfiles.Expectation e = HourlyProfiles.expectHeld(b, hour, settings.minHoursInSlot);
        if (e != null) {
            double z = (y - e.mean) / e.spread;
            double sigmas = e.sigmas(settings.bandSigma);
            double expectedW = e.expectedKwh() * 1000;
            if (z > sigmas && heldW - expectedW >= settings.bandMinDeltaKwh * 1000) {
                if (reportsHeldExcursion(b) && !reportedHigh) {
                    String when = clock(b.hourStartMs) + "-" + clock(b.hourEndMs);
                    out.anomaly(anomaly(meter, b, Anomaly.CONSUMPTION_HIGH, b.hourStartMs, b.hourEndMs, b.hourEndMs, heldW / 1000,
                            expectedW / 1000, "kW", z / sigmas,
                            String.format(Locale.ROOT, "%.2f kW or more for most of %s, %s the %.2f kW this hour of the day usually holds: "
                                    + "something ran through the hour", heldW / 1000, when,
                                    expectedW > 10 ? String.format(Locale.ROOT, "%.1fx", heldW / expectedW) : "far above", expectedW / 1000),
                            e.level));
                }
                y = e.mean + sigmas * e.spread;
            }
        }
        HourlyProfiles.learnHeld(b, hour, y);
    }

    private static String describe(String level, ZonedDateTime local, boolean holiday, boolean restDay) {
        String day = holiday ? "holidays" : local.getDayOfWeek().getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH) + "s";
        switch (level) {
            case "hour-of-week":
                return "this hour on " + day;
            case "day-type-hour":
                return "this hour on " + (restDay ? "weekends" : "weekdays");
            default:
                return "this hour of the day";
        }
    }

    // ---- days ----

    private void rollDay(String meter, MeterBaseline b, long t, Output out) {
        if (b.dayStartMs != Long.MIN_VALUE && t < b.dayEndMs) {
            return;
        }
        if (b.dayStartMs != Long.MIN_VALUE) {
            closeDay(meter, b, out);
        }
        LocalDate date = Instant.ofEpochMilli(t).atZone(settings.zone).toLocalDate();
        b.dayStartMs = date.atStartOfDay(settings.zone).toInstant().toEpochMilli();
        b.dayEndMs = date.plusDays(1).atStartOfDay(settings.zone).toInstant().toEpochMilli();
        java.util.Arrays.fill(b.dayMinutes, MeterBaseline.NO_DATA);
        b.dayPeakW = 0;
        b.dayKwh = 0;
    }

    private void closeDay(String meter, MeterBaseline b, Output out) {
        short[] day = b.dayMinutes;
        int minutes = MeterBaseline.DAY_MINUTES;
        int present = DayProfile.present(day, 0, minutes);
        double coverage = present / (double) minutes;
        double baseload = DayProfile.quantile(day, 0, minutes, DayProfile.BASELOAD_QUANTILE, minutes / 2);
        double night = DayProfile.quantile(day, 0, DayProfile.NIGHT_END_MINUTE, DayProfile.BASELOAD_QUANTILE, DayProfile.NIGHT_END_MINUTE / 2);
        checkDayStep(meter, b, baseload, settings.baseloadStep.twoDaysUp(), out);
        DayCycle cycle = DayCycle.of(day);
        boolean cycleClear = cycle != null && cycle.clear(settings.periodMinStrength);

        if (cycle != null) {
            checkPeriod(meter, b, cycle, out);
        } else {
            b.periodChangeDays = 0;
        }

        int slot = b.historyNext;
        b.baseloads[slot] = (float) baseload;
        b.peaks[slot] = coverage >= 0.5 ? b.dayPeakW : Float.NaN;
        b.periods[slot] = cycleClear ? (float) cycle.period : Float.NaN;
        b.periodStrengths[slot] = cycleClear ? (float) cycle.strength : Float.NaN;
        b.historyNext = (slot + 1) % MeterBaseline.HISTORY_DAYS;

        DailyBaseline d = new DailyBaseline();
        d.meterId = meter;
        d.day = Instant.ofEpochMilli(b.dayStartMs).atZone(settings.zone).toLocalDate().toString();
        d.dayStartMs = b.dayStartMs;
        d.energyKwh = b.dayKwh;
        d.coverage = coverage;
        d.baseloadW = nanToNull(baseload);
        d.nightBaseloadW = nanToNull(night);
        double alwaysOn = DayProfile.median(b.baseloads, 1);
        if (!Double.isNaN(alwaysOn)) {
            d.alwaysOnW = alwaysOn;
            d.alwaysOnKwhPerYear = alwaysOn * 8766 / 1000;
            d.alwaysOnCostPerYear = d.alwaysOnKwhPerYear * settings.tariffPerKwh;
        }
        if (cycle != null && !Double.isNaN(cycle.period)) {
            d.periodMin = cycle.period;
            d.periodStrength = cycle.strength;
        }
        d.baselineDays = b.historyDays(b.dayEndMs);
        out.dailyBaseline(d);
    }

    /** The closing hour's baseload: the 5th percentile of its minutes, NaN with fewer than 45. */
    private static void recordHourLow(MeterBaseline b) {
        b.hourLows[b.hourLowNext] = (float) closingHourQuantile(b, DayProfile.BASELOAD_QUANTILE);
        b.hourLowNext = (b.hourLowNext + 1) % MeterBaseline.HOUR_LOWS;
    }

    /** The {@code q} quantile of the closing hour's minutes (from the day's minutes), NaN with fewer than 45. */
    private static double closingHourQuantile(MeterBaseline b, double q) {
        int from = (int) Math.max(0, (b.hourStartMs - b.dayStartMs) / MINUTE_MS);
        int to = (int) Math.min(MeterBaseline.DAY_MINUTES, (b.hourEndMs - b.dayStartMs) / MINUTE_MS);
        return b.dayStartMs == Long.MIN_VALUE || to - from < 45 ? Double.NaN : DayProfile.quantile(b.dayMinutes, from, to, q, 45);
    }

    /**
     * With an hourly {@link AnomalySettings#baseloadStep}, a baseload step up: the standby of the last
     * 24 hours, every hour of them but one, is above the threshold (see {@link #stepScore}) from the
     * usual daily baseload of the weeks before; reported on the hour the 24 hours first show it, so
     * within a day of the step. The whole day's standby must have moved: a heater for a few hours or a
     * guest's evening is not a step. (A step down is still judged by the day, {@link #checkDayStep}: an
     * hour's low in the evening is the evening's use, not the standby.)
     */
    private void checkBaseloadStep(String meter, MeterBaseline b, Output out) {
        UsualBaseload u = usualBaseload(b, 1); // leaving out the day the step may have begun in
        if (u == null) {
            return;
        }
        double usual = u.level;
        double spread = u.spread;
        if (settings.baseloadStep == BaseloadStepRule.WITHIN_A_DAY_WHEN_QUIET && hadADayUp(b, usual, spread, 1)) {
            return; // the two-day rule judges this meter
        }
        int newest = Math.floorMod(b.hourLowNext - 1, MeterBaseline.HOUR_LOWS);
        double now = dayStandby(b, newest);
        if (!shows(now, usual, spread)) {
            return;
        }
        if (shows(dayStandby(b, Math.floorMod(newest - 1, MeterBaseline.HOUR_LOWS)), usual, spread)) {
            return; // shown an hour ago already
        }
        out.anomaly(anomaly(meter, b, Anomaly.BASELOAD_STEP, b.hourEndMs - 24 * HOUR_MS, b.hourEndMs, b.hourEndMs, now, usual, "W",
                stepScore(now, usual, spread), standbySentence(now, usual, u.days, "for the last 24 hours"), "history"));
    }

    /** Whether a day of the meter's history before the newest {@code skipped} had a standby that was a step up from {@code usual}. */
    private boolean hadADayUp(MeterBaseline b, double usual, double spread, int skipped) {
        for (int i = skipped + 1; i <= MeterBaseline.HISTORY_DAYS; i++) {
            if (shows(b.baseloads[Math.floorMod(b.historyNext - i, MeterBaseline.HISTORY_DAYS)], usual, spread)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A baseload step must hold for two days in a row (both judged against the weeks before them):
     * a single day of high standby is a cold day's heater or a guest, two are a change. Steps up are
     * judged here only when {@code up} (else hourly, {@link #checkBaseloadStep}).
     */
    private void checkDayStep(String meter, MeterBaseline b, double baseload, boolean up, Output out) {
        int last = Math.floorMod(b.historyNext - 1, MeterBaseline.HISTORY_DAYS);
        int beforeLast = Math.floorMod(b.historyNext - 2, MeterBaseline.HISTORY_DAYS);
        UsualBaseload u = usualBaseload(b, 2);
        if (Double.isNaN(baseload) || u == null || (!up && baseload >= u.level)) {
            return;
        }
        double usual = u.level;
        double spread = u.spread;
        double score = stepScore(baseload, usual, spread);
        double yesterday = stepScore(b.baseloads[last], usual, spread);
        boolean alreadyReported = stepScore(b.baseloads[beforeLast], usual, spread) >= 1
                && Math.signum(b.baseloads[beforeLast] - usual) == Math.signum(baseload - usual);
        if (score < 1 || yesterday < 1 || Math.signum(b.baseloads[last] - usual) != Math.signum(baseload - usual) || alreadyReported) {
            return;
        }
        if (baseload > usual && settings.baseloadStep == BaseloadStepRule.WITHIN_A_DAY_WHEN_QUIET && !hadADayUp(b, usual, spread, 2)) {
            return; // a quiet meter: the hourly rule reported this step within its first day
        }
        out.anomaly(dayAnomaly(meter, b, Anomaly.BASELOAD_STEP, baseload, usual, "W", Math.min(score, yesterday),
                standbySentence(baseload, usual, u.days, "for two days")));
    }

    /** The median daily baseload of the meter's history and its robust spread, over {@code days} days. */
    private static final class UsualBaseload {
        final double level;
        final double spread;
        final int days;

        UsualBaseload(double level, double spread, int days) {
            this.level = level;
            this.spread = spread;
            this.days = days;
        }
    }

    /** The usual baseload of the days before the newest {@code leftOut} (a step may have begun in them); null with too few days. */
    private UsualBaseload usualBaseload(MeterBaseline b, int leftOut) {
        float[] earlier = b.baseloads.clone();
        for (int i = 1; i <= leftOut; i++) {
            earlier[Math.floorMod(b.historyNext - i, MeterBaseline.HISTORY_DAYS)] = Float.NaN;
        }
        double usual = DayProfile.median(earlier, settings.baseloadMinDays);
        if (Double.isNaN(usual)) {
            return null;
        }
        int days = 0;
        for (float f : earlier) {
            days += Float.isNaN(f) ? 0 : 1;
        }
        return new UsualBaseload(usual, DayProfile.spread(earlier, usual), days);
    }

    private static String standbySentence(double level, double usual, int days, String howLong) {
        String period = days >= 26 ? "4-week" : days + "-day";
        String times = usual >= 1 ? String.format(Locale.ROOT, "%.1fx", level / usual) : (level > usual ? "far above" : "far below");
        return String.format(Locale.ROOT, "standby %.0f W %s, %s its %s level of %.0f W (%+.0f kWh a year)", level, howLong, times, period,
                usual, (level - usual) * 8.766);
    }

    /** Whether a day's standby is a step up from the usual one. */
    private boolean shows(double standby, double usual, double spread) {
        return standby > usual && stepScore(standby, usual, spread) >= 1;
    }

    /**
     * The standby of the 24 hours ending at ring position {@code newest}: the second lowest of their
     * hourly baseloads (every hour but one is at least this); NaN with fewer than 22 hours known.
     */
    private static double dayStandby(MeterBaseline b, int newest) {
        float[] lows = new float[24];
        int n = 0;
        for (int i = 0; i < 24; i++) {
            float v = b.hourLows[Math.floorMod(newest - i, MeterBaseline.HOUR_LOWS)];
            if (!Float.isNaN(v)) {
                lows[n++] = v;
            }
        }
        if (n < 22) {
            return Double.NaN;
        }
        java.util.Arrays.sort(lows, 0, n);
        return lows[1];
    }

    /**
     * How far a baseload is from the usual one, in thresholds (1 = at the threshold); 0 for no data.
     * The threshold is the larger of the configured ratio and minimum, and four robust standard
     * deviations of the meter's own day-to-day baseload: a house whose standby wanders in winter
     * (heating pumps, holidays) must step further than one whose standby never moves.
     */
    private double stepScore(double baseload, double usual, double spread) {
        if (Double.isNaN(baseload)) {
            return 0;
        }
        double ratio = settings.baseloadStepRatio;
        double wander = Double.isNaN(spread) ? 0 : 4 * spread;
        double up = Math.max(Math.max(usual * (ratio - 1), settings.baseloadStepMinW), wander);
        double down = Math.max(Math.max(usual - usual / ratio, settings.baseloadStepMinW), wander);
        return baseload > usual ? (baseload - usual) / up : (usual - baseload) / down;
    }

    /**
     * A cycle that held (within 15 % of its median on at least 4 of the last 7 days) is gone: the day's
     * autocorrelation near it is under {@link #CYCLE_GONE} of what it was on those days, two days in a
     * row. Judged on every day with data, not only on days with a clear cycle of their own: a compressor
     * that now runs twice as long cycles half as often, so its new cycle often stays under the bar the
     * old one cleared, and on a house with a second cycling load the strongest cycle of the day can be
     * the other load's (or a harmonic of it) while the one that held has vanished. A cycle whose period
     * halves is the exception: its new cycle peaks at the old period too.
     */
    private void checkPeriod(String meter, MeterBaseline b, DayCycle cycle, Output out) {
        int recent = 7;
        float[] last = new float[recent];
        float[] strengths = new float[recent];
        for (int i = 0; i < recent; i++) {
            int day = Math.floorMod(b.historyNext - 1 - i, MeterBaseline.HISTORY_DAYS);
            last[i] = b.periods[day];
            strengths[i] = b.periodStrengths[day];
        }
        double usual = DayProfile.median(last, 4);
        int agreeing = 0;
        for (int i = 0; i < recent; i++) {
            boolean agrees = !Float.isNaN(last[i]) && Math.abs(last[i] - usual) <= 0.15 * usual;
            agreeing += agrees ? 1 : 0;
            strengths[i] = agrees ? strengths[i] : Float.NaN;
        }
        double usualStrength = DayProfile.median(strengths, 4);
        double now = cycle.strengthNear(usual);
        boolean gone = agreeing >= 4 && !Double.isNaN(usualStrength) && now < CYCLE_GONE * usualStrength;
        // A period that halves keeps a peak at the held period (its second harmonic), so the held cycle
        // never looks gone: a clear cycle of the day at half the held period is a change too.
        boolean halved = agreeing >= 4 && cycle.clear(settings.periodMinStrength) && Math.abs(usual - 2 * cycle.period) <= 0.1 * usual;
        boolean changed = gone || halved;
        b.periodChangeDays = changed ? (byte) Math.min(b.periodChangeDays + 1, 100) : 0;
        if (b.periodChangeDays == 2) {
            boolean newCycle = cycle.clear(settings.periodMinStrength) && Math.abs(cycle.period - usual) / usual >= settings.periodChange;
            String explanation = newCycle
                    ? String.format(Locale.ROOT, "the main cycle is %.0f min for two days, it was %.0f min over the week before "
                            + "(autocorrelation %.2f): a fridge or freezer thermostat, door or seal?", cycle.period, usual, cycle.strength)
                    : String.format(Locale.ROOT, "the %.0f-min cycle of the week before has not shown for two days (autocorrelation %.2f, "
                            + "it was %.2f): a fridge or freezer that stopped or cycles differently?", usual, now, usualStrength);
            out.anomaly(dayAnomaly(meter, b, Anomaly.PERIODICITY_CHANGE, newCycle ? (Double) cycle.period : null, usual, "min",
                    periodChangeScore(now, usualStrength, newCycle ? cycle.period : Double.NaN, usual), explanation));
        }
    }

    /**
     * 1 at the threshold of the evidence that decided, as for every other kind: how far the held cycle faded
     * (1 at {@link #CYCLE_GONE} of its usual strength, 1.5 when it is flat), or how far a clear new cycle
     * moved (1 at {@link AnomalySettings#periodChange}: a halved period 1.7, a doubled one 3.3). A halved
     * period still peaks at the held one, so its fading alone can say nothing or less than nothing.
     */
    private double periodChangeScore(double now, double usualStrength, double newPeriod, double usual) {
        double faded = Double.isNaN(usualStrength) ? 0 : (1 - now / usualStrength) / (1 - CYCLE_GONE);
        double moved = Double.isNaN(newPeriod) ? 0 : Math.abs(newPeriod - usual) / usual / settings.periodChange;
        return Math.max(faded, moved);
    }

    /** A day-level anomaly: the whole closing day, judged against the previous days. */
    private Anomaly dayAnomaly(String meter, MeterBaseline b, String kind, Double observed, double expected, String unit, double score,
                               String explanation) {
        return anomaly(meter, b, kind, b.dayStartMs, b.dayEndMs, b.dayEndMs, observed, expected, unit, score, explanation, "history");
    }

    private Anomaly anomaly(String meter, MeterBaseline b, String kind, long startMs, long endMs, long detectedMs, Double observed,
                            Double expected, String unit, double score, String explanation, String level) {
        Anomaly a = new Anomaly();
        a.meterId = meter;
        a.kind = kind;
        a.startMs = startMs;
        a.endMs = endMs;
        a.detectedMs = detectedMs;
        a.observed = observed;
        a.expected = expected;
        a.unit = unit;
        a.score = score;
        a.severity = Anomaly.severityOf(score);
        a.explanation = explanation;
        a.baselineDays = b.historyDays(detectedMs);
        a.baselineLevel = level;
        return a;
    }

    private String clock(long ms) {
        return Instant.ofEpochMilli(ms).atZone(settings.zone).truncatedTo(ChronoUnit.MINUTES).format(CLOCK);
    }

    /** The value as a meter shows it: a minute's mean of identical readings can carry float noise (60.09999999999994). */
    static String trim(double w) {
        return java.math.BigDecimal.valueOf(Math.round(w * 1000) / 1000.0).stripTrailingZeros().toPlainString();
    }

    private static Double nanToNull(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
