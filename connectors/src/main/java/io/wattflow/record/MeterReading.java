package io.wattflow.record;

import org.apache.avro.reflect.Nullable;

import java.time.Instant;
import java.util.Objects;

/**
 * One instantaneous reading of a meter (typically 1 Hz). The totals are the meter's own totals
 * (or the sum of its phases); per-phase values are present only for meters that report them.
 *
 * <p>A Flink POJO: public fields, a no-argument constructor, no generic types, so Flink serializes it
 * with its POJO serializer and never falls back to Kryo.
 */
public class MeterReading {
    public String meterId;
    /** Event time, epoch milliseconds UTC. */
    public long timestampMs;
    /** Total active power in W; positive = consumption from the grid. Always present. */
    public double activePowerW;
    @Nullable public Double reactivePowerVar;
    @Nullable public Double apparentPowerVa;
    @Nullable public Double voltageV;
    @Nullable public Double currentA;
    @Nullable public Double powerFactor;
    @Nullable public Double frequencyHz;
    @Nullable public PhaseValues phaseA;
    @Nullable public PhaseValues phaseB;
    @Nullable public PhaseValues phaseC;

    public MeterReading() {}

    public MeterReading(String meterId, long timestampMs, double activePowerW) {
        this.meterId = meterId;
        this.timestampMs = timestampMs;
        this.activePowerW = activePowerW;
    }

    /** Every measured number (totals and phases), for checks that apply to all of them. */
    public Double[] measuredValues() {
        Double[] totals = {activePowerW, reactivePowerVar, apparentPowerVa, voltageV, currentA, powerFactor, frequencyHz};
        Double[] all = new Double[totals.length + 18];
        System.arraycopy(totals, 0, all, 0, totals.length);
        int i = totals.length;
        for (PhaseValues phase : new PhaseValues[] {phaseA, phaseB, phaseC}) {
            if (phase != null) {
                System.arraycopy(phase.values(), 0, all, i, 6);
            }
            i += 6;
        }
        return all;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MeterReading)) {
            return false;
        }
        MeterReading r = (MeterReading) o;
        return timestampMs == r.timestampMs
                && Double.compare(activePowerW, r.activePowerW) == 0
                && Objects.equals(meterId, r.meterId)
                && Objects.equals(reactivePowerVar, r.reactivePowerVar)
                && Objects.equals(apparentPowerVa, r.apparentPowerVa)
                && Objects.equals(voltageV, r.voltageV)
                && Objects.equals(currentA, r.currentA)
                && Objects.equals(powerFactor, r.powerFactor)
                && Objects.equals(frequencyHz, r.frequencyHz)
                && Objects.equals(phaseA, r.phaseA)
                && Objects.equals(phaseB, r.phaseB)
                && Objects.equals(phaseC, r.phaseC);
    }

    @Override
    public int hashCode() {
        return Objects.hash(meterId, timestampMs, activePowerW);
    }

    @Override
    public String toString() {
        return "MeterReading{" + meterId + " @ " + Instant.ofEpochMilli(timestampMs) + ", P=" + activePowerW
                + (reactivePowerVar != null ? ", Q=" + reactivePowerVar : "")
                + (phaseA != null ? ", a=" + phaseA : "")
                + (phaseB != null ? ", b=" + phaseB : "")
                + (phaseC != null ? ", c=" + phaseC : "") + '}';
    }
}
