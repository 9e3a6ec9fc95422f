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

/** The event-detection table of the README: every detector on every sub-metered recording present. */
public final class EventReport {
    /** One recording: its samples, circuit names and ground truth. */
    public static final class Recording {
        public final String name;
        public final List<ChannelSample> samples;
        public final List<TruthEvent> truth;

        Recording(String name, List<ChannelSample> samples, List<String> circuits) {
            this.name = name;
            this.samples = samples;
            this.truth = EventEvaluation.truth(samples, circuits);
        }
    }

    private EventReport() {}

    public static Optional<Recording> redd() throws IOException {
        Optional<Path> dir = Datasets.dataset("redd-house5");
        if (dir.isEmpty()) {
            return Optional.empty();
        }
        try (ReddHouseReader reader = new ReddHouseReader(dir.get(), "redd-house5")) {
            List<String> circuits = reader.channelNames();
            return Optional.of(new Recording("REDD house 5", reader.readAll(), circuits));
        }
    }

    /** The four lab sessions one after another (they are on different days). */
    public static Optional<Recording> lab() throws IOException {
        Optional<Path> dir = Datasets.dataset("lab-1hz");
        if (dir.isEmpty()) {
            return Optional.empty();
        }
        List<ChannelSample> all = new ArrayList<>();
        List<String> circuits = List.of("kettle", "vacuum", "water_heater");
        for (String session : List.of("kettle-vacuum/train_data", "kettle-vacuum/test_data",
                "kettle-vacuum-waterheater/train_data", "kettle-vacuum-waterheater/test_data")) {
            try (LabSessionReader reader = new LabSessionReader(dir.get().resolve(session), "lab", ZoneOffset.UTC)) {
                List<String> names = reader.channelNames();
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
            }
        }
        all.sort((a, b) -> Long.compare(a.aggregate.timestampMs, b.aggregate.timestampMs));
        return Optional.of(new Recording("lab 1 Hz", all, circuits));
    }

    /** Scores per detector, with the plain baseline first. */
    public static Map<String, EventScore> scores(Recording r) {
        Map<String, EventScore> scores = new LinkedHashMap<>();
        scores.put("edge, plain (baseline)", EventEvaluation.plainEdgeBaseline(r.samples, r.truth));
        for (String name : ChangeDetectors.NAMES) {
            scores.put(name, EventEvaluation.score(ChangeDetectors.pipeline(name, ChangeDetectors.DEFAULT_MIN_STEP_W),
                    r.samples, r.truth));
        }
        return scores;
    }

    public static void print(Recording r, Map<String, EventScore> scores, PrintStream out) {
        out.printf("%n%s: %,d samples, %.1f h of data, %d true events (circuit steps >= %.0f W, +-%d s)%n%n",
                r.name, r.samples.size(), EventEvaluation.hours(r.samples), r.truth.size(),
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
