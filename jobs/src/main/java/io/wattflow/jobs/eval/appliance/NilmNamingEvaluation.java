package io.wattflow.jobs.eval.appliance;

import io.wattflow.jobs.eval.nilm.NilmEstimates;
import io.wattflow.jobs.eval.nilm.NilmEvaluation;
import io.wattflow.models.ModelFiles;
import io.wattflow.models.ModelManifest;
import io.wattflow.models.ModelSource;
import io.wattflow.operators.nilm.NilmModelSpec;
import io.wattflow.operators.recognition.ApplianceClassifier;
import io.wattflow.operators.recognition.NilmEvidence;
import io.wattflow.operators.recognition.NilmRunNaming;
import io.wattflow.operators.recognition.RunClassifier;
import io.wattflow.operators.runs.RunPairing;
import io.wattflow.record.ApplianceEstimates;
import io.wattflow.record.ApplianceRun;

import javax.annotation.Nullable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs named from the NILM model's estimates of their minutes, against the global classifier: each
 * 1-min house's runs named by the NILM fold model that never saw the house and the classifier's fold
 * that never saw it. Five ways to name a run are compared, and the one the stream runs is chosen by
 * leave-one-house-out: for each house, the way with the best macro F1 (no label) on the other houses.
 */
public final class NilmNamingEvaluation {
    /** The ways compared, in the order printed. */
    static final List<String> WAYS = List.of("classifier", "NILM mean over the run", "NILM mean over the run, else classifier",
            "NILM rise at the start (where estimated, else classifier)", "NILM rise at the start, else classifier");

    private NilmNamingEvaluation() {}

    /** A house's scores, each way's replays for 0, 1, 3 and 10 labels. */
    record HouseScores(HouseRuns house, List<String> classes, Map<String, ApplianceEvaluation.Tally[]> byWay) {}

    /** The open set of the stream's way for one house's appliance: its runs, and what became of them. */
    record OpenSet(String house, String never, int runs, double unknown, double wrong, Double newDeviceDays, double othersUnknown) {}

    public static void print(List<HouseRuns> houses, Path nilmFolds, Path classifierFolds, PrintStream out) throws IOException {
        List<HouseScores> scored = new ArrayList<>();
        List<OpenSet> openSets = new ArrayList<>();
        for (HouseRuns h : houses) {
            List<String> classes = ApplianceEvaluation.classes(h);
            Path fold = h.minutes == null || classes.isEmpty() ? null : nilmFold(nilmFolds, h.minutes.name);
            if (fold == null) {
                continue;
            }
            ModelSource source = ModelSource.of(fold.toUri().toString());
            NilmModelSpec spec = NilmModelSpec.of(ModelFiles.load(source, NilmEvaluation.MODEL).manifest);
            NilmEstimates e = NilmEstimates.run(h.minutes, source, NilmEvaluation.MODEL);
            NilmRunNaming naming = NilmRunNaming.of(spec, RunPairing.defaults().maxDuration());
            Map<String, ApplianceEvaluation.Tally[]> byWay = new LinkedHashMap<>();
            try (ApplianceClassifier model = GlobalClassifierEvaluation.fold(classifierFolds, h, null)) {
                for (int way = 0; way < WAYS.size(); way++) {
                    ApplianceEvaluation.Tally[] t = new ApplianceEvaluation.Tally[ApplianceEvaluation.LABELS.length];
                    for (int i = 0; i < t.length; i++) {
                        // A fresh namer per replay: the stream's evidence is fed as the replay goes.
                        int w = way;
                        t[i] = ApplianceEvaluation.pooled(h, classes, ApplianceEvaluation.LABELS[i], () -> namer(w, h, e, naming, model));
                    }
                    byWay.put(WAYS.get(way), t);
                }
            }
            scored.add(new HouseScores(h, classes, byWay));
            for (String never : classes) {
                int a = NilmEvaluation.APPLIANCES.indexOf(never);
                if (a >= 0) {
                    openSets.add(openSet(h, classes, never, a, naming, e.estimates, classifierFolds));
                }
            }
        }
        if (scored.isEmpty()) {
            return;
        }
        out.println("Runs named from the NILM estimates of their minutes (the NILM fold that never saw the house), against the global "
                + "classifier (its fold that never saw it); no label, then with the household's labels first:");
        out.println();
        out.println("| house | naming | macro F1, no label | 1 label each | 3 | 10 | known runs called unknown (no label) "
                + "| named as another (no label) | runs of no listed appliance given a name (no label) |");
        out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (HouseScores s : scored) {
            for (String way : WAYS) {
                ApplianceEvaluation.Tally[] t = s.byWay.get(way);
                ApplianceEvaluation.Tally none = t[0];
                out.printf(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2f | %.2f | %.0f %% | %.0f %% | %.1f %% of %d |%n", s.house.house, way,
                        none.macroF1(), t[1].macroF1(), t[2].macroF1(), t[3].macroF1(),
                        100.0 * none.knownUnknown / none.knownScored, 100.0 * none.knownWrong / none.knownScored,
                        100.0 * none.otherNamed / Math.max(1, none.otherScored), none.otherScored);
            }
        }
        out.println();
        out.println("Chosen on the other houses (the way with the best mean macro F1, no label, there), scored on the house:");
        out.println();
        out.println("| house | way chosen on the other houses | its macro F1 here, no label | 3 labels | known runs called unknown | per appliance P / R / F1 |");
        out.println("| --- | --- | ---: | ---: | ---: | --- |");
        for (HouseScores s : scored) {
            String way = bestOn(scored, s);
            if (way == null) {
                continue;
            }
            ApplianceEvaluation.Tally[] t = s.byWay.get(way);
            ApplianceEvaluation.Tally none = t[0];
            List<String> per = new ArrayList<>();
            for (String c : s.classes) {
                per.add(String.format(Locale.ROOT, "%s %.2f / %.2f / %.2f", c, none.precision(c), none.recall(c), none.f1(c)));
            }
            out.printf(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.0f %% | %s |%n", s.house.house, way, none.macroF1(), t[2].macroF1(),
                    100.0 * none.knownUnknown / none.knownScored, String.join("; ", per));
        }
        out.println();
        out.println("Chosen on all the houses (what the stream runs): " + bestOn(scored, null));
        out.println();
        out.println("Open set of the stream's way: the NILM model's estimates of one appliance taken away (as if it did not know it) and "
                + "the classifier's fold trained without it, no label; its runs should be unknown and come back as a new device:");
        out.println();
        out.println("| house | never seen | its runs | called unknown | named as another | new_device for it | other appliances' runs called unknown |");
        out.println("| --- | --- | ---: | ---: | ---: | --- | ---: |");
        for (OpenSet o : openSets) {
            out.printf(Locale.ROOT, "| %s | %s | %d | %.0f %% | %.0f %% | %s | %.0f %% |%n", o.house(), o.never(), o.runs(), 100 * o.unknown(),
                    100 * o.wrong(), o.newDeviceDays() == null ? "no" : String.format(Locale.ROOT, "yes, %.1f days after its first run",
                            o.newDeviceDays()), 100 * o.othersUnknown());
        }
    }

    /** The stream's way on a house with appliance {@code a}'s estimates zeroed and the classifier fold that never saw it. */
    static OpenSet openSet(HouseRuns h, List<String> classes, String never, int a, NilmRunNaming naming, List<NilmEstimates.Arrival> arrivals,
            Path classifierFolds) {
        List<NilmEstimates.Arrival> without = new ArrayList<>();
        for (NilmEstimates.Arrival arrival : arrivals) {
            ApplianceEstimates e = arrival.estimates();
            ApplianceEstimates copy = new ApplianceEstimates();
            copy.meterId = e.meterId;
            copy.firstMinuteMs = e.firstMinuteMs;
            copy.minutes = e.minutes;
            copy.watts = e.watts.clone();
            java.util.Arrays.fill(copy.watts, a * e.minutes, (a + 1) * e.minutes, 0f);
            copy.model = e.model;
            copy.modelVersion = e.modelVersion;
            without.add(new NilmEstimates.Arrival(arrival.atMs(), copy));
        }
        Map<String, Double> newDeviceDays = new HashMap<>();
        ApplianceEvaluation.Tally t;
        try (ApplianceClassifier model = GlobalClassifierEvaluation.fold(classifierFolds, h, never)) {
            t = ApplianceEvaluation.replay(h, classes, 0, null, newDeviceDays, new AsTheStream(naming, without, model, false));
        }
        int[] n = t.counts.get(never);
        int runs = n[0] + n[2];
        int unknown = t.unknownOf.getOrDefault(never, 0);
        int othersScored = t.knownScored - runs;
        int othersUnknown = t.knownUnknown - unknown;
        return new OpenSet(h.house, never, runs, unknown / (double) runs, (runs - unknown - n[0]) / (double) runs, newDeviceDays.get(never),
                othersUnknown / (double) Math.max(1, othersScored));
    }

    /** The {@code way}-th of {@link #WAYS} for house {@code h}. */
    private static RunClassifier namer(int way, HouseRuns h, NilmEstimates e, NilmRunNaming naming, ApplianceClassifier model) {
        return switch (way) {
            case 0 -> model;
            case 1 -> new MeanOverRun(h.minutes.startMs, e.watts, NilmEvaluation.APPLIANCES, null);
            case 2 -> new MeanOverRun(h.minutes.startMs, e.watts, NilmEvaluation.APPLIANCES, model);
            case 3 -> new AsTheStream(naming, e.estimates, model, false);
            default -> new AsTheStream(naming, e.estimates, model, true);
        };
    }

    /** The way with the best mean macro F1 (no label) over the houses other than {@code heldOut} (all, when null). */
    @Nullable
    static String bestOn(List<HouseScores> scored, @Nullable HouseScores heldOut) {
        String best = null;
        double bestF1 = -1;
        for (String way : WAYS) {
            double sum = 0;
            int n = 0;
            for (HouseScores s : scored) {
                if (s != heldOut) {
                    sum += s.byWay.get(way)[0].macroF1();
                    n++;
                }
            }
            if (n > 0 && sum / n > bestF1) {
                bestF1 = sum / n;
                best = way;
            }
        }
        return best;
    }

    @Nullable
    private static Path nilmFold(Path folds, String house) throws IOException {
        for (Path fold : NilmEvaluation.folds(folds)) {
            ModelManifest manifest = ModelFiles.load(ModelSource.of(fold.toUri().toString()), NilmEvaluation.MODEL).manifest;
            if (manifest.heldOutHomes != null && manifest.heldOutHomes.equals(List.of(house))) {
                return fold;
            }
        }
        return null;
    }

    /** The stream's naming: the estimates fed as they would have come by each run's naming time. */
    static final class AsTheStream implements RunClassifier {
        private final NilmRunNaming naming;
        private final List<NilmEstimates.Arrival> arrivals;
        @Nullable private final RunClassifier classifier;
        private final boolean classifierWhereNoRise;
        private final NilmEvidence evidence = new NilmEvidence();
        private int next;

        AsTheStream(NilmRunNaming naming, List<NilmEstimates.Arrival> arrivals, @Nullable RunClassifier classifier,
                boolean classifierWhereNoRise) {
            this.naming = naming;
            this.arrivals = arrivals;
            this.classifier = classifier;
            this.classifierWhereNoRise = classifierWhereNoRise;
        }

        @Override
        public Naming name(ApplianceRun run) {
            long at = Math.max(run.endMs == null ? run.startMs : run.endMs, naming.readyAtMs(run.startMs));
            while (next < arrivals.size() && arrivals.get(next).atMs() <= at) {
                naming.add(evidence, arrivals.get(next++).estimates());
            }
            if (naming.covers(evidence, run)) {
                Naming n = naming.name(evidence, run);
                if (n != null || !classifierWhereNoRise) {
                    return n;
                }
            }
            return classifier == null ? null : classifier.name(run);
        }
    }

    /**
     * The first rule tried (before the stream's): the appliance whose estimated mean power over the run's
     * minutes is largest, when it is at least half the run's ON step.
     */
    static final class MeanOverRun implements RunClassifier {
        private final long startMs;
        private final float[][] watts;
        private final List<String> appliances;
        @Nullable private final RunClassifier classifier;

        MeanOverRun(long startMs, float[][] watts, List<String> appliances, @Nullable RunClassifier classifier) {
            this.startMs = startMs;
            this.watts = watts;
            this.appliances = appliances;
            this.classifier = classifier;
        }

        @Override
        public Naming name(ApplianceRun run) {
            Naming n = mean(run);
            return n != null || classifier == null ? n : classifier.name(run);
        }

        private Naming mean(ApplianceRun run) {
            if (run.endMs == null || !(run.onDeltaW > 0)) {
                return null;
            }
            int from = (int) Math.floorDiv(run.startMs - startMs, 60_000L);
            int to = Math.max(from + 1, (int) Math.floorDiv(run.endMs - startMs, 60_000L));
            int best = -1;
            double bestMean = 0;
            for (int a = 0; a < watts.length; a++) {
                double sum = 0;
                int n = 0;
                for (int m = Math.max(0, from); m < Math.min(to, watts[a].length); m++) {
                    if (!Float.isNaN(watts[a][m])) {
                        sum += watts[a][m];
                        n++;
                    }
                }
                if (n > 0 && sum / n > bestMean) {
                    bestMean = sum / n;
                    best = a;
                }
            }
            if (best < 0 || bestMean < NilmRunNaming.EXPLAINED * run.onDeltaW) {
                return null;
            }
            return new Naming(appliances.get(best), Math.min(1, bestMean / run.onDeltaW), "nilm mean");
        }
    }
}
