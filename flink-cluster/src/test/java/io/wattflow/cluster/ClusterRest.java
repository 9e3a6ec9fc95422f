package io.wattflow.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The parts of Flink's REST API the end-to-end test uses. */
final class ClusterRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ENDED = Set.of("FINISHED", "FAILED", "CANCELED");

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ClusterRest(String base) {
        this.base = base;
    }

    /** POST /jars/upload (multipart, field {@code jarfile}); returns the jar's id. */
    String uploadJar(Path jar) throws Exception {
        String boundary = "wattflow-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"" + jar.getFileName()
                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode r = send(HttpRequest.newBuilder(URI.create(base + "/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        String file = r.path("filename").asText();
        if (file.isEmpty()) {
            throw new IllegalStateException("The upload returned no file name: " + r);
        }
        return Path.of(file).getFileName().toString();
    }

    /** POST /jars/:id/run; returns the job id. */
    String runJar(String jarId, List<String> args, int parallelism) throws Exception {
        String request = JSON.writeValueAsString(Map.of("programArgsList", args, "parallelism", parallelism));
        JsonNode r = send(HttpRequest.newBuilder(URI.create(base + "/jars/" + jarId + "/run"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request)));
        return r.path("jobid").asText();
    }

    String state(String jobId) throws Exception {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /** Restarts of the job so far (Flink's {@code numRestarts} metric of the job). */
    long restarts(String jobId) throws Exception {
        JsonNode metrics = get("/jobs/" + jobId + "/metrics?get=numRestarts");
        return metrics.isArray() && metrics.size() > 0 ? metrics.get(0).path("value").asLong() : 0;
    }

    int completedCheckpoints(String jobId) throws Exception {
        return get("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asInt();
    }

    /** Waits until the job has completed {@code count} checkpoints of its own (a restore does not count). */
    void awaitCheckpoints(String jobId, int count, Duration timeout) throws Exception {
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            JsonNode c = get("/jobs/" + jobId + "/checkpoints");
            if (c.path("counts").path("completed").asInt() >= count) {
                return;
            }
            String state = state(jobId);
            if (ENDED.contains(state)) {
                throw new IllegalStateException("Job " + jobId + " is " + state + " before " + count + " checkpoints");
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Job " + jobId + " did not complete " + count + " checkpoints in " + timeout);
    }

    /** POST /jobs/:id/stop and waits for the savepoint; returns its location. */
    String stopWithSavepoint(String jobId, String targetDirectory, Duration timeout) throws Exception {
        String request = JSON.writeValueAsString(Map.of("targetDirectory", targetDirectory, "drain", false));
        JsonNode trigger = send(HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "/stop"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request)));
        String id = trigger.path("request-id").asText();
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            JsonNode status = get("/jobs/" + jobId + "/savepoints/" + id);
            if ("COMPLETED".equals(status.path("status").path("id").asText())) {
                JsonNode op = status.path("operation");
                if (op.has("failure-cause")) {
                    throw new IllegalStateException("The savepoint failed: " + op.path("failure-cause"));
                }
                return op.path("location").asText();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("No savepoint of " + jobId + " within " + timeout);
    }

    /** Waits until the job ends; returns its final state. */
    String awaitEnd(String jobId, Duration timeout) throws Exception {
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            String state = state(jobId);
            if (ENDED.contains(state)) {
                return state;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Job " + jobId + " still runs after " + timeout);
    }

    private JsonNode get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    private JsonNode send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> r = http.send(request.timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(r.request().method() + " " + r.request().uri() + " -> " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }
}
