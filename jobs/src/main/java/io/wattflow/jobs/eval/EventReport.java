package io.wattflow.jobs.eval;

import io.wattflow.operators.changepoint.ChangeDetectors;
import io.wattflow.replay.ChannelSample;
import io.wattflow.replay.Datasets;
import io.wattflow.replay.LabSessionReader;
import io.wattflow.replay.ReddHouseReader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/** The event-detection table of the README: every detector on every sub-metered recording present. */
public final class EventReport {
    /**
     * One recording: its sessions (series recorded apart, each scored as its own meter), their samples
     * and ground truth.
     */
    public static final class Recording {
        public final String name;
        public final List<List<ChannelSample>> sessions;
        public final List<List<TruthEvent>> truthBySession = new ArrayList<>();
        public final List<ChannelSample> samples = new ArrayList<>();
        public final List<TruthEvent> truth = new ArrayList<>();

        public final List<String> circuits;
        public final boolean strict;

        Recording(String name, List<List<ChannelSample>> sessions, List<String> circuits) {
            this(name, sessions, circuits, false);
        }

        Recording(String name, List<List<ChannelSample>> sessions, List<String> circuits, boolean strict) {
            this(name, sessions, circuits, strict, sessions);
        }

        /** @param truthFrom the sessions the truth is taken from: the same house, perhaps sampled otherwise */
        Recording(String name, List<List<ChannelSample>> sessions, List<String> circuits, boolean strict,
                  List<List<ChannelSample>> truthFrom) {
            this(name, sessions, circuits, strict, (IntFunction<List<TruthEvent>>) i -> strict
                    ? EventEvaluation.strictTruth(truthFrom.get(i), circuits) : EventEvaluation.truth(truthFrom.get(i), circuits));
        }

        /** @param truthOf each session's truth, by its index */
        private Recording(String name, List<List<ChannelSample>> sessions, List<String> circuits, boolean strict,
                          IntFunction<List<TruthEvent>> truthOf) {
            this.name = name;
            this.sessions = sessions;
            this.circuits = circuits;
            this.strict = strict;
            for (int i = 0; i < sessions.size(); i++) {
                List<TruthEvent> t = truthOf.apply(i);
                truthBySession.add(t);
                samples.addAll(sessions.get(i));
                truth.addAll(t);
            }
        }
    }

    private EventReport() {}

    /** The same recording judged against the stricter truth of {@link EventEvaluation#strictTruth}. */
    public static Recording strict(Recording r) {
        return new Recording(r.name + ", strict truth", r.sessions, r.circuits, true);
    }

    /**
     * The same recording on a 1 s grid (each second the last reading), judged against the stricter
     * truth of its own readings: the switchings are the house's, whatever the meter's cadence.
     */
    public static Recording strictOnOneSecondGrid(Recording r) {
        List<List<ChannelSample>> grid = new ArrayList<>();
        r.sessions.forEach(session -> grid.add(EventEvaluation.onOneSecondGrid(session)));
        return new Recording(r.name + " on a 1 s grid, strict truth", grid, r.circuits, true, r.sessions);
    }

    public static Optional<Recording> redd() throws IOException {
        Optional<Path> dir = Datasets.dataset("redd-house5");
        if (dir.isEmpty()) {
            return Optional.empty();
        }
        try (ReddHouseReader reader = new ReddHouseReader(dir.get(), "redd-house5")) {
            List<String> circuits = reader.channelNames();
            return Optional.of(new Recording("REDD house 5", List.of(reader.readAll()), circuits));
        }
    }

    /**
     * The four lab sessions, each its own series: two of them start in the same second (287 readings
     * share a timestamp), so merged into one stream they were not a meter's readings.
     */
    public static Optional<Recording> lab() throws IOException {
        Optional<Path> dir = Datasets.dataset("lab-1hz");
        if (dir.isEmpty()) {
            return Optional.empty();
        }
        List<List<ChannelSample>> sessions = new ArrayList<>();
        List<String> circuits = List.of("kettle", "vacuum", "water_heater");
        for (String session : List.of("kettle-vacuum/train_data", "kettle-vacuum/test_data",
                "kettle-vacuum-waterheater/train_data", "kettle-vacuum-waterheater/test_data")) {
            try (LabSessionReader reader = new LabSessionReader(dir.get().resolve(session), "lab", ZoneOffset.UTC)) {
                List<String> names = reader.channelNames();
                List<ChannelSample> all = new ArrayList<>();
                for (ChannelSample s : reader.readAll()) {
                    double[] channels = new double[circuits.size()];
                    java.util.Arrays.fill(channels, Double.NaN);
                    for (int i = 0; i < names.size(); i++) {
                        int c = circuits.indexOf(names.get(i));
                        if (c >= 0) {
                            channels[c] = s.channelsW[i];
                        }
                    }
                    all.add(new ChannelSample(s.aggregate, channels));
                }
                all.sort((a, b) -> Long.compare(a.aggregate.timestampMs, b.aggregate.timestampMs));
                sessions.add(all);
            }
        }
        return Optional.of(new Recording("lab 1 Hz", sessions, circuits));
    }

    /**
     * The first or the second half in time of a one-series recording, with the whole recording's truth
     * inside the half's span (so a half's truth is the whole one's, not one found again on half the data):
     * the split every detector setting is chosen on (first half) and judged on (second half).
     */
    public static Recording half(Recording r, boolean first) {
        if (r.sessions.size() != 1) {
            throw new IllegalArgumentException("Halves are of a recording of one series; " + r.name + " has " + r.sessions.size() + ".");
        }
        List<ChannelSample> all = r.sessions.get(0);
        long mid = (all.get(0).aggregate.timestampMs + all.get(all.size() - 1).aggregate.timestampMs) / 2;
        List<ChannelSample> part = new ArrayList<>();
        for (ChannelSample c : all) {
            if ((c.aggregate.timestampMs < mid) == first) {
                part.add(c);
            }
        }
        long from = part.get(0).aggregate.timestampMs;
        long to = part.get(part.size() - 1).aggregate.timestampMs;
        List<TruthEvent> truth = new ArrayList<>();
        for (TruthEvent t : r.truthBySession.get(0)) {
            if (t.timeMs >= from && t.timeMs <= to) {
                truth.add(t);
            }
        }
        return new Recording(r.name + (first ? ", first half" : ", second half"), List.of(part), r.circuits, r.strict, i -> truth);
    }

    /** Each detector's F1 (false events per hour) on each half of each recording, a column per half and recording. */
    public static void printHalves(List<Recording> recordings, PrintStream out) {
        List<Recording> columns = new ArrayList<>();
        for (boolean first : new boolean[] {true, false}) {
            recordings.forEach(r -> columns.add(half(r, first)));
        }
        List<Map<String, EventScore>> scores = new ArrayList<>();
        columns.forEach(c -> scores.add(scores(c)));
        out.printf("%n| detector | %s |%n|---%s|%n", String.join(" | ", columns.stream().map(c -> c.name).toList()),
                "|---:".repeat(columns.size()));
        for (String detector : scores.get(0).keySet()) {
            StringBuilder row = new StringBuilder("| " + detector + " |");
            scores.forEach(s -> row.append(String.format(" %.3f (%.2f) |", s.get(detector).f1(), s.get(detector).falsePerHour())));
            out.println(row);
        }
    }

    /** Scores per detector, with the plain baseline first. */
    public static Map<String, EventScore> scores(Recording r) {
        Map<String, EventScore> scores = new LinkedHashMap<>();
        List<EventScore> plain = new ArrayList<>();
        for (int i = 0; i < r.sessions.size(); i++) {
            plain.add(EventEvaluation.plainEdgeBaseline(r.sessions.get(i), r.truthBySession.get(i)));
        }
        scores.put("edge, plain (baseline)", EventScore.sum(plain));
        for (String name : ChangeDetectors.NAMES) {
            List<EventScore> parts = new ArrayList<>();
            for (int i = 0; i < r.sessions.size(); i++) {
                // A new pipeline (a new meter) per session.
                parts.add(EventEvaluation.score(ChangeDetectors.pipeline(name, ChangeDetectors.DEFAULT_MIN_STEP_W),
                        r.sessions.get(i), r.truthBySession.get(i)));
            }
            scores.put(name, EventScore.sum(parts));
        }
        return scores;
    }

    public static void print(Recording r, Map<String, EventScore> scores, PrintStream out) {
        out.printf("%n%s: %d series, %,d samples, %.1f h of data, %d true events (%s circuit steps >= %.0f W, +-%d s)%n%n",
                r.name, r.sessions.size(), r.samples.size(), r.sessions.stream().mapToDouble(EventEvaluation::hours).sum(), r.truth.size(),
                r.strict ? "median-filtered, noise-aware, 3-sample steady" : "2-sample steady",
                EventEvaluation.TRUTH_MIN_STEP_W, EventEvaluation.MATCH_TOLERANCE_MS / 1000);
        out.println("| detector | detected | precision | recall | F1 | false events / h |");
        out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
        scores.forEach((name, s) -> out.printf("| %s | %d | %.3f | %.3f | %.3f | %.2f |%n",
                name, s.detected, s.precision(), s.recall(), s.f1(), s.falsePerHour()));
        String best = scores.entrySet().stream().skip(1).max((a, b) -> Double.compare(a.getValue().f1(), b.getValue().f1()))
                .map(Map.Entry::getKey).orElseThrow();
        out.printf("%nRecall per circuit, %s:%n%n| circuit | true events | found | recall |%n| --- | ---: | ---: | ---: |%n", best);
        scores.get(best).byCircuit.forEach((c, v) -> out.printf("| %s | %d | %d | %.2f |%n", c, v[0], v[1], (double) v[1] / v[0]));
    }
}
