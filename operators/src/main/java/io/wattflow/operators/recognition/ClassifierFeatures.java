package io.wattflow.operators.recognition;

import io.wattflow.record.ApplianceRun;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * What the global appliance classifier reads of a run: only what every meter gives, 1 Hz or 1 min,
 * so one model serves both (the ON step's reactive share and inrush exist only at 1 Hz and are left
 * to the household's own library). Raw values; the model's manifest says how each is normalised.
 * The evaluation writes these same numbers for the training script, so the two never disagree.
 */
public final class ClassifierFeatures {
    /** In the model's input order. */
    public static final List<String> NAMES = List.of("on_step_log10_w", "off_step_log10_w", "duration_log10_s", "off_over_on",
            "hour_sin", "hour_cos", "weekend");
    public static final int COUNT = 7;

    private ClassifierFeatures() {}

    /**
     * Writes the run's features at {@code out[offset..offset + COUNT)}; false (nothing written) for a run
     * the classifier does not judge: one without an OFF (no duration) or without a positive ON step.
     */
    public static boolean of(ApplianceRun run, ZoneId zone, float[] out, int offset) {
        if (run.durationMs == null || run.durationMs <= 0 || !(run.onDeltaW > 0)) {
            return false;
        }
        double off = run.offDeltaW == null ? run.onDeltaW : Math.abs(run.offDeltaW);
        ZonedDateTime start = Instant.ofEpochMilli(run.startMs).atZone(zone);
        double hour = start.getHour() + start.getMinute() / 60.0;
        out[offset] = (float) Math.log10(Math.max(1, run.onDeltaW));
        out[offset + 1] = (float) Math.log10(Math.max(1, off));
        out[offset + 2] = (float) Math.log10(Math.max(1, run.durationMs / 1000.0));
        out[offset + 3] = (float) Math.min(4, off / run.onDeltaW);
        out[offset + 4] = (float) Math.sin(2 * Math.PI * hour / 24);
        out[offset + 5] = (float) Math.cos(2 * Math.PI * hour / 24);
        out[offset + 6] = start.getDayOfWeek().getValue() >= 6 ? 1 : 0;
        return true;
    }
}
