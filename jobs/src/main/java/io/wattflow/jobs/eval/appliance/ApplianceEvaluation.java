package io.wattflow.jobs.eval.appliance;

import io.wattflow.jobs.eval.nilm.NilmHouse;
import io.wattflow.operators.recognition.ClassifierFeatures;
import io.wattflow.operators.recognition.RecognitionState;
import io.wattflow.operators.recognition.RunClassifier;
import io.wattflow.operators.recognition.RunRecognizer;
import io.wattflow.record.ApplianceLabel;
import io.wattflow.record.ApplianceRun;
import io.wattflow.record.NewDevice;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Recognition of each house's runs from its own labels, replayed in stream order through
 * {@link RunRecognizer}: a simulated household labels n of the first {@value #RESERVED} runs of each
 * appliance (right after each ends), and every run after them is scored (the same runs for every n). Which
 * runs a household labels moves the score by a tenth and more, so n labels are {@value #ORDERS} households'
 * choices pooled: the first n runs, and n drawn at random among the first {@value #RESERVED}. Open set:
 * one appliance is never labelled while every other one is; its runs should be {@code unknown} and turn
 * up as a new device. Nothing of the recognizer (distance scales, thresholds,
 * new-device rule) was chosen on these houses: they were fixed before the first score.
 */
public final class ApplianceEvaluation {
    static final int[] LABELS = {0, 1, 3, 10};
    /** Runs of an appliance that may be labelled, never scored. */
    static final int RESERVED = 10;
    /** Households whose choices of labelled runs are pooled: the first n, and n at random among the reserved runs. */
    static final int ORDERS = 5;
    /** An appliance is scored with at least this many runs beyond the reserved ones. */
    static final int MIN_SCORED = 3;
    static final long DAY_MS = 86_400_000L;

    private ApplianceEvaluation() {}

    public static List<HouseRuns> recordings() throws IOException {
        List<HouseRuns> houses = new ArrayList<>();
        List<String> appliances = List.of("kettle", "microwave", "dishwasher", "washing_machine");
        List<NilmHouse> minuteHouses = NilmHouse.recordings(appliances);
        // REDD's runs come from its own 3-4 s readings; its minutes are what a NILM model reads of it.
        HouseRuns.redd(minuteHouses.stream().filter(h -> h.name.startsWith("redd")).findFirst().orElse(null)).ifPresent(houses::add);
        for (NilmHouse h : minuteHouses) {
            if (!h.name.startsWith("redd")) {
                houses.add(HouseRuns.minutes(h, appliances));
            }
        }
        return houses;
    }

    /**
     * Writes each house's runs as the classifier reads them, one CSV per house ({@code runs-<house>.csv}:
     * start, the appliance that made the run, {@link ClassifierFeatures}), for {@code models/training/train_appliances.py}.
     * Runs the classifier does not judge (no OFF) are left out.
     */
    public static void writeRuns(List<HouseRuns> houses, Path dir) throws IOException {
        Files.createDirectories(dir);
        float[] f = new float[ClassifierFeatures.COUNT];
        for (HouseRuns h : houses) {
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("runs-" + h.house + ".csv")))) {
                w.println("start_ms,truth," + String.join(",", ClassifierFeatures.NAMES));
                for (LabelledRun r : h.runs) {
                    if (!ClassifierFeatures.of(r.run(), h.zone, f, 0)) {
                        continue;
                    }
                    StringBuilder line = new StringBuilder().append(r.run().startMs).append(',').append(r.truth());
                    for (float v : f) {
                        line.append(',').append(v);
                    }
                    w.println(line);
                }
            }
        }
    }

    /** The appliances of a house with enough runs to label and score, in order of first appearance. */
    static List<String> classes(HouseRuns h) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (LabelledRun r : h.runs) {
            if (!r.truth().equals(LabelledRun.OTHER)) {
                counts.merge(r.truth(), 1, Integer::sum);
            }
        }
        List<String> out = new ArrayList<>();
        counts.forEach((c, n) -> {
            if (n >= RESERVED + MIN_SCORED) {
                out.add(c);
            }
        });
        return out;
    }

    /** Per class counts of one replay. */
    static final class Tally {
        final Map<String, int[]> counts = new LinkedHashMap<>();  // class -> {tp, fp, fn}
        /** Per class, its scored runs called unknown. */
        final Map<String, Integer> unknownOf = new HashMap<>();
        int knownScored;
        int knownUnknown;
        int knownWrong;
        /** Scored runs of none of the classes, and those of them given a name. */
        int otherScored;
        int otherNamed;
        /** Each pooled replay's own macro F1 (how much the households' choices of labelled runs differ). */
        final List<Double> choiceMacroF1 = new ArrayList<>();

        Tally(List<String> classes) {
            classes.forEach(c -> counts.put(c, new int[3]));
        }

        /** Adds another replay's counts of the same classes and scored runs. */
        void pool(Tally other) {
            other.counts.forEach((c, n) -> {
                int[] mine = counts.get(c);
                for (int i = 0; i < n.length; i++) {
                    mine[i] += n[i];
                }
            });
            other.unknownOf.forEach((c, n) -> unknownOf.merge(c, n, Integer::sum));
            knownScored += other.knownScored;
            knownUnknown += other.knownUnknown;
            knownWrong += other.knownWrong;
            otherScored += other.otherScored;
            otherNamed += other.otherNamed;
        }

        void add(String truth, String predicted) {
            boolean known = counts.containsKey(truth);
            if (!known) {
                otherScored++;
                if (!ApplianceRun.UNKNOWN.equals(predicted)) {
                    otherNamed++;
                }
            }
            if (known) {
                knownScored++;
                if (ApplianceRun.UNKNOWN.equals(predicted)) {
                    knownUnknown++;
                    unknownOf.merge(truth, 1, Integer::sum);
                } else if (!truth.equals(predicted)) {
                    knownWrong++;
                }
            }
            if (known && truth.equals(predicted)) {
                counts.get(truth)[0]++;
                return;
            }
            if (known) {
                counts.get(truth)[2]++;
            }
            if (counts.containsKey(predicted)) {
                counts.get(predicted)[1]++;
            }
        }

        double f1(String c) {
            int[] n = counts.get(c);
            return n[0] == 0 ? 0 : 2.0 * n[0] / (2.0 * n[0] + n[1] + n[2]);
        }

        double precision(String c) {
            int[] n = counts.get(c);
            return n[0] + n[1] == 0 ? Double.NaN : n[0] / (double) (n[0] + n[1]);
        }

        double recall(String c) {
            int[] n = counts.get(c);
            return n[0] / (double) (n[0] + n[2]);
        }

        double macroF1() {
            return counts.keySet().stream().mapToDouble(this::f1).average().orElse(Double.NaN);
        }
    }

    /** What happened to a class that was never labelled. */
    record HeldOut(String appliance, int runs, double unknownShare, double wrongShare, Double newDeviceDays) {}

    /** One replay: labels for the first {@code labels} runs of each class except {@code neverLabelled}. */
    static Tally replay(HouseRuns h, List<String> classes, int labels, String neverLabelled, Map<String, Double> newDeviceDays) {
        return replay(h, classes, labels, neverLabelled, newDeviceDays, null);
    }

    /** As {@link #replay(HouseRuns, List, int, String, Map)}, runs the household did not name named by {@code classifier} (may be null). */
    static Tally replay(HouseRuns h, List<String> classes, int labels, String neverLabelled, Map<String, Double> newDeviceDays,
            RunClassifier classifier) {
        return replay(h, classes, labelled(classes, labels, 0), neverLabelled, newDeviceDays, classifier);
    }

    /**
     * {@code labels} labelled runs of each class, pooled over {@link #ORDERS} households' choices of them;
     * {@code classifier} gives each replay its own namer (a stream's namer keeps evidence as the runs come).
     */
    static Tally pooled(HouseRuns h, List<String> classes, int labels, Supplier<RunClassifier> classifier) {
        int orders = labels == 0 || labels >= RESERVED ? 1 : ORDERS;
        Tally all = new Tally(classes);
        for (int order = 0; order < orders; order++) {
            Tally one = replay(h, classes, labelled(classes, labels, order), null, null, classifier.get());
            all.choiceMacroF1.add(one.macroF1());
            all.pool(one);
        }
        return all;
    }

    /**
     * Per class, which of its first {@link #RESERVED} runs (1 = its first) the household labels: for
     * order 0 the first {@code labels}, for any other {@code labels} drawn at random (seeded by the order).
     */
    static Map<String, Set<Integer>> labelled(List<String> classes, int labels, int order) {
        Map<String, Set<Integer>> chosen = new HashMap<>();
        for (String c : classes) {
            List<Integer> indices = new ArrayList<>();
            for (int i = 1; i <= RESERVED; i++) {
                indices.add(i);
            }
            if (order > 0) {
                Collections.shuffle(indices, new Random(31L * order + c.hashCode()));
            }
            chosen.put(c, new HashSet<>(indices.subList(0, Math.min(labels, RESERVED))));
        }
        return chosen;
    }

    private static Tally replay(HouseRuns h, List<String> classes, Map<String, Set<Integer>> labelled, String neverLabelled,
            Map<String, Double> newDeviceDays, RunClassifier classifier) {
        RecognitionState state = new RecognitionState();
        Tally tally = new Tally(classes);
        Map<String, Integer> seen = new HashMap<>();
        Map<String, Long> firstRun = new HashMap<>();
        Map<Integer, Map<String, Integer>> clusterMembers = new HashMap<>();
        for (LabelledRun lr : h.runs) {
            ApplianceRun run = copy(lr.run());
            String truth = lr.truth();
            int index = seen.merge(truth, 1, Integer::sum);
            firstRun.putIfAbsent(truth, run.startMs);
            NewDevice found = RunRecognizer.recognise(state, run, classifier);
            if (run.deviceCluster != null) {
                clusterMembers.computeIfAbsent(run.deviceCluster, k -> new HashMap<>()).merge(truth, 1, Integer::sum);
            }
            if (found != null && newDeviceDays != null) {
                String majority = clusterMembers.get(found.deviceCluster).entrySet().stream()
                        .max(Map.Entry.comparingByValue()).orElseThrow().getKey();
                newDeviceDays.putIfAbsent(majority, (found.detectedAtMs - firstRun.get(majority)) / (double) DAY_MS);
            }
            boolean reserved = classes.contains(truth) && index <= RESERVED;
            if (!reserved) {
                tally.add(truth, run.appliance);
            }
            if (classes.contains(truth) && !truth.equals(neverLabelled) && labelled.get(truth).contains(index)) {
                RunRecognizer.label(state, ApplianceLabel.ofRun(h.house, run.endMs + 60_000, run.startMs, truth));
            }
        }
        return tally;
    }

    private static ApplianceRun copy(ApplianceRun r) {
        ApplianceRun c = new ApplianceRun();
        c.meterId = r.meterId;
        c.startMs = r.startMs;
        c.endMs = r.endMs;
        c.durationMs = r.durationMs;
        c.meanPowerW = r.meanPowerW;
        c.energyKwh = r.energyKwh;
        c.onDeltaW = r.onDeltaW;
        c.offDeltaW = r.offDeltaW;
        c.status = r.status;
        c.onDeltaVar = r.onDeltaVar;
        c.inrushW = r.inrushW;
        c.settlingMs = r.settlingMs;
        return c;
    }

    public static void print(List<HouseRuns> houses, PrintStream out) {
        out.println("Learning from the household's labels: macro F1 over the appliances with at least " + (RESERVED + MIN_SCORED)
                + " runs, after n labelled runs of each (the same scored runs for every n; 1 and 3 labels pooled over " + ORDERS
                + " households' choices among each appliance's first " + RESERVED + " runs):");
        out.println();
        out.println("| house | appliances | runs found | of them other | scored (known appliances) | macro F1, no label | 1 label each | 3 "
                + "| 3, lowest-highest of the choices | 10 | known runs called unknown (10 labels) | named as another (10) |");
        out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        List<String> perClass = new ArrayList<>();
        List<String> heldOut = new ArrayList<>();
        for (HouseRuns h : houses) {
            List<String> classes = classes(h);
            if (classes.isEmpty()) {
                out.printf(Locale.ROOT, "| %s | none with %d runs | %d | | | | | | | | | |%n", h.house, RESERVED + MIN_SCORED, h.runs.size());
                continue;
            }
            Tally[] t = byLabels(h, classes, null);
            Tally ten = t[LABELS.length - 1];
            long other = h.runs.stream().filter(r -> r.truth().equals(LabelledRun.OTHER)).count();
            double lowest = Collections.min(t[2].choiceMacroF1);
            double highest = Collections.max(t[2].choiceMacroF1);
            out.printf(Locale.ROOT, "| %s | %s | %d | %d | %d | %.2f | %.2f | %.2f | %.2f-%.2f | %.2f | %.0f %% | %.0f %% |%n", h.house,
                    String.join(", ", classes), h.runs.size(), other, ten.knownScored, t[0].macroF1(), t[1].macroF1(), t[2].macroF1(),
                    lowest, highest, ten.macroF1(), 100.0 * ten.knownUnknown / ten.knownScored, 100.0 * ten.knownWrong / ten.knownScored);
            for (String c : classes) {
                int[] n10 = ten.counts.get(c);
                perClass.add(String.format(Locale.ROOT, "| %s | %s | %d | %.2f / %.2f / %.2f | %.2f / %.2f / %.2f |", h.house, c,
                        n10[0] + n10[2], t[2].precision(c), t[2].recall(c), t[2].f1(c), ten.precision(c), ten.recall(c), ten.f1(c)));
                HeldOut ho = heldOut(h, classes, c, new HashMap<>());
                heldOut.add(String.format(Locale.ROOT, "| %s | %s | %d | %.0f %% | %.0f %% | %s |", h.house, c, ho.runs(),
                        100 * ho.unknownShare(), 100 * ho.wrongShare(),
                        ho.newDeviceDays() == null ? "no" : String.format(Locale.ROOT, "yes, %.1f days after its first run", ho.newDeviceDays())));
            }
        }
        out.println();
        out.println("Per appliance, precision / recall / F1 after 3 and after 10 labelled runs:");
        out.println();
        out.println("| house | appliance | scored runs | 3 labels | 10 labels |");
        out.println("| --- | --- | ---: | --- | --- |");
        perClass.forEach(out::println);
        out.println();
        out.println("Open set: one appliance never labelled, every other one labelled 10 times:");
        out.println();
        out.println("| house | never labelled | its runs | called unknown | named as another | new_device for it |");
        out.println("| --- | --- | ---: | ---: | ---: | --- |");
        heldOut.forEach(out::println);
    }

    /** The pooled replays for each number of {@link #LABELS}, runs the household did not name named by {@code classifier} (may be null). */
    static Tally[] byLabels(HouseRuns h, List<String> classes, RunClassifier classifier) {
        Tally[] t = new Tally[LABELS.length];
        for (int i = 0; i < LABELS.length; i++) {
            t[i] = pooled(h, classes, LABELS[i], () -> classifier);
        }
        return t;
    }

    /** The never-labelled class's runs in a replay where every other class is labelled: shares unknown and wrongly named. */
    static HeldOut heldOut(HouseRuns h, List<String> classes, String never, Map<String, Double> newDeviceDays) {
        Tally t = replay(h, classes, RESERVED, never, newDeviceDays);
        int[] n = t.counts.get(never);
        int runs = n[0] + n[2];  // never named right: every scored run of it is a false negative
        int unknown = t.unknownOf.getOrDefault(never, 0);
        return new HeldOut(never, runs, unknown / (double) runs, (runs - unknown) / (double) runs, newDeviceDays.get(never));
    }
}
