package io.wattflow.jobs.eval.heatpump;

import io.wattflow.operators.heatpump.DetectionGate;
import io.wattflow.record.HeatPumpDetection;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the stage's gate reads for one meter, from the detections an evaluation job wrote: at each
 * window's end the median probability of the meter's last {@value DetectionGate#WINDOWS} windows up to
 * it, as {@link DetectionGate} computes it.
 */
final class DetectionMedians {
    private static final long DAY_MS = BaseloadRule.DAY_MS;

    /** The meter's windows in time order. */
    final List<HeatPumpDetection> windows;
    /** Window end -> median probability. */
    final Map<Long, Double> byWindowEnd = new HashMap<>();
    double threshold = 0.5;

    private DetectionMedians(List<HeatPumpDetection> windows) {
        this.windows = windows;
    }

    static DetectionMedians of(List<HeatPumpDetection> detections, String meterId) {
        DetectionMedians m = new DetectionMedians(detections.stream().filter(d -> d.meterId.equals(meterId))
                .sorted(Comparator.comparingLong(d -> d.windowEndMs)).toList());
        for (int i = 0; i < m.windows.size(); i++) {
            List<HeatPumpDetection> last = m.windows.subList(Math.max(0, i - DetectionGate.WINDOWS + 1), i + 1);
            float[] p = new float[last.size()];
            for (int k = 0; k < p.length; k++) {
                p[k] = (float) last.get(k).probability;
            }
            m.byWindowEnd.put(m.windows.get(i).windowEndMs, (double) DetectionGate.median(p));
            m.threshold = m.windows.get(i).threshold;
        }
        return m;
    }

    /** The median the gate reads for the interval starting at {@code startMs}: its window ends at the next UTC midnight. */
    double at(long startMs) {
        return byWindowEnd.getOrDefault((Math.floorDiv(startMs, DAY_MS) + 1) * DAY_MS, 0.0);
    }
}
