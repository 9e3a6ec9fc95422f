package io.wattflow.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code flink-conf/local-cluster.sh} driven from a test: a session cluster in its own work folder and REST port. */
final class LocalCluster {
    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");

    private final Path root;
    private final Map<String, String> env;
    private final Path work;
    private final ClusterRest rest;

    private LocalCluster(Path root, Path work, int restPort, String checkpointInterval) {
        this.root = root;
        this.work = work;
        this.env = Map.of("WORK", work.toString(), "REST_PORT", Integer.toString(restPort), "CHECKPOINT_INTERVAL", checkpointInterval,
                "CHECKPOINT_MIN_PAUSE", "200ms");
        this.rest = new ClusterRest("http://localhost:" + restPort);
    }

    /** Starts a JobManager and a TaskManager (2 slots) checkpointing every {@code checkpointInterval}. */
    static LocalCluster start(Path root, Path work, String checkpointInterval) throws Exception {
        LocalCluster c = new LocalCluster(root, work, freePort(), checkpointInterval);
        c.script("start");
        return c;
    }

    ClusterRest rest() {
        return rest;
    }

    /** Submits {@code jar} with Flink's CLI, detached, from {@code savepoint}; returns the job id. */
    String submitWithCli(Path jar, String savepoint, List<String> programArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "-s", savepoint, jar.toString()));
        args.addAll(programArgs);
        String output = script(args.toArray(String[]::new));
        Matcher m = JOB_ID.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("Flink's CLI printed no job id:\n" + output);
        }
        return m.group(1);
    }

    /** {@code kill -9} of the TaskManager's JVM. */
    void killTaskManager() throws Exception {
        long pid = Long.parseLong(Files.readString(work.resolve("taskmanager.pid")).trim());
        new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start().waitFor();
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
    }

    void startTaskManager() throws Exception {
        script("start-taskmanager");
    }

    void stop() throws Exception {
        script("stop");
    }

    private String script(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("flink-conf/local-cluster.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("local-cluster.sh " + String.join(" ", args) + " failed:\n" + new String(out, StandardCharsets.UTF_8)
                    + "\n" + logs());
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private String logs() {
        try (var files = Files.list(work.resolve("log"))) {
            StringBuilder b = new StringBuilder();
            for (Path f : files.toList()) {
                String text = Files.readString(f);
                b.append("--- ").append(f.getFileName()).append(" (last 3000 characters)\n").append(text.substring(Math.max(0, text.length() - 3000)));
            }
            return b.toString();
        } catch (IOException e) {
            return "(no logs: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
