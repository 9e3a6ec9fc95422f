package io.wattflow.record;

import java.util.Objects;

/**
 * One accepted reading's active power, for the {@code power_samples} output that lets a dashboard
 * zoom a trace down to single readings. Written only when asked: at 1 Hz it is 86,400 rows per meter
 * and day, where the 1-min intervals are 1,440.
 */
public class PowerSample {
    public String meterId;
    public long timestampMs;
    public double activePowerW;

    public PowerSample() {}

    public PowerSample(String meterId, long timestampMs, double activePowerW) {
        this.meterId = meterId;
        this.timestampMs = timestampMs;
        this.activePowerW = activePowerW;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PowerSample p && timestampMs == p.timestampMs && activePowerW == p.activePowerW
                && Objects.equals(meterId, p.meterId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(meterId, timestampMs, activePowerW);
    }

    @Override
    public String toString() {
        return "PowerSample{" + meterId + " @" + timestampMs + " " + activePowerW + " W}";
    }
}
