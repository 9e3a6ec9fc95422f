package io.wattflow.record;

import org.apache.avro.reflect.Nullable;

import java.util.Objects;

/**
 * Electrical values of one phase. Every field is nullable: a meter that does not measure a value
 * leaves it null, never 0, so "not measured" and "zero" stay different things downstream.
 */
public class PhaseValues {
    @Nullable public Double activePowerW;
    @Nullable public Double reactivePowerVar;
    @Nullable public Double apparentPowerVa;
    @Nullable public Double voltageV;
    @Nullable public Double currentA;
    @Nullable public Double powerFactor;

    public PhaseValues() {}

    public boolean isEmpty() {
        return activePowerW == null && reactivePowerVar == null && apparentPowerVa == null
                && voltageV == null && currentA == null && powerFactor == null;
    }

    /** Whether every measured value is finite or not measured. */
    public boolean finiteOrAbsent() {
        return MeterReading.finiteOrAbsent(activePowerW) && MeterReading.finiteOrAbsent(reactivePowerVar)
                && MeterReading.finiteOrAbsent(apparentPowerVa) && MeterReading.finiteOrAbsent(voltageV)
                && MeterReading.finiteOrAbsent(currentA) && MeterReading.finiteOrAbsent(powerFactor);
    }

    /** Every measured value, in the order the serializers write them. */
    public Double[] values() {
        return new Double[] {activePowerW, reactivePowerVar, apparentPowerVa, voltageV, currentA, powerFactor};
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PhaseValues)) {
            return false;
        }
        PhaseValues p = (PhaseValues) o;
        return Objects.equals(activePowerW, p.activePowerW)
                && Objects.equals(reactivePowerVar, p.reactivePowerVar)
                && Objects.equals(apparentPowerVa, p.apparentPowerVa)
                && Objects.equals(voltageV, p.voltageV)
                && Objects.equals(currentA, p.currentA)
                && Objects.equals(powerFactor, p.powerFactor);
    }

    @Override
    public int hashCode() {
        return Objects.hash(activePowerW, reactivePowerVar, apparentPowerVa, voltageV, currentA, powerFactor);
    }

    @Override
    public String toString() {
        return "PhaseValues{P=" + activePowerW + ", Q=" + reactivePowerVar + ", S=" + apparentPowerVa
                + ", U=" + voltageV + ", I=" + currentA + ", pf=" + powerFactor + '}';
    }
}
