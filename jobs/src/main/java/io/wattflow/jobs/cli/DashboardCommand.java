package io.wattflow.jobs.cli;

import io.wattflow.jobs.dashboard.DashboardServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Serves the dashboard over a job's Parquet output folder until stopped. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = "Serve a web dashboard over a job's outputs: meters, power traces, events, runs, anomalies, alerts.")
public final class DashboardCommand implements Callable<Integer> {
    @Option(names = "--output", required = true, description = "The job's Parquet output folder (as given to run or demo).")
    Path output;

    @Option(names = "--port", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = 8080;

    @Option(names = "--bind", description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; "
            + "0.0.0.0 serves every network the machine is on, without authentication).")
    String bind = "127.0.0.1";

    @Option(names = "--timezone", description = "Zone the pages show times in (default: this machine's).")
    ZoneId zone = ZoneId.systemDefault();

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(output)) {
            throw new IllegalArgumentException("Output folder " + output + " does not exist: give the --output folder of run or demo.");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535 (it is " + port + ").");
        }
        serve(output, bind, port, zone);
        return 0;
    }

    /** Starts the dashboard, prints its address and serves until the process is stopped. */
    static void serve(Path output, String bind, int port, ZoneId zone) throws Exception {
        DashboardServer server;
        try {
            server = DashboardServer.start(output, bind, port, zone);
        } catch (BindException e) {
            throw new IllegalArgumentException("Cannot listen on " + bind + ":" + port + " (" + e.getMessage()
                    + "): pick another --port, or 0 for any free one.");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception ignored) {
                // The process is exiting anyway.
            }
            stopped.countDown();
        }, "dashboard-stop"));
        System.out.println("Dashboard of " + output.toAbsolutePath() + " at " + server.uri() + " (Ctrl-C stops it)."
                + (bind.equals("127.0.0.1") || bind.equals("localhost") ? " It answers this machine only; --bind 0.0.0.0 "
                + "serves other machines too (no authentication: put it behind a proxy that has some)." : ""));
        stopped.await();
    }
}
