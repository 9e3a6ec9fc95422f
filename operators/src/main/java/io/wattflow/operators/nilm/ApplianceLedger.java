package io.wattflow.operators.nilm;

import io.wattflow.models.ModelManifest.ApplianceSpec;
import io.wattflow.record.ApplianceActivation;
import io.wattflow.record.ApplianceEnergyDaily;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Keeps a meter's books from its per-minute appliance split: activations (an appliance ON at or
 * above its manifest's power, gaps shorter than its minimum OFF time bridged, runs shorter than its
 * minimum ON time dropped) and the energy of each local day per appliance and "other". The Flink
 * operator and {@code wattflow eval nilm} both keep their books here.
 */
public final class ApplianceLedger {
    /** Where closed activations and days go. */
    public interface Books {
        void activation(ApplianceActivation a);

        void day(ApplianceEnergyDaily d);
    }

    /** Told of each minute a window booked, with its split. */
    public interface MinuteBooked {
        void booked(long minuteMs, float[] watts, float[] probability, float otherW);
    }

    private final NilmModelSpec spec;
    private final ZoneId zone;
    // Scratch for window(): one ledger per operator instance (or evaluation run), used by one thread.
    private final float[] split;
    private final float[] other;
    private final float[] minuteWatts;
    private final float[] minuteProbability;

    public ApplianceLedger(NilmModelSpec spec, ZoneId zone) {
        this.spec = spec;
        this.zone = zone;
        this.split = new float[spec.applianceCount() * spec.estimates];
        this.other = new float[spec.estimates];
        this.minuteWatts = new float[spec.applianceCount()];
        this.minuteProbability = new float[spec.applianceCount()];
    }

    /**
     * Splits one window's estimated minutes ({@link ApplianceSplit}) and books each: {@code measuredW} is
     * the meter's power in those minutes, NaN where it sent nothing (such a minute is not booked: the
     * model read the minute before carried over); {@code output} is the model's output for the window.
     * {@code booked}, if given, hears of every minute booked. {@code modelVersion}: the version that
     * computed {@code output}, which the rows its minutes make up carry.
     */
    public void window(String meterId, NilmState s, long firstMinuteMs, float[] measuredW, float[] output, String modelVersion,
            Books books, MinuteBooked booked) {
        int a = spec.applianceCount();
        int steps = spec.estimates;
        ApplianceSplit.split(measuredW, output, a, split, other);
        for (int t = 0; t < steps; t++) {
            if (Float.isNaN(measuredW[t])) {
                continue;
            }
            for (int i = 0; i < a; i++) {
                minuteWatts[i] = split[i * steps + t];
                minuteProbability[i] = ApplianceSplit.probability(output, a, steps, i, t);
            }
            long minuteMs = firstMinuteMs + t * spec.periodMs;
            if (minute(meterId, s, minuteMs, measuredW[t], minuteWatts, minuteProbability, modelVersion, books) && booked != null) {
                booked.booked(minuteMs, minuteWatts, minuteProbability, other[t]);
            }
        }
    }

    /**
     * Books one estimated minute. Minutes must come in time order; one already booked is ignored.
     * @return false if the minute was booked before
     */
    public boolean minute(String meterId, NilmState s, long startMs, float measuredW, float[] watts, float[] probability,
            String modelVersion, Books books) {
        if (s.nextMinuteMs != NilmState.NONE && startMs < s.nextMinuteMs) {
            return false;
        }
        long period = spec.periodMs;
        s.nextMinuteMs = startMs + period;
        if (!s.dayOpen() || startMs >= s.dayEndMs) {
            closeDay(meterId, s, books);
            LocalDate day = Instant.ofEpochMilli(startMs).atZone(zone).toLocalDate();
            s.dayStartMs = day.atStartOfDay(zone).toInstant().toEpochMilli();
            s.dayEndMs = day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        }
        // An activation open across a switch is closed under the version that ends it.
        if (s.dayModelVersions == null) {
            s.dayModelVersions = modelVersion;
        } else if (!modelVersion.equals(s.lastModelVersion)) {
            s.dayModelVersions = s.dayModelVersions + "+" + modelVersion;
        }
        s.lastModelVersion = modelVersion;
        double hours = period / 3_600_000.0;
        s.measuredWh += Math.max(0f, measuredW) * hours;
        s.dayMinutes++;
        for (int a = 0; a < spec.applianceCount(); a++) {
            ApplianceSpec appliance = spec.appliances.get(a);
            s.dayWh[a] += watts[a] * hours;
            boolean on = watts[a] >= appliance.onWatts;
            boolean open = s.openStartMs[a] != NilmState.NONE;
            long offFor = (startMs + (on ? 0 : period)) - s.lastOnEndMs[a];
            if (open && offFor >= appliance.minOffMinutes * period) {
                closeActivation(meterId, s, a, books);
                open = false;
            }
            if (on) {
                if (!open) {
                    s.openStartMs[a] = startMs;
                    s.energyWh[a] = 0;
                    s.peakW[a] = 0;
                    s.probabilitySum[a] = 0;
                    s.onMinutes[a] = 0;
                }
                s.lastOnEndMs[a] = startMs + period;
                s.energyWh[a] += watts[a] * hours;
                s.peakW[a] = Math.max(s.peakW[a], watts[a]);
                s.probabilitySum[a] += probability[a];
                s.onMinutes[a]++;
            }
        }
        return true;
    }

    /** Writes the open day's rows (one per appliance and "other") and starts none. */
    public void closeDay(String meterId, NilmState s, Books books) {
        if (!s.dayOpen()) {
            return;
        }
        double appliancesWh = 0;
        for (int a = 0; a < spec.applianceCount(); a++) {
            books.day(day(meterId, s, spec.applianceName(a), s.dayWh[a]));
            appliancesWh += s.dayWh[a];
            s.dayWh[a] = 0;
        }
        books.day(day(meterId, s, ApplianceEnergyDaily.OTHER, Math.max(0, s.measuredWh - appliancesWh)));
        s.dayStartMs = NilmState.NONE;
        s.dayEndMs = NilmState.NONE;
        s.measuredWh = 0;
        s.dayMinutes = 0;
        s.dayModelVersions = null;
    }

    /** Closes every open activation (the meter's estimates stopped) and the day. */
    public void closeAll(String meterId, NilmState s, Books books) {
        for (int a = 0; a < spec.applianceCount(); a++) {
            if (s.openStartMs[a] != NilmState.NONE) {
                closeActivation(meterId, s, a, books);
            }
        }
        closeDay(meterId, s, books);
    }

    private void closeActivation(String meterId, NilmState s, int a, Books books) {
        if (s.onMinutes[a] >= spec.appliances.get(a).minOnMinutes) {
            ApplianceActivation r = new ApplianceActivation();
            r.meterId = meterId;
            r.appliance = spec.applianceName(a);
            r.startMs = s.openStartMs[a];
            r.endMs = s.lastOnEndMs[a];
            r.energyWh = s.energyWh[a];
            r.peakW = s.peakW[a];
            r.confidence = s.probabilitySum[a] / s.onMinutes[a];
            r.model = spec.model;
            r.modelVersion = s.lastModelVersion != null ? s.lastModelVersion : spec.version;
            books.activation(r);
        }
        s.openStartMs[a] = NilmState.NONE;
    }

    private ApplianceEnergyDaily day(String meterId, NilmState s, String appliance, double wh) {
        ApplianceEnergyDaily d = new ApplianceEnergyDaily();
        d.meterId = meterId;
        d.dayStartMs = s.dayStartMs;
        d.appliance = appliance;
        d.kwh = wh / 1000;
        d.measuredKwh = s.measuredWh / 1000;
        d.share = s.measuredWh > 0 ? wh / s.measuredWh : 0;
        d.minutes = s.dayMinutes;
        d.model = spec.model;
        d.modelVersion = s.dayModelVersions != null ? s.dayModelVersions : spec.version;
        return d;
    }
}
