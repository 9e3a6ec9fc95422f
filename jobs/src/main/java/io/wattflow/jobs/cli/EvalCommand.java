package io.wattflow.jobs.cli;

import io.wattflow.jobs.eval.EventReport;
import picocli.CommandLine.Command;

import java.util.Optional;
import java.util.concurrent.Callable;

/** Quality on the real recordings in ../shared/datasets. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Measure quality on the real recordings.",
        subcommands = {EvalCommand.Events.class, EvalCommand.Anomalies.class, EvalCommand.HeatPump.class})
public final class EvalCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("Say what to evaluate: wattflow eval events, wattflow eval anomalies, or wattflow eval heatpump");
        return 2;
    }

    @Command(name = "events", mixinStandardHelpOptions = true,
            description = "Changepoint detectors against circuit-level switching on REDD house 5 and the 1 Hz lab set.")
    static final class Events implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            int evaluated = 0;
            for (Optional<EventReport.Recording> r : new Optional[] {EventReport.redd(), EventReport.lab()}) {
                if (r.isPresent()) {
                    EventReport.print(r.get(), EventReport.scores(r.get()), System.out);
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
        @picocli.CommandLine.Option(names = "--seeds", description = "Injection rounds, seeds 1..N, scored together (default: ${DEFAULT-VALUE}).")
        int seeds = 3;

        @picocli.CommandLine.Option(names = "--work", description = "Folder for the injected recordings and the job outputs (default: a temporary one).")
        java.nio.file.Path work;

        @Override
        public Integer call() throws Exception {
            java.util.List<io.wattflow.jobs.eval.anomaly.MinuteSeries> recordings = io.wattflow.jobs.eval.anomaly.AnomalyEvaluation.recordings();
            if (recordings.isEmpty()) {
                return noRecordings();
            }
            java.nio.file.Path dir = workDir(work, "anomalies");
            java.util.List<io.wattflow.jobs.eval.anomaly.AnomalyEvaluation.Run> runs = new java.util.ArrayList<>();
            for (long seed = 1; seed <= seeds; seed++) {
                runs.addAll(io.wattflow.jobs.eval.anomaly.AnomalyEvaluation.run(recordings, seed, dir.resolve("seed-" + seed)));
            }
            io.wattflow.jobs.eval.anomaly.AnomalyEvaluation.print(runs,
                    io.wattflow.jobs.eval.anomaly.AnomalyEvaluation.score(runs), seeds, System.out);
            return 0;
        }
    }

    @Command(name = "heatpump", mixinStandardHelpOptions = true,
            description = "Heat-pump detection and disaggregation, leave-homes-out on the CKW homes, beside the simple methods.")
    static final class HeatPump implements Callable<Integer> {
        @picocli.CommandLine.Option(names = "--folds", description = "Folder of the cross-validation folds' models (default: ${DEFAULT-VALUE}).")
        java.nio.file.Path folds = java.nio.file.Path.of("models", "eval", "heatpump");

        @picocli.CommandLine.Option(names = "--work", description = "Folder for the job outputs (default: a temporary one).")
        java.nio.file.Path work;

        @Override
        public Integer call() throws Exception {
            java.util.Optional<io.wattflow.jobs.eval.heatpump.CkwHomes> data = io.wattflow.jobs.eval.heatpump.CkwHomes.load();
            if (data.isEmpty()) {
                return noRecordings();
            }
            if (!java.nio.file.Files.isDirectory(folds)) {
                System.err.println("No fold models at " + folds.toAbsolutePath() + ": run from the repository root or give --folds.");
                return 2;
            }
            java.nio.file.Path dir = workDir(work, "heatpump");
            java.util.List<io.wattflow.jobs.eval.heatpump.HeatPumpEvaluation.FoldRun> runs = new java.util.ArrayList<>();
            for (java.nio.file.Path fold : io.wattflow.jobs.eval.heatpump.HeatPumpEvaluation.folds(folds)) {
                runs.add(io.wattflow.jobs.eval.heatpump.HeatPumpEvaluation.run(data.get(), fold, dir));
            }
            io.wattflow.jobs.eval.heatpump.HeatPumpReport.print(runs, System.out);
            return 0;
        }
    }

    static int noRecordings() {
        System.err.println("No recordings found: put ../shared/datasets beside the checkout or set WATTFLOW_DATASETS.");
        return 2;
    }

    /** The --work folder, or a fresh temporary one. */
    static java.nio.file.Path workDir(java.nio.file.Path work, String evaluation) throws java.io.IOException {
        return work != null ? work : java.nio.file.Files.createTempDirectory("wattflow-eval-" + evaluation);
    }
}
