package io.wattflow.jobs.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Precision, recall and F1 of detected event times against ground truth: each detected event may
 * match one true event within the tolerance and vice versa, closest pairs first.
 */
public final class EventScore {
    public final int detected;
    public final int truth;
    public final int matched;
    public final double hours;
    /** Per circuit: {true events, matched}. */
    public final Map<String, int[]> byCircuit = new TreeMap<>();

    private EventScore(int detected, int truth, int matched, double hours) {
        this.detected = detected;
        this.truth = truth;
        this.matched = matched;
        this.hours = hours;
    }

    /** The scores of separate series (sessions of a recording) as one: counts and hours added. */
    public static EventScore sum(List<EventScore> parts) {
        EventScore total = new EventScore(parts.stream().mapToInt(p -> p.detected).sum(), parts.stream().mapToInt(p -> p.truth).sum(),
                parts.stream().mapToInt(p -> p.matched).sum(), parts.stream().mapToDouble(p -> p.hours).sum());
        for (EventScore p : parts) {
            p.byCircuit.forEach((c, v) -> {
                int[] t = total.byCircuit.computeIfAbsent(c, k -> new int[2]);
                t[0] += v[0];
                t[1] += v[1];
            });
        }
        return total;
    }

    public double precision() {
        return detected == 0 ? 0 : (double) matched / detected;
    }

    public double recall() {
        return truth == 0 ? 0 : (double) matched / truth;
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double falsePerHour() {
        return hours == 0 ? 0 : (detected - matched) / hours;
    }

    public static EventScore match(List<Long> detectedMs, List<TruthEvent> truth, long toleranceMs, double hours) {
        List<long[]> pairs = new ArrayList<>(); // {distance, detectedIndex, truthIndex}
        List<Long> sorted = new ArrayList<>(detectedMs);
        sorted.sort(Long::compare);
        int lo = 0;
        for (int ti = 0; ti < truth.size(); ti++) {
            long t = truth.get(ti).timeMs;
            while (lo < sorted.size() && sorted.get(lo) < t - toleranceMs) {
                lo++;
            }
            for (int di = lo; di < sorted.size() && sorted.get(di) <= t + toleranceMs; di++) {
                pairs.add(new long[] {Math.abs(sorted.get(di) - t), di, ti});
            }
        }
        pairs.sort(Comparator.comparingLong(p -> p[0]));
        boolean[] usedDetected = new boolean[sorted.size()];
        boolean[] usedTruth = new boolean[truth.size()];
        int matched = 0;
        for (long[] p : pairs) {
            if (!usedDetected[(int) p[1]] && !usedTruth[(int) p[2]]) {
                usedDetected[(int) p[1]] = true;
                usedTruth[(int) p[2]] = true;
                matched++;
            }
        }
        EventScore score = new EventScore(sorted.size(), truth.size(), matched, hours);
        for (int ti = 0; ti < truth.size(); ti++) {
            int[] c = score.byCircuit.computeIfAbsent(truth.get(ti).circuit, k -> new int[2]);
            c[0]++;
            c[1] += usedTruth[ti] ? 1 : 0;
        }
        return score;
    }
}
