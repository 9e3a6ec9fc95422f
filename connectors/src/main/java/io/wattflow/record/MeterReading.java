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

    /**
     * Whether every measured number (totals and phases) is finite or not measured. Checked per reading
     * without collecting the values into an array first (that array and its copies were 4 % of the bytes
     * the detection job allocated).
     */
    public boolean measuredValuesFinite() {
        return Double.isFinite(activePowerW) && finiteOrAbsent(reactivePowerVar) && finiteOrAbsent(apparentPowerVa)
                && finiteOrAbsent(voltageV) && finiteOrAbsent(currentA) && finiteOrAbsent(powerFactor) && finiteOrAbsent(frequencyHz)
                && (phaseA == null || phaseA.finiteOrAbsent()) && (phaseB == null || phaseB.finiteOrAbsent())
                && (phaseC == null || phaseC.finiteOrAbsent());
    }

    static boolean finiteOrAbsent(Double v) {
        return v == null || Double.isFinite(v);
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
