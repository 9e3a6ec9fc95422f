package io.wattflow.jobs.eval.appliance;

import io.wattflow.models.ModelSource;
import io.wattflow.operators.recognition.ApplianceClassifier;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The global appliance classifier on houses it never saw: each house's runs named by the fold model
 * trained without it ({@code <folds>/without-<house>}), alone and together with the household's labels
 * (the same replays and scored runs as {@link ApplianceEvaluation}); and the open set: each appliance's
 * runs under a model that never saw that appliance either ({@code without-<house>-no-<appliance>}).
 */
public final class GlobalClassifierEvaluation {
    private GlobalClassifierEvaluation() {}

    /** A fold's model: the classifier trained without {@code house} (and without {@code appliance}, when given). */
    static ApplianceClassifier fold(Path folds, HouseRuns h, String appliance) {
        Path dir = folds.resolve("without-" + h.house + (appliance == null ? "" : "-no-" + appliance));
        return ApplianceClassifier.open(ModelSource.of(dir.toString()), ApplianceClassifier.MODEL, h.zone);
    }

    /** The fold model that never saw REDD house 5 (one of {@code houses}), in its zone: for the device-health evaluation on that house. */
    public static ApplianceClassifier withoutRedd(Path folds, List<HouseRuns> houses) {
        return fold(folds, houses.stream().filter(h -> h.house.equals(HouseRuns.REDD)).findFirst().orElseThrow(), null);
    }

    public static boolean hasFolds(Path folds, List<HouseRuns> houses) {
        return houses.stream().allMatch(h -> Files.isDirectory(folds.resolve("without-" + h.house)));
    }

    public static void print(List<HouseRuns> houses, Path folds, PrintStream out) {
        List<String> modelClasses;
        try (ApplianceClassifier any = fold(folds, houses.get(0), null)) {
            modelClasses = any.classes().subList(1, any.classes().size());
        }
        out.println("The global classifier on the house it never saw (" + folds + "/without-<house>), alone (no label) and with "
                + "the household's labels, which come first; macro F1 over the house's appliances with at least "
                + (ApplianceEvaluation.RESERVED + ApplianceEvaluation.MIN_SCORED) + " runs, on the same scored runs as above:");
        out.println();
        out.println("| house | its appliances the model knows | macro F1, no label | 1 label each | 3 | 10 | known runs called unknown (no label) "
                + "| named as another (no label) | runs of no listed appliance given a name (no label) |");
        out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        List<String> perClass = new ArrayList<>();
        List<String> openSet = new ArrayList<>();
        for (HouseRuns h : houses) {
            List<String> classes = ApplianceEvaluation.classes(h);
            if (classes.isEmpty()) {
                continue;
            }
            ApplianceEvaluation.Tally[] t;
            try (ApplianceClassifier model = fold(folds, h, null)) {
                t = ApplianceEvaluation.byLabels(h, classes, model);
            }
            ApplianceEvaluation.Tally none = t[0];
            List<String> known = classes.stream().filter(modelClasses::contains).toList();
            out.printf(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2f | %.2f | %.0f %% | %.0f %% | %.1f %% of %d |%n", h.house,
                    known.isEmpty() ? "none" : String.join(", ", known), none.macroF1(), t[1].macroF1(), t[2].macroF1(), t[3].macroF1(),
                    100.0 * none.knownUnknown / none.knownScored, 100.0 * none.knownWrong / none.knownScored,
                    100.0 * none.otherNamed / Math.max(1, none.otherScored), none.otherScored);
            for (String c : known) {
                int[] n = none.counts.get(c);
                perClass.add(String.format(Locale.ROOT, "| %s | %s | %d | %.2f / %.2f / %.2f | %.2f / %.2f / %.2f |", h.house, c, n[0] + n[2],
                        none.precision(c), none.recall(c), none.f1(c), t[2].precision(c), t[2].recall(c), t[2].f1(c)));
                openSet.add(openSet(folds, h, classes, c));
            }
        }
        out.println();
        out.println("Per appliance the model knows, precision / recall / F1 with no label and with 3 labelled runs of each:");
        out.println();
        out.println("| house | appliance | scored runs | no label | 3 labels |");
        out.println("| --- | --- | ---: | --- | --- |");
        perClass.forEach(out::println);
        out.println();
        out.println("Open set: a model trained without the house and without one appliance (its runs left out of training), "
                + "no label; the appliance's runs should be unknown and come back as a new device:");
        out.println();
        out.println("| house | never seen | its runs | called unknown | named as another | new_device for it | other appliances' runs called unknown |");
        out.println("| --- | --- | ---: | ---: | ---: | --- | ---: |");
        openSet.forEach(out::println);
    }

    private static String openSet(Path folds, HouseRuns h, List<String> classes, String never) {
        Map<String, Double> newDeviceDays = new HashMap<>();
        ApplianceEvaluation.Tally t;
        try (ApplianceClassifier model = fold(folds, h, never)) {
            t = ApplianceEvaluation.replay(h, classes, 0, null, newDeviceDays, model);
        }
        int[] n = t.counts.get(never);
        int runs = n[0] + n[2];
        int unknown = t.unknownOf.getOrDefault(never, 0);
        int othersScored = t.knownScored - runs;
        int othersUnknown = t.knownUnknown - unknown;
        Double days = newDeviceDays.get(never);
        return String.format(Locale.ROOT, "| %s | %s | %d | %.0f %% | %.0f %% | %s | %.0f %% |", h.house, never, runs, 100.0 * unknown / runs,
                100.0 * (runs - unknown - n[0]) / runs,
                days == null ? "no" : String.format(Locale.ROOT, "yes, %.1f days after its first run", days),
                100.0 * othersUnknown / Math.max(1, othersScored));
    }
}
