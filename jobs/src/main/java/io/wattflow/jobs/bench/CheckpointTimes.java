package io.wattflow.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * How long a run's checkpoints took, from the MiniCluster's REST API (what Flink's web UI shows): the
 * median and the longest end-to-end duration of the completed checkpoints, and how many completed.
 * Polled while the job runs, since the statistics go with the cluster at the end.
 */
final class CheckpointTimes implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile long completed;
    private volatile double medianMs;
    private volatile double maxMs;

    CheckpointTimes(int port) {
        this.port = port;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                poll();
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // not up yet, or going down: the next poll tries again
            }
        }
    }

    private void poll() throws IOException, InterruptedException {
        for (JsonNode job : get("/jobs/overview").path("jobs")) {
            if (!"RUNNING".equals(job.path("state").asText())) {
                continue;
            }
            JsonNode stats = get("/jobs/" + job.path("jid").asText() + "/checkpoints");
            long count = stats.path("counts").path("completed").asLong();
            if (count >= completed && count > 0) {
                JsonNode duration = stats.path("summary").path("end_to_end_duration");
                completed = count;
                medianMs = duration.path("p50").asDouble(duration.path("avg").asDouble());
                maxMs = duration.path("max").asDouble();
            }
        }
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    long completed() {
        return completed;
    }

    double medianMs() {
        return medianMs;
    }

    double maxMs() {
        return maxMs;
    }
}
