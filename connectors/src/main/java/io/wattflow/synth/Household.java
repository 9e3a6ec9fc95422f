package io.wattflow.synth;

import io.wattflow.record.MeterReading;
import io.wattflow.record.PhaseValues;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * One simulated household behind a three-phase meter, deterministic for a seed. Which appliances it
 * has, their sizes and habits all come from the seed; {@link #next()} advances one second and
 * returns what the meter reads (with measurement noise), while {@link #appliancePowerW()} gives each
 * appliance's true power for that second and label events report every change of state.
 */
public final class Household {
    private static final double[] KETTLE_HOURS = hours(new int[] {7, 8, 12, 16, 17, 19, 21}, 0.2);
    private static final double[] MICROWAVE_HOURS = hours(new int[] {7, 12, 13, 18, 19}, 0.1);
    private static final double[] EVENING = hours(new int[] {17, 18, 19, 20, 21}, 0.05);
    private static final double[] DAYTIME = hours(new int[] {9, 10, 11, 14, 15, 19, 20}, 0.05);
    private static final double[] EV_HOURS = hours(new int[] {17, 18, 19, 20, 22, 23}, 0.02);

    private final String meterId;
    private final SplittableRandom rng;
    private final OutdoorTemperature weather;
    private final List<Appliance> appliances = new ArrayList<>();
    private final int[] lastStage;
    private final double[] lastNominal;
    private final double[] powerW;
    private final double voltageOffset;
    private long epochSecond;

    /** The fridge's ON periods from {@code epochMs} on {@code factor} times as long: a fridge wearing out, for device health. */
    public void wearFridgeFrom(long epochMs, double factor) {
        for (Appliance a : appliances) {
            if (a instanceof CyclingCompressor c && a.name.equals("fridge")) {
                c.wearFrom(Math.floorDiv(epochMs, 1000), factor);
            }
        }
    }

    public Household(String meterId, long seed, long startEpochMs, OutdoorTemperature weather) {
        this.meterId = meterId;
        this.rng = new SplittableRandom(seed);
        this.weather = weather;
        this.epochSecond = Math.floorDiv(startEpochMs, 1000) - 1;
        this.voltageOffset = Appliance.uniform(rng, -4, 4);
        appliances.add(new Standby(0, Appliance.uniform(rng, 25, 140)));
        appliances.add(new CyclingCompressor("fridge", 1, Appliance.uniform(rng, 70, 130), 600, 1500, 1200, 2700, rng));
        if (rng.nextDouble() < 0.6) {
            appliances.add(new CyclingCompressor("freezer", 2, Appliance.uniform(rng, 90, 160), 900, 1800, 1800, 3600, rng));
        }
        appliances.add(new ScheduledLoad("kettle", 0, 1.0, Appliance.uniform(rng, 1800, 3000), 4, KETTLE_HOURS, 90, 240, 0, 8));
        appliances.add(new ScheduledLoad("microwave", 1, 0.95, Appliance.uniform(rng, 900, 1400), 2, MICROWAVE_HOURS, 45, 360, 0, 10));
        appliances.add(new ProgramAppliance("oven", 2, 1.0, new ProgramAppliance.Stage[] {
            new ProgramAppliance.Stage(600, 2100, 0, 0), new ProgramAppliance.Stage(2400, 2100, 150, 40)}, 0.5, EVENING));
        appliances.add(new ProgramAppliance("washing_machine", 0, 0.7, new ProgramAppliance.Stage[] {
            new ProgramAppliance.Stage(240, 12, 0, 0), new ProgramAppliance.Stage(900, 2000, 0, 0),
            new ProgramAppliance.Stage(2400, 220, 15, 30), new ProgramAppliance.Stage(900, 110, 0, 0),
            new ProgramAppliance.Stage(600, 450, 0, 0)}, 0.5, DAYTIME));
        appliances.add(new ProgramAppliance("dishwasher", 1, 0.9, new ProgramAppliance.Stage[] {
            new ProgramAppliance.Stage(600, 60, 0, 0), new ProgramAppliance.Stage(1200, 1900, 0, 0),
            new ProgramAppliance.Stage(1500, 120, 0, 0), new ProgramAppliance.Stage(900, 1900, 0, 0),
            new ProgramAppliance.Stage(1200, 10, 0, 0)}, 0.7, EVENING));
        appliances.add(new Lighting(2, rng));
        if (rng.nextDouble() < 0.4) {
            appliances.add(new ScheduledLoad("ev_charger", 0, 0.99, rng.nextBoolean() ? 7400 : 3700, 0.8, EV_HOURS, 3600, 4 * 3600, 30, 15));
        }
        if (rng.nextDouble() < 0.5) {
            appliances.add(new HeatPump(1, Appliance.uniform(rng, 1200, 2800), rng));
        }
        lastStage = new int[appliances.size()];
        lastNominal = new double[appliances.size()];
        powerW = new double[appliances.size()];
    }

    private static double[] hours(int[] peaks, double base) {
        double[] w = new double[24];
        java.util.Arrays.fill(w, base);
        for (int h : peaks) {
            w[h] += 1.0;
        }
        return w;
    }

    public String meterId() {
        return meterId;
    }

    public List<String> applianceNames() {
        List<String> names = new ArrayList<>();
        for (Appliance a : appliances) {
            names.add(a.name);
        }
        return names;
    }

    public boolean has(String appliance) {
        return applianceNames().contains(appliance);
    }

    /** True power of each appliance in the last second, in the order of {@link #applianceNames()}. */
    public double[] appliancePowerW() {
        return powerW.clone();
    }

    /** Advances one second and returns the meter's reading; label events go to {@code labels}. */
    public MeterReading next(Consumer<LabelEvent> labels) {
        epochSecond++;
        long ms = epochSecond * 1000;
        double outdoor = weather.at(ms);
        double hourOfDay = Math.floorMod(epochSecond, 86_400L) / 3600.0;
        double[] p = new double[3];
        double[] q = new double[3];
        for (int i = 0; i < appliances.size(); i++) {
            Appliance a = appliances.get(i);
            double w = Math.max(0, a.step(epochSecond, hourOfDay, outdoor, rng));
            powerW[i] = w;
            p[a.phase] += w;
            q[a.phase] += w * a.reactiveRatio;
            int stage = a.stage();
            double nominal = a.nominalW();
            if (stage != lastStage[i]) {
                String kind = lastStage[i] == 0 ? "ON" : stage == 0 ? "OFF" : "STEP";
                labels.accept(new LabelEvent(meterId, ms, a.name, kind, nominal - lastNominal[i]));
            }
            lastStage[i] = stage;
            lastNominal[i] = nominal;
        }
        return measure(ms, p, q);
    }

    /** What a three-phase meter reads: voltage sagging with load, a little noise on every value. */
    private MeterReading measure(long ms, double[] p, double[] q) {
        MeterReading r = new MeterReading();
        r.meterId = meterId;
        r.timestampMs = ms;
        PhaseValues[] phases = new PhaseValues[3];
        double totalP = 0, totalQ = 0, totalS = 0, totalI = 0;
        for (int k = 0; k < 3; k++) {
            PhaseValues ph = new PhaseValues();
            double active = round(p[k] * (1 + 0.002 * Appliance.gaussian(rng)) + 0.3 * Appliance.gaussian(rng), 1);
            double reactive = round(q[k] + 0.3 * Appliance.gaussian(rng), 1);
            double apparent = Math.hypot(active, reactive);
            double volts = round(230 + voltageOffset - 0.0008 * p[k] + 0.4 * Appliance.gaussian(rng), 1);
            ph.activePowerW = active;
            ph.reactivePowerVar = reactive;
            ph.apparentPowerVa = round(apparent, 1);
            ph.voltageV = volts;
            ph.currentA = round(apparent / volts, 3);
            ph.powerFactor = apparent < 1 ? 1.0 : round(Math.abs(active) / apparent, 3);
            phases[k] = ph;
            totalP += active;
            totalQ += reactive;
            totalS += apparent;
            totalI += ph.currentA;
        }
        r.activePowerW = round(totalP, 1);
        r.reactivePowerVar = round(totalQ, 1);
        r.apparentPowerVa = round(totalS, 1);
        r.currentA = round(totalI, 3);
        r.powerFactor = totalS < 1 ? 1.0 : round(Math.abs(totalP) / totalS, 3);
        r.frequencyHz = round(50 + 0.02 * Appliance.gaussian(rng), 3);
        r.phaseA = phases[0];
        r.phaseB = phases[1];
        r.phaseC = phases[2];
        return r;
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
