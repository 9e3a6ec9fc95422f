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
 * median and the longest end-to-end duration of the completed checkpoints, how many completed, and
 * when the longest was triggered (a stall at a minute's close and one at the end of the input look
 * alike in a maximum).
 * Polled while the job runs, since the statistics go with the cluster at the end.
 */
final class CheckpointTimes implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile long completed;
    private volatile double medianMs;
    private volatile double maxMs;
    /** When the longest completed checkpoint was triggered, in ms after the job started; -1 until one is seen in the history. */
    private volatile long longestAtMs = -1;
    private long longestSeenMs = -1;
    /** What the longest completed checkpoint wrote (an incremental checkpoint: what changed since the one before), bytes. */
    private volatile long longestBytes;
    private volatile double medianBytes;

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
                JsonNode size = stats.path("summary").path("checkpointed_size");
                medianBytes = size.path("p50").asDouble(size.path("avg").asDouble());
            }
            // The history holds the last few checkpoints only; polled often enough to see each one.
            long started = job.path("start-time").asLong();
            for (JsonNode c : stats.path("history")) {
                long ms = c.path("end_to_end_duration").asLong();
                if ("COMPLETED".equals(c.path("status").asText()) && ms > longestSeenMs) {
                    longestSeenMs = ms;
                    longestAtMs = c.path("trigger_timestamp").asLong() - started;
                    longestBytes = c.path("checkpointed_size").asLong();
                }
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

    /** Bytes the longest checkpoint wrote (with incremental checkpoints, what changed since the one before). */
    long longestBytes() {
        return longestBytes;
    }

    /** The median of what the completed checkpoints wrote, bytes. */
    double medianBytes() {
        return medianBytes;
    }

    /** Seconds after the job's start at which its longest checkpoint was triggered, -1 if unknown. */
    double longestAtSeconds() {
        return longestAtMs < 0 ? -1 : longestAtMs / 1000.0;
    }
}
