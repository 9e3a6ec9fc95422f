package io.wattflow.jobs.eval.nilm;

import io.wattflow.models.ModelFiles;
import io.wattflow.models.ModelManifest;
import io.wattflow.models.ModelSource;
import io.wattflow.operators.nilm.NilmModelSpec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Leave one house out: each fold's model (models/eval/nilm/fold-N, trained by train_nilm.py without
 * the house its manifest names) is scored on that house only, per appliance the house has metered.
 */
public final class NilmEvaluation {
    public static final String MODEL = "nilm-appliances";
    /** The shipped model's appliances, in its output order (each fold's manifest is checked against it). */
    public static final List<String> APPLIANCES = List.of("kettle", "microwave", "dishwasher", "washing_machine");

    private NilmEvaluation() {}

    /** The folds of the model the jar ships: {@code models/eval/nilm-<its version>} under the repository root. */
    public static Path shippedFolds(Path repositoryRoot) {
        String version = ModelFiles.load(ModelSource.classpath(), MODEL).manifest.version;
        return repositoryRoot.resolve(Path.of("models", "eval", "nilm-" + version));
    }

    public static List<NilmScore> evaluate(List<NilmHouse> houses, Path foldsDir) throws IOException {
        List<NilmScore> scores = new ArrayList<>();
        for (Path fold : folds(foldsDir)) {
            ModelSource source = ModelSource.of(fold.toUri().toString());
            ModelManifest manifest = ModelFiles.load(source, MODEL).manifest;
            NilmModelSpec spec = NilmModelSpec.of(manifest);
            if (manifest.heldOutHomes == null || manifest.heldOutHomes.size() != 1) {
                throw new IllegalArgumentException(fold + " must name the one house it holds out; export the folds with "
                        + "models/training/train_nilm.py.");
            }
            List<String> names = spec.appliances.stream().map(x -> x.name).collect(Collectors.toList());
            if (!names.equals(APPLIANCES)) {
                throw new IllegalArgumentException(fold + " estimates " + names + ", the houses were read for " + APPLIANCES
                        + "; export the folds again with models/training/train_nilm.py.");
            }
            String heldOut = manifest.heldOutHomes.get(0);
            NilmHouse house = houses.stream().filter(h -> h.name.equals(heldOut)).findFirst().orElse(null);
            if (house == null) {
                continue; // that house's recording is not here
            }
            NilmEstimates estimates = NilmEstimates.run(house, source, MODEL);
            for (int a = 0; a < spec.applianceCount(); a++) {
                if (house.truthW[a] == null) {
                    continue;
                }
                scores.add(NilmScore.of(house, a, spec.appliances.get(a), estimates, meanPower(houses, house, a)));
            }
        }
        return scores;
    }

    /** The appliance's mean power over the other houses' metered minutes: what a model that knows only that would say. */
    static double meanPower(List<NilmHouse> houses, NilmHouse heldOut, int a) {
        double sum = 0;
        long n = 0;
        for (NilmHouse h : houses) {
            if (h == heldOut || h.truthW[a] == null) {
                continue;
            }
            for (int i = 0; i < h.minutes(); i++) {
                if (!Float.isNaN(h.truthW[a][i]) && !Float.isNaN(h.aggregateW[i])) {
                    sum += h.truthW[a][i];
                    n++;
                }
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    public static List<Path> folds(Path foldsDir) throws IOException {
        try (Stream<Path> s = Files.list(foldsDir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("fold-")).sorted().collect(Collectors.toList());
        }
    }

    public static void print(List<NilmScore> scores, PrintStream out) {
        out.println("| house (held out) | appliance | runs | MAE W | always off | mean power | MAE vs always off | energy error "
                + "| ON precision | ON recall | ON F1 | days it ran | day precision | day recall |");
        out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (NilmScore s : scores) {
            out.println(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %.1f | %+.0f %% | %s | %.2f | %.2f | **%.2f** | %d | %.2f | %.2f |",
                    s.house, s.appliance, s.runs, s.mae, s.maeAlwaysOff, s.maeMeanPower,
                    s.maeAlwaysOff == 0 ? 0 : 100 * (s.mae / s.maeAlwaysOff - 1),
                    Double.isNaN(s.energyError) ? "n/a" : String.format(Locale.ROOT, "%+.0f %%", 100 * s.energyError),
                    s.precision, s.recall, s.f1, s.daysRun, s.dayPrecision, s.dayRecall));
        }
    }
}
