package io.wattflow.operators.runs;

import io.wattflow.record.ApplianceRun;
import io.wattflow.record.LoadEvent;

import java.io.Serializable;
import java.time.Duration;

/**
 * When an OFF event closes an ON event: the sizes match within a tolerance, within a maximum run time.
 * An OFF may be smaller than its ON by more than it may be larger: a compressor's or a motor's draw falls
 * from its start as it runs (REDD house 5's refrigerator: OFF/ON median 0.88, a tenth of its cycles under
 * 0.80), while a load rarely ends drawing more than it began with.
 */
public final class RunPairing implements Serializable {
    private static final long serialVersionUID = 1L;
    /** How long a run may last by default ({@code --max-run}): an ON with no OFF by then is an unmatched run. */
    public static final Duration DEFAULT_MAX_RUN = Duration.ofHours(6);

    private final double toleranceW;
    private final double toleranceRelative;
    private final double smallerOffRelative;
    private final Duration maxDuration;

    /** An OFF larger than the ON within {@code toleranceW} or {@code toleranceRelative} of it, smaller within {@code smallerOffRelative}. */
    public RunPairing(double toleranceW, double toleranceRelative, double smallerOffRelative, Duration maxDuration) {
        if (toleranceW < 0 || toleranceRelative < 0 || smallerOffRelative < 0 || maxDuration.isZero() || maxDuration.isNegative()) {
            throw new IllegalArgumentException("Run pairing needs tolerances not negative and a positive maximum duration.");
        }
        this.toleranceW = toleranceW;
        this.toleranceRelative = toleranceRelative;
        this.smallerOffRelative = smallerOffRelative;
        this.maxDuration = maxDuration;
    }

    /** OFF within 25 W or 15 % of the ON step (25 % when smaller), within {@link #DEFAULT_MAX_RUN}. */
    public static RunPairing defaults() {
        return defaults(DEFAULT_MAX_RUN);
    }

    /** The default sizes, within {@code maxDuration} ({@code --max-run}). */
    public static RunPairing defaults(Duration maxDuration) {
        return new RunPairing(25, 0.15, 0.25, maxDuration);
    }

    public Duration maxDuration() {
        return maxDuration;
    }

    public boolean closes(LoadEvent on, LoadEvent off) {
        if (on.deltaActivePowerW <= 0 || off.deltaActivePowerW >= 0 || off.timestampMs <= on.timestampMs
                || off.timestampMs - on.timestampMs > maxDuration.toMillis()) {
            return false;
        }
        double onW = on.deltaActivePowerW;
        double offW = -off.deltaActivePowerW;
        double relative = offW < onW ? smallerOffRelative : toleranceRelative;
        return Math.abs(onW - offW) <= Math.max(toleranceW, relative * onW);
    }

    public static ApplianceRun matched(LoadEvent on, LoadEvent off) {
        ApplianceRun run = new ApplianceRun();
        run.meterId = on.meterId;
        run.startMs = on.timestampMs;
        run.endMs = off.timestampMs;
        run.durationMs = off.timestampMs - on.timestampMs;
        run.onDeltaW = on.deltaActivePowerW;
        run.offDeltaW = off.deltaActivePowerW;
        run.meanPowerW = (on.deltaActivePowerW - off.deltaActivePowerW) / 2;
        run.energyKwh = run.meanPowerW * run.durationMs / 3_600_000.0 / 1000.0;
        run.status = ApplianceRun.MATCHED;
        signature(run, on);
        return run;
    }

    public static ApplianceRun unmatched(LoadEvent on) {
        ApplianceRun run = unmatched(on.meterId, on.timestampMs, on.deltaActivePowerW);
        signature(run, on);
        return run;
    }

    private static void signature(ApplianceRun run, LoadEvent on) {
        run.onDeltaVar = on.deltaReactivePowerVar;
        run.inrushW = on.transientPeakW - on.levelBeforeW;
        run.settlingMs = on.settlingMs;
    }

    /** A run whose ON found no OFF: start and size only. */
    public static ApplianceRun unmatched(String meterId, long startMs, double onDeltaW) {
        ApplianceRun run = new ApplianceRun();
        run.meterId = meterId;
        run.startMs = startMs;
        run.onDeltaW = onDeltaW;
        run.meanPowerW = onDeltaW;
        run.status = ApplianceRun.UNMATCHED;
        return run;
    }
}
