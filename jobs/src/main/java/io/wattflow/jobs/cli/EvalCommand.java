package io.wattflow.jobs.cli;

import io.wattflow.jobs.eval.EventReport;
import picocli.CommandLine.Command;

import java.util.Optional;
import java.util.concurrent.Callable;

/** Quality on the real recordings in ../shared/datasets. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Measure quality on the real recordings.",
        subcommands = {EvalCommand.Events.class})
public final class EvalCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("Say what to evaluate: wattflow eval events");
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
                System.err.println("No recordings found: put ../shared/datasets beside the checkout or set WATTFLOW_DATASETS.");
                return 2;
            }
            return 0;
        }
    }
}
