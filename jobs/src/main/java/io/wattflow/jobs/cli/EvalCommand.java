package io.wattflow.jobs.cli;

import io.wattflow.jobs.eval.EventReport;
import io.wattflow.jobs.eval.anomaly.AnomalyEvaluation;
import io.wattflow.jobs.eval.anomaly.MinuteSeries;
import io.wattflow.jobs.eval.anomaly.FaultSweep;
import io.wattflow.jobs.eval.appliance.ApplianceEvaluation;
import io.wattflow.jobs.eval.appliance.DeviceHealthEvaluation;
import io.wattflow.jobs.eval.appliance.GlobalClassifierEvaluation;
import io.wattflow.jobs.eval.appliance.NilmNamingEvaluation;
import io.wattflow.jobs.eval.appliance.HouseRuns;
import io.wattflow.jobs.eval.forecast.ForecastEvaluation;
import io.wattflow.jobs.eval.forecast.HourlySeries;
import io.wattflow.jobs.eval.generic.GenericEvaluation;
import io.wattflow.jobs.eval.heatpump.CkwHomes;
import io.wattflow.record.AnomalyAlert;
import io.wattflow.jobs.eval.heatpump.HeatPumpEvaluation;
import io.wattflow.jobs.eval.heatpump.HeatPumpReport;
import io.wattflow.jobs.eval.heatpump.NestedChoice;
import io.wattflow.jobs.eval.heatpump.OpsdCrossCheck;
import io.wattflow.jobs.eval.nilm.NilmEvaluation;
import io.wattflow.jobs.eval.nilm.NilmHouse;
import io.wattflow.operators.anomaly.AnomalySettings;
import io.wattflow.operators.anomaly.BaseloadStepRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Quality on the real recordings in ../shared/datasets. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Measure quality on the real recordings.",
        subcommands = {EvalCommand.Events.class, EvalCommand.Generic.class, EvalCommand.Anomalies.class, EvalCommand.HeatPump.class, EvalCommand.Forecast.class,
                EvalCommand.Nilm.class, EvalCommand.Appliances.class})
public final class EvalCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("Say what to evaluate: wattflow eval events, wattflow eval generic, wattflow eval anomalies, wattflow eval heatpump, wattflow eval forecast, wattflow eval nilm, or wattflow eval appliances");
        return 2;
    }

    @Command(name = "appliances", mixinStandardHelpOptions = true,
            description = "Appliance runs named from each house's own labels, and never-labelled appliances as new devices, on the real recordings.")
    static final class Appliances implements Callable<Integer> {
        @Option(names = "--write-runs", description = "Only write each house's runs and classifier features to this folder "
                + "(the input of models/training/train_appliances.py).")
        Path writeRuns;

        @Option(names = "--folds", description = "Folder of the global classifier's leave-one-house-out models (default: ${DEFAULT-VALUE}).")
        Path folds = Path.of("models", "eval", "appliance-classifier-1.0.0");

        @Override
        public Integer call() throws Exception {
            List<HouseRuns> houses = ApplianceEvaluation.recordings();
            if (houses.isEmpty()) {
                return noRecordings();
            }
            if (writeRuns != null) {
                ApplianceEvaluation.writeRuns(houses, writeRuns);
                System.out.println("Wrote the runs of " + houses.size() + " houses to " + writeRuns.toAbsolutePath());
                return 0;
            }
            ApplianceEvaluation.print(houses, System.out);
            System.out.println();
            boolean hasFolds = GlobalClassifierEvaluation.hasFolds(folds, houses);
            if (hasFolds) {
                GlobalClassifierEvaluation.print(houses, folds, System.out);
                Path nilmFolds = NilmEvaluation.shippedFolds(Path.of(""));
                if (Files.isDirectory(nilmFolds)) {
                    System.out.println();
                    NilmNamingEvaluation.print(houses, nilmFolds, folds, System.out);
                }
            } else {
                System.out.println("No global classifier fold models at " + folds.toAbsolutePath() + ": run from the repository root or give --folds.");
            }
            System.out.println();
            var redd = DeviceHealthEvaluation.redd();
            if (redd.isPresent()) {
                // As the stream runs it: with the global classifier, the one that never saw REDD.
                try (var classifier = hasFolds ? GlobalClassifierEvaluation.withoutRedd(folds, houses) : null) {
                    DeviceHealthEvaluation.print(redd.get(), classifier, System.out);
                    // Real houses' own readings, the fridge added: the GJW house at 1 Hz, UK-DALE 2 and REFIT 2 at 1 min.
                    List<DeviceHealthEvaluation.Background> realHouses = new ArrayList<>();
                    DeviceHealthEvaluation.gjw().ifPresent(realHouses::add);
                    realHouses.addAll(DeviceHealthEvaluation.minuteHouses());
                    for (DeviceHealthEvaluation.Background house : realHouses) {
                        DeviceHealthEvaluation.print(house, redd.get(), classifier, System.out);
                    }
                }
            }
            return 0;
        }
    }

    @Command(name = "forecast", mixinStandardHelpOptions = true,
            description = "Hourly consumption forecasts replayed day by day on the real recordings, against three references.")
    static final class Forecast implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            List<HourlySeries> houses = ForecastEvaluation.recordings();
            if (houses.isEmpty()) {
                return noRecordings();
            }
            ForecastEvaluation.Evaluation evaluation = ForecastEvaluation.evaluate(houses);
            ForecastEvaluation.print(evaluation.rows(), System.out);
            ForecastEvaluation.printTemperature(evaluation.temperatureRows(), System.out);
            System.out.println("Chosen on all the houses (the shipped default): " + evaluation.chosenOnAll());
            return 0;
        }
    }

    @Command(name = "nilm", mixinStandardHelpOptions = true,
            description = "Appliance disaggregation, leaving one house out (UK-DALE 2, REFIT 2, REDD 5), against two references.")
    static final class Nilm implements Callable<Integer> {
        @Option(names = "--folds", description = "Folder of the leave-one-house-out models (default: models/eval/nilm-<version>, "
                + "the shipped model's version; other versions' folds are beside it).")
        Path folds;

        @Override
        public Integer call() throws Exception {
            List<NilmHouse> houses = NilmHouse.recordings(NilmEvaluation.APPLIANCES);
            if (houses.isEmpty()) {
                return noRecordings();
            }
            if (folds == null) {
                folds = NilmEvaluation.shippedFolds(Path.of(""));
            }
            if (!Files.isDirectory(folds)) {
                System.err.println("No fold models at " + folds.toAbsolutePath() + ": run from the repository root or give --folds.");
                return 2;
            }
            System.out.println("Folds: " + folds);
            NilmEvaluation.print(NilmEvaluation.evaluate(houses, folds), System.out);
            return 0;
        }
    }

    @Command(name = "events", mixinStandardHelpOptions = true,
            description = "Changepoint detectors against circuit-level switching on REDD house 5 and the 1 Hz lab set.")
    static final class Events implements Callable<Integer> {
        @Option(names = "--halves", description = "Only REDD house 5 against the strict truth, natively and on a 1 s grid, "
                + "each half in time on its own: settings are chosen on the first half, the second is the held-out figure.")
        boolean halves;

        @Override
        public Integer call() throws Exception {
            if (halves) {
                Optional<EventReport.Recording> redd = EventReport.redd();
                if (redd.isEmpty()) {
                    return noRecordings();
                }
                EventReport.printHalves(List.of(EventReport.strict(redd.get()), EventReport.strictOnOneSecondGrid(redd.get())), System.out);
                return 0;
            }
            int evaluated = 0;
            for (Optional<EventReport.Recording> r : new Optional[] {EventReport.redd(), EventReport.lab()}) {
                if (r.isPresent()) {
                    EventReport.print(r.get(), EventReport.scores(r.get()), System.out);
                    // Also against a stricter truth, and (for the 3-4 s REDD readings) on a 1 s grid.
                    EventReport.Recording strict = EventReport.strict(r.get());
                    EventReport.print(strict, EventReport.scores(strict), System.out);
                    if (r.get().sessions.size() == 1) {
                        EventReport.Recording grid = EventReport.strictOnOneSecondGrid(r.get());
                        EventReport.print(grid, EventReport.scores(grid), System.out);
                    }
                    evaluated++;
                }
            }
            if (evaluated == 0) {
                return noRecordings();
            }
            return 0;
        }
    }

    @Command(name = "anomalies", mixinStandardHelpOptions = true,
            description = "Anomaly alerts against faults injected into real recordings (REFIT, UK-DALE, GJW).")
    static final class Anomalies implements Callable<Integer> {
        @Option(names = "--seeds", description = "Injection rounds, seeds 1..N, scored together (default: ${DEFAULT-VALUE}).")
        int seeds = 3;

        @Option(names = "--work", description = "Folder for the injected recordings and the job outputs (default: a temporary one).")
        Path work;

        @Option(names = "--baseload-step", description = "two-days (default), within-a-day or within-a-day-when-quiet: which standby step rule to score.")
        String baseloadStep = "two-days";

        @Option(names = "--reuse", description = "Score the outputs that finished jobs of the same rule left in --work instead of running them again.")
        boolean reuse;

        @Option(names = "--sweep", paramLabel = "FAULT", description = "Only the rule of one fault type (e.g. periodicity, periodicity-shorter, baseload-step), on such a fault injected into every usable week of each recording, one run each (plain Java, seconds).")
        String sweep;

        @Override
        public Integer call() throws Exception {
            BaseloadStepRule stepRule = BaseloadStepRule.of(baseloadStep);
            List<MinuteSeries> recordings = AnomalyEvaluation.recordings();
            if (recordings.isEmpty()) {
                return noRecordings();
            }
            if (sweep != null) {
                AnomalySettings settings = AnomalySettings.defaults();
                settings.baseloadStep = stepRule;
                FaultSweep.sweep(recordings, sweep, settings, System.out);
                return 0;
            }
            Path dir = workDir(work, "anomalies");
            Map<String, List<AnomalyAlert>> own = AnomalyEvaluation.untouchedAlerts(recordings, dir.resolve("untouched"), stepRule, reuse);
            List<AnomalyEvaluation.Run> runs = new ArrayList<>();
            for (long seed = 1; seed <= seeds; seed++) {
                runs.addAll(AnomalyEvaluation.run(recordings, seed, dir.resolve("seed-" + seed), own, stepRule, reuse));
            }
            AnomalyEvaluation.print(runs,
                    AnomalyEvaluation.score(runs), seeds, System.out);
            return 0;
        }
    }

    @Command(name = "generic", mixinStandardHelpOptions = true,
            description = "The detectors on generic changepoint series of any unit: configuration chosen on development seeds, scored on test seeds.")
    static final class Generic implements Callable<Integer> {
        @Option(names = "--per-family", description = "Series per family in each set (default: ${DEFAULT-VALUE}).")
        int perFamily = 40;

        @Override
        public Integer call() throws Exception {
            GenericEvaluation.run(perFamily, System.out);
            return 0;
        }
    }

    @Command(name = "heatpump", mixinStandardHelpOptions = true,
            description = "Heat-pump detection and disaggregation, leave-homes-out on the CKW homes, beside the simple methods.")
    static final class HeatPump implements Callable<Integer> {
        @Option(names = "--folds", description = "Folder of the cross-validation folds' models (default: ${DEFAULT-VALUE}).")
        Path folds = Path.of("models", "eval", "heatpump");

        @Option(names = "--work", description = "Folder for the job outputs (default: a temporary one).")
        Path work;

        @Override
        public Integer call() throws Exception {
            Optional<CkwHomes> data = CkwHomes.load();
            if (data.isEmpty()) {
                return noRecordings();
            }
            if (!Files.isDirectory(folds)) {
                System.err.println("No fold models at " + folds.toAbsolutePath() + ": run from the repository root or give --folds.");
                return 2;
            }
            Path dir = workDir(work, "heatpump");
            List<HeatPumpEvaluation.FoldRun> runs = new ArrayList<>();
            for (Path fold : HeatPumpEvaluation.folds(folds)) {
                runs.add(HeatPumpEvaluation.run(data.get(), fold, dir));
            }
            HeatPumpReport.print(runs, System.out);
            NestedChoice nested = NestedChoice.of(runs);
            nested.printLargeLoads(System.out);
            nested.print(System.out);
            Optional<OpsdCrossCheck> opsd = OpsdCrossCheck.load();
            if (opsd.isPresent()) {
                opsd.get().print(System.out);
            } else {
                System.out.println("\n(OPSD cross-check skipped: ../shared/datasets/opsd-household-hourly not found.)");
            }
            return 0;
        }
    }

    static int noRecordings() {
        System.err.println("No recordings found: put ../shared/datasets beside the checkout or set WATTFLOW_DATASETS.");
        return 2;
    }

    /** The --work folder, or a fresh temporary one. */
    static Path workDir(Path work, String evaluation) throws java.io.IOException {
        return work != null ? work : Files.createTempDirectory("wattflow-eval-" + evaluation);
    }
}
