package io.wattflow.jobs.eval.nilm;

import io.wattflow.models.ModelManifest.ApplianceSpec;
import io.wattflow.record.ApplianceActivation;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One appliance in one held-out house: per-minute error against two references, energy, ON/OFF
 * classification per minute, and day-level detection ("did it run that day"). Scored on the minutes
 * the house measured, its appliance was metered, and the model estimated.
 */
public final class NilmScore {
    public final String house;
    public final String appliance;
    public final int minutes;
    /** The appliance's activations in the truth (same ON threshold and durations as the model's). */
    public final int runs;
    public final double mae;
    public final double maeAlwaysOff;
    public final double maeMeanPower;
    public final double energyError;
    public final double precision;
    public final double recall;
    public final double f1;
    public final int daysRun;
    public final double dayPrecision;
    public final double dayRecall;

    private NilmScore(String house, String appliance, int minutes, int runs, double mae, double maeAlwaysOff,
            double maeMeanPower, double energyError, double precision, double recall, int daysRun, double dayPrecision,
            double dayRecall) {
        this.house = house;
        this.appliance = appliance;
        this.minutes = minutes;
        this.runs = runs;
        this.mae = mae;
        this.maeAlwaysOff = maeAlwaysOff;
        this.maeMeanPower = maeMeanPower;
        this.energyError = energyError;
        this.precision = precision;
        this.recall = recall;
        this.f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        this.daysRun = daysRun;
        this.dayPrecision = dayPrecision;
        this.dayRecall = dayRecall;
    }

    /**
     * @param meanPowerW the appliance's mean power over the training houses' minutes (the second reference)
     */
    static NilmScore of(NilmHouse house, int a, ApplianceSpec appliance, NilmEstimates estimates, double meanPowerW) {
        float[] truth = house.truthW[a];
        float[] est = estimates.watts[a];
        int n = 0;
        double absErr = 0, absOff = 0, absMean = 0, trueWh = 0, estWh = 0;
        int tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < truth.length; i++) {
            if (Float.isNaN(truth[i]) || Float.isNaN(est[i]) || Float.isNaN(house.aggregateW[i])) {
                continue;
            }
            n++;
            absErr += Math.abs(est[i] - truth[i]);
            absOff += Math.abs(truth[i]);
            absMean += Math.abs(meanPowerW - truth[i]);
            trueWh += truth[i];
            estWh += est[i];
            boolean on = truth[i] >= appliance.onWatts;
            boolean said = est[i] >= appliance.onWatts;
            tp += on && said ? 1 : 0;
            fp += !on && said ? 1 : 0;
            fn += on && !said ? 1 : 0;
        }
        List<int[]> truthRuns = runs(truth, est, house.aggregateW, appliance);
        Set<Long> trueDays = new HashSet<>();
        for (int[] r : truthRuns) {
            trueDays.add(day(house.startMs + r[0] * NilmHouse.MINUTE_MS));
        }
        Set<Long> saidDays = new HashSet<>();
        for (ApplianceActivation act : estimates.activations) {
            if (act.appliance.equals(appliance.name)) {
                saidDays.add(day(act.startMs));
            }
        }
        int both = 0;
        for (Long d : saidDays) {
            both += trueDays.contains(d) ? 1 : 0;
        }
        return new NilmScore(house.name, appliance.name, n, truthRuns.size(), n == 0 ? 0 : absErr / n, n == 0 ? 0 : absOff / n,
                n == 0 ? 0 : absMean / n, trueWh == 0 ? Double.NaN : (estWh - trueWh) / trueWh,
                tp + fp == 0 ? 0 : tp / (double) (tp + fp), tp + fn == 0 ? 0 : tp / (double) (tp + fn), trueDays.size(),
                saidDays.isEmpty() ? 0 : both / (double) saidDays.size(), trueDays.isEmpty() ? 0 : both / (double) trueDays.size());
    }

    private static long day(long ms) {
        return Math.floorDiv(ms, 86_400_000L);
    }

    /** The truth's activations over the scored minutes: ON threshold, bridged OFF gaps, minimum ON time. */
    static List<int[]> runs(float[] truth, float[] est, float[] aggregate, ApplianceSpec appliance) {
        List<int[]> runs = new java.util.ArrayList<>();
        int openStart = -1, lastOn = -1, onMinutes = 0;
        for (int i = 0; i <= truth.length; i++) {
            boolean scored = i < truth.length && !Float.isNaN(truth[i]) && !Float.isNaN(est[i]) && !Float.isNaN(aggregate[i]);
            boolean on = scored && truth[i] >= appliance.onWatts;
            if (openStart >= 0 && (i == truth.length || (i - lastOn) >= appliance.minOffMinutes + (on ? 1 : 0))) {
                if (onMinutes >= appliance.minOnMinutes) {
                    runs.add(new int[] {openStart, lastOn + 1});
                }
                openStart = -1;
            }
            if (on) {
                if (openStart < 0) {
                    openStart = i;
                    onMinutes = 0;
                }
                lastOn = i;
                onMinutes++;
            }
        }
        return runs;
    }
}
