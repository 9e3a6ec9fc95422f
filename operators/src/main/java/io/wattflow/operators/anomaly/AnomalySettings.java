package io.wattflow.operators.anomaly;

import java.io.Serializable;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;

/**
 * Thresholds and calendar of the anomaly detector. Every rule's threshold is here with the default a
 * utility would start from; {@link #validate()} refuses a setting that cannot work, in one sentence.
 */
public final class AnomalySettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The meters' local time zone: hours, days, nights and weekends are local. */
    public ZoneId zone = ZoneId.of("UTC");
    /** Public holidays: their hours are judged like Sundays. */
    public Set<LocalDate> holidays = new HashSet<>();
    /** Price of a kWh, for the yearly cost of the Always-On power. */
    public double tariffPerKwh = 0.30;

    /** Hourly consumption is anomalous beyond this many (robust, log-space) standard deviations. */
    public double bandSigma = 4.0;
    /** ... and only when it is also this far from the expected energy, kWh. */
    public double bandMinDeltaKwh = 0.3;
    /** Consumption anomalies need at least this many past hours in the baseline slot judging them. */
    public int minHoursInSlot = 3;

    /** A day's baseload is a step when it is this many times its level of the previous weeks (or 1/this)... */
    public double baseloadStepRatio = 1.5;
    /** ... and differs from it by at least this many watts. */
    public double baseloadStepMinW = 50;
    /**
     * When a step up is reported: when two days show it (the default), when the last 24 hours do
     * (measured on real houses: about four times the false alerts, one day's standby moves more often
     * than two days' do), or within a day on meters whose standby has been quiet.
     */
    public BaseloadStepRule baseloadStep = BaseloadStepRule.TWO_DAYS;
    /** Days of baseload history needed before a step is judged. */
    public int baseloadMinDays = 3;

    /** Power below this magnitude counts as zero, W. */
    public double zeroW = 1.0;
    public Duration zeroRun = Duration.ofMinutes(60);
    /** On a consumption meter, power below minus this is negative, W. */
    public double negativeW = 10.0;
    /** Meters that may export (PV): negative power is normal for them. */
    public Set<String> bidirectionalMeters = new HashSet<>();
    /** Identical readings for this long make a stuck meter. */
    public Duration stuckRun = Duration.ofMinutes(60);
    /** No data for this long is a missing-data anomaly. */
    public Duration missingAfter = Duration.ofMinutes(60);
    /**
     * An isolated minute above twice the meter's usual daily peak is a spike; before a day of history
     * only power above this many watts is (a 100 A single-phase supply peaks near 23 kW).
     */
    public double spikeAbsoluteW = 25_000;
    /** A day's dominant cycle holds when its autocorrelation (summed over the lag and its neighbours) is at least this. */
    public double periodMinStrength = 0.15;
    /** When an established cycle is gone, the day's own clear cycle is named as its new one if this share or more away from it. */
    public double periodChange = 0.3;

    /** Baseline state of a meter silent for this long is dropped. */
    public Duration stateTtl = Duration.ofDays(35);

    public static AnomalySettings defaults() {
        return new AnomalySettings();
    }

    public AnomalySettings validate() {
        require(bandSigma > 0, "Set --band-sigma to a positive number of standard deviations (4 is the default).");
        require(baseloadStepRatio > 1, "Set the baseload step ratio above 1 (1.5 is the default).");
        require(zeroW >= 0 && negativeW >= 0, "Set the zero and negative power limits to zero or more watts.");
        require(positive(zeroRun) && positive(stuckRun) && positive(missingAfter) && positive(stateTtl),
                "Set --zero-run, --stuck-run, --missing-after and --baseline-ttl to positive durations such as 60m.");
        require(!stateTtl.minus(Duration.ofDays(28)).isNegative(),
                "Set --baseline-ttl to at least 28d: baselines compare against four weeks of history.");
        require(spikeAbsoluteW > 0, "Set the absolute spike limit to a positive power in watts.");
        require(periodChange > 0 && periodMinStrength > 0 && periodMinStrength < 1,
                "Set the period change above 0 and the period strength between 0 and 1.");
        return this;
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isZero() && !d.isNegative();
    }

    private static void require(boolean ok, String sentence) {
        if (!ok) {
            throw new IllegalArgumentException(sentence);
        }
    }
}
