package io.wattflow.jobs.eval;

import io.wattflow.operators.changepoint.ChangepointPipeline;
import io.wattflow.operators.changepoint.EdgeState;
import io.wattflow.operators.changepoint.SteadyStateEdgeDetector;
import io.wattflow.record.LoadEvent;
import io.wattflow.replay.ChannelSample;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores changepoint detectors on a sub-metered recording. Ground truth: the switching transitions of
 * the individual circuits, found by a fixed steady-segment rule on each circuit alone (steps of at
 * least {@link #TRUTH_MIN_STEP_W}; a circuit's own signal is clean enough for that). Transitions of
 * several circuits within {@link #SIMULTANEOUS_MS} in the same direction (the two legs of a 240 V
 * appliance) are one event in the sum. The input to the detectors is the whole-house sum.
 */
public final class EventEvaluation {
    public static final double TRUTH_MIN_STEP_W = 30;
    public static final long SIMULTANEOUS_MS = 5_000;
    public static final long MATCH_TOLERANCE_MS = 10_000;
    /** Stretches without samples longer than this are not counted in the hours of data. */
    static final long GAP_MS = 60_000;

    private EventEvaluation() {}

    public static List<TruthEvent> truth(List<ChannelSample> samples, List<String> circuits) {
        return truth(samples, circuits, false);
    }

    /**
     * The stricter truth: each circuit median-filtered over 3 readings, steady only for 3 samples within
     * 10 W + 5 % + 3 times its own noise (the median absolute step of the circuit), so that noisy or
     * drifting stretches make no transitions. Closer to how an independent scorer judged wattflow.
     */
    public static List<TruthEvent> strictTruth(List<ChannelSample> samples, List<String> circuits) {
        return truth(samples, circuits, true);
    }

    private static List<TruthEvent> truth(List<ChannelSample> samples, List<String> circuits, boolean strict) {
        List<TruthEvent> events = new ArrayList<>();
        for (int c = 0; c < circuits.size(); c++) {
            events.addAll(strict ? strictCircuitTransitions(samples, c, circuits.get(c)) : circuitTransitions(samples, c, circuits.get(c)));
        }
        events.sort((a, b) -> Long.compare(a.timeMs, b.timeMs));
        List<TruthEvent> merged = new ArrayList<>();
        for (TruthEvent e : events) {
            TruthEvent last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && e.timeMs - last.timeMs <= SIMULTANEOUS_MS && Math.signum(e.deltaW) == Math.signum(last.deltaW)) {
                // Credited to the circuit with the larger step.
                String circuit = Math.abs(e.deltaW) > Math.abs(last.deltaW) ? e.circuit : last.circuit;
                merged.set(merged.size() - 1, new TruthEvent(last.timeMs, circuit, last.deltaW + e.deltaW));
            } else {
                merged.add(e);
            }
        }
        return merged;
    }

    /**
     * The switching transitions of one circuit, by a fixed rule independent of the detectors under
     * test: the circuit is steady while samples stay within 10 W + 5 % of the segment's mean for at
     * least 2 samples; consecutive steady segments whose means differ by 30 W or more are a transition,
     * placed at the first sample after the earlier segment.
     */
    static List<TruthEvent> circuitTransitions(List<ChannelSample> samples, int channel, String circuit) {
        long[] times = new long[samples.size()];
        double[] watts = new double[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            times[i] = samples.get(i).aggregate.timestampMs;
            watts[i] = samples.get(i).channelsW[channel];
        }
        return transitions(times, watts, circuit, 2, 0);
    }

    static List<TruthEvent> strictCircuitTransitions(List<ChannelSample> samples, int channel, String circuit) {
        int n = samples.size();
        long[] times = new long[n];
        double[] raw = new double[n];
        for (int i = 0; i < n; i++) {
            times[i] = samples.get(i).aggregate.timestampMs;
            raw[i] = samples.get(i).channelsW[channel];
        }
        double[] filtered = new double[n];
        for (int i = 0; i < n; i++) {
            filtered[i] = i == 0 || i == n - 1 ? raw[i] : median3(raw[i - 1], raw[i], raw[i + 1]);
        }
        List<Double> steps = new ArrayList<>();
        for (int i = 1; i < n; i++) {
            if (!Double.isNaN(filtered[i]) && !Double.isNaN(filtered[i - 1])) {
                steps.add(Math.abs(filtered[i] - filtered[i - 1]));
            }
        }
        steps.sort(Double::compare);
        double noise = steps.isEmpty() ? 0 : steps.get(steps.size() / 2);
        return transitions(times, filtered, circuit, 3, 3 * noise);
    }

    private static double median3(double a, double b, double c) {
        if (Double.isNaN(a) || Double.isNaN(b) || Double.isNaN(c)) {
            return b;
        }
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    /** Steady segments (within 10 W + 5 % + {@code extraTolerance} for {@code minSamples}) and the steps between them. */
    private static List<TruthEvent> transitions(long[] times, double[] watts, String circuit, int minSamples, double extraTolerance) {
        List<TruthEvent> events = new ArrayList<>();
        double mean = Double.NaN;
        int count = 0;
        long segmentStart = 0;
        double steadyMean = Double.NaN;
        long leftSteadyAt = -1;
        boolean segmentSteady = false;
        for (int i = 0; i < times.length; i++) {
            double w = watts[i];
            long t = times[i];
            if (Double.isNaN(w)) {
                continue;
            }
            if (count > 0 && Math.abs(w - mean) <= 10 + 0.05 * Math.abs(mean) + extraTolerance) {
                count++;
                mean += (w - mean) / count;
            } else {
                if (segmentSteady) {
                    steadyMean = mean;
                    leftSteadyAt = t;
                }
                mean = w;
                count = 1;
                segmentStart = t;
                segmentSteady = false;
            }
            if (!segmentSteady && count >= minSamples) {
                segmentSteady = true;
                if (!Double.isNaN(steadyMean) && Math.abs(mean - steadyMean) >= TRUTH_MIN_STEP_W) {
                    events.add(new TruthEvent(leftSteadyAt >= 0 ? leftSteadyAt : segmentStart, circuit, mean - steadyMean));
                }
            }
        }
        return events;
    }

    public static <S> List<LoadEvent> detect(ChangepointPipeline<S> pipeline, List<ChannelSample> samples) {
        ChangepointPipeline<S>.Meter meter = pipeline.new Meter("house");
        List<LoadEvent> events = new ArrayList<>();
        for (ChannelSample s : samples) {
            LoadEvent e = meter.add(s.aggregate.timestampMs, s.aggregate.activePowerW, s.aggregate.reactivePowerVar);
            if (e != null) {
                events.add(e);
            }
        }
        // The end of the series, as the job at the end of a bounded input and `wattflow detect` at the
        // end of a file: a change still settling is measured from the samples there are.
        LoadEvent last = meter.flush();
        if (last != null) {
            events.add(last);
        }
        return events;
    }

    /**
     * The samples on a 1 s grid, each second carrying the last reading before it (no reading across a
     * silence longer than {@link #GAP_MS}): how a 1 Hz meter would have seen the same house.
     */
    public static List<ChannelSample> onOneSecondGrid(List<ChannelSample> samples) {
        List<ChannelSample> grid = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            ChannelSample s = samples.get(i);
            long until = i + 1 < samples.size() ? samples.get(i + 1).aggregate.timestampMs : s.aggregate.timestampMs + 1_000;
            if (until - s.aggregate.timestampMs > GAP_MS) {
                until = s.aggregate.timestampMs + 1_000;
            }
            for (long t = s.aggregate.timestampMs; t < until; t += 1_000) {
                io.wattflow.record.MeterReading r = new io.wattflow.record.MeterReading(s.aggregate.meterId, t, s.aggregate.activePowerW);
                r.reactivePowerVar = s.aggregate.reactivePowerVar;
                grid.add(new ChannelSample(r, s.channelsW));
            }
        }
        return grid;
    }

    public static double hours(List<ChannelSample> samples) {
        long covered = 0;
        for (int i = 1; i < samples.size(); i++) {
            long step = samples.get(i).aggregate.timestampMs - samples.get(i - 1).aggregate.timestampMs;
            if (step <= GAP_MS) {
                covered += step;
            }
        }
        return covered / 3_600_000.0;
    }

    /** The plain baseline: the raw detections of a steady-state edge detector, without signatures. */
    public static EventScore plainEdgeBaseline(List<ChannelSample> samples, List<TruthEvent> truth) {
        SteadyStateEdgeDetector plain = new SteadyStateEdgeDetector(10, 0, 0, TRUTH_MIN_STEP_W); // steady over 2 samples
        EdgeState state = plain.newState();
        List<Long> times = new ArrayList<>();
        for (ChannelSample s : samples) {
            io.wattflow.operators.changepoint.Detection d = plain.update(state, s.aggregate.timestampMs, s.aggregate.activePowerW);
            if (d != null) {
                times.add(d.changeMs);
            }
        }
        return EventScore.match(times, truth, MATCH_TOLERANCE_MS, hours(samples));
    }

    public static EventScore score(ChangepointPipeline<?> pipeline, List<ChannelSample> samples, List<TruthEvent> truth) {
        List<Long> times = new ArrayList<>();
        for (LoadEvent e : detect(pipeline, samples)) {
            times.add(e.timestampMs);
        }
        return EventScore.match(times, truth, MATCH_TOLERANCE_MS, hours(samples));
    }
}
