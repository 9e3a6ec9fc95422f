package io.wattflow.jobs.cli;

import io.wattflow.jobs.dashboard.DashboardServer;
import io.wattflow.kafka.KafkaPreflight;
import io.wattflow.kafka.KafkaSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Serves the dashboard over a job's Parquet output folder, or its output topics, until stopped. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = "Serve a web dashboard over a job's outputs: meters, power traces, events, runs, anomalies, alerts.")
public final class DashboardCommand implements Callable<Integer> {
    @Option(names = "--output", description = "The job's Parquet output folder (as given to run or demo).")
    Path output;

    @Option(names = "--kafka-bootstrap", description = "Instead of --output: follow the job's output topics on these brokers live.")
    String kafkaBootstrap;

    @Option(names = "--output-topic-prefix", description = "With --kafka-bootstrap: the job's output topic prefix (default: ${DEFAULT-VALUE}).")
    String outputTopicPrefix = "wattflow.";

    @Option(names = "--kafka-properties", description = "With --kafka-bootstrap: Kafka client properties (SASL, TLS, ...); "
            + "WATTFLOW_KAFKA_<PROPERTY> environment variables add to and override them.")
    Path kafkaProperties;

    @Option(names = "--port", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = 8080;

    @Option(names = "--bind", description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; "
            + "0.0.0.0 serves every network the machine is on, without authentication).")
    String bind = "127.0.0.1";

    @Option(names = "--timezone", description = "Zone the pages show times in (default: this machine's).")
    ZoneId zone = ZoneId.systemDefault();

    @Override
    public Integer call() throws Exception {
        if ((output == null) == (kafkaBootstrap == null)) {
            throw new IllegalArgumentException("Give either --output FOLDER (the job's Parquet outputs) or --kafka-bootstrap HOST:PORT "
                    + "(its output topics, live).");
        }
        if (output != null && !Files.isDirectory(output)) {
            throw new IllegalArgumentException("Output folder " + output + " does not exist: give the --output folder of run or demo.");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535 (it is " + port + ").");
        }
        if (output != null) {
            serve(() -> DashboardServer.start(output, bind, port, zone), output.toAbsolutePath().toString(), bind, port);
        } else {
            KafkaSettings kafka = new KafkaSettings();
            kafka.bootstrapServers = kafkaBootstrap;
            kafka.outputTopicPrefix = outputTopicPrefix;
            kafka.withPropertiesFrom(kafkaProperties, System.getenv());
            KafkaPreflight.checkBrokers(kafka, Duration.ofSeconds(15));
            serve(() -> DashboardServer.start(kafka, bind, port, zone), "the topics " + outputTopicPrefix + "* on " + kafkaBootstrap,
                    bind, port);
        }
        return 0;
    }

    /** Starts the dashboard over a Parquet folder, prints its address and serves until the process is stopped. */
    static void serve(Path output, String bind, int port, ZoneId zone) throws Exception {
        serve(() -> DashboardServer.start(output, bind, port, zone), output.toAbsolutePath().toString(), bind, port);
    }

    private interface Starter {
        DashboardServer start() throws Exception;
    }

    private static void serve(Starter starter, String what, String bind, int port) throws Exception {
        DashboardServer server;
        try {
            server = starter.start();
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
        System.out.println("Dashboard of " + what + " at " + server.uri() + " (Ctrl-C stops it)."
                + (bind.equals("127.0.0.1") || bind.equals("localhost") ? " It answers this machine only; --bind 0.0.0.0 "
                + "serves other machines too (no authentication: put it behind a proxy that has some)." : ""));
        stopped.await();
    }
}
