package io.wattflow.jobs.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wattflow.jobs.WattflowCli;
import io.wattflow.record.AnomalyAlert;
import io.wattflow.record.ApplianceRun;
import io.wattflow.record.IntervalReading;
import io.wattflow.record.LoadEvent;
import io.wattflow.record.PowerSample;
import io.wattflow.sink.ParquetOutputs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's API over the demo's real outputs (the demo run through the CLI, its Parquet read
 * by DuckDB), checked against the same files read by the project's own Parquet reader.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardTest {
    static final ObjectMapper JSON = new ObjectMapper();

    Path out;
    DashboardServer server;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void runTheDemo() throws Exception {
        out = DemoOutput.get();
        server = DashboardServer.start(out, "127.0.0.1", 0, ZoneId.of("UTC"));
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void theMeterListHasEveryMeterWithItsOpenAlertsAndLastReading() throws Exception {
        List<IntervalReading> minutes = ParquetOutputs.readAll(out.resolve("intervals_1min"), IntervalReading.class);
        Set<String> meters = minutes.stream().map(m -> m.meterId).collect(Collectors.toSet());
        JsonNode list = json("/api/meters");
        assertThat(list).hasSize(meters.size());
        for (JsonNode m : list) {
            String id = m.get("meterId").asText();
            IntervalReading last = minutes.stream().filter(r -> r.meterId.equals(id)).max(Comparator.comparingLong(r -> r.endMs)).orElseThrow();
            assertThat(m.get("lastMs").asLong()).isEqualTo(last.endMs);
            assertThat(m.get("lastPowerW").asDouble()).isEqualTo(last.meanPowerW);
        }
        // The demo's injected faults: a spike on meter-002, a stuck value on meter-003 (closed a quiet day later).
        List<AnomalyAlert> alerts = ParquetOutputs.readAll(out.resolve("alerts"), AnomalyAlert.class);
        assertThat(alerts).extracting(a -> a.meterId + " " + a.kind).contains("meter-002 spike", "meter-003 stuck");
        java.util.Map<String, AnomalyAlert> latest = new java.util.HashMap<>();
        for (AnomalyAlert a : alerts) {
            latest.merge(a.meterId + " " + a.kind + " " + a.startMs, a, (x, y) -> x.emittedMs >= y.emittedMs ? x : y);
        }
        for (JsonNode m : list) {
            long open = latest.values().stream().filter(a -> a.meterId.equals(m.get("meterId").asText()) && a.status.equals("open")).count();
            assertThat(m.get("openAlerts").asLong()).as(m.toString()).isEqualTo(open);
        }
        assertThat(json("/api/meters?q=002")).extracting(m -> m.get("meterId").asText()).containsExactly("meter-002");
    }

    @Test
    void theTraceComesFromTheReadingsWhenZoomedInAndFromTheMinutesWhenWide() throws Exception {
        JsonNode wide = json("/api/trace?id=meter-001&points=200");
        assertThat(wide.get("source").asText()).isEqualTo("intervals_1min");
        assertThat(wide.get("bucketMs").asLong()).isGreaterThanOrEqualTo(60_000).isEqualTo(wide.get("bucketMs").asLong() / 60_000 * 60_000);
        assertThat(wide.get("t").size()).isBetween(50, 200);

        List<PowerSample> samples = ParquetOutputs.readAll(out.resolve("power_samples"), PowerSample.class).stream()
                .filter(s -> s.meterId.equals("meter-001")).sorted(Comparator.comparingLong(s -> s.timestampMs)).toList();
        long from = samples.get(3600).timestampMs;
        JsonNode close = json("/api/trace?id=meter-001&points=600&from=" + from + "&to=" + (from + 600_000));
        assertThat(close.get("source").asText()).isEqualTo("power_samples");
        assertThat(close.get("bucketMs").asLong()).isEqualTo(1_000);
        // At one-second buckets every reading is its own point, min = max = mean = the reading.
        for (int i = 0; i < 20; i++) {
            PowerSample s = samples.get(3600 + i);
            int at = indexOf(close.get("t"), s.timestampMs);
            assertThat(at).as("a point at %d", s.timestampMs).isGreaterThanOrEqualTo(0);
            assertThat(close.get("mean").get(at).asDouble()).isEqualTo(s.activePowerW);
            assertThat(close.get("lo").get(at).asDouble()).isEqualTo(s.activePowerW);
        }
        // Min and max of a wide bucket are the extremes of the minutes in it.
        List<IntervalReading> minutes = ParquetOutputs.readAll(out.resolve("intervals_1min"), IntervalReading.class).stream()
                .filter(m -> m.meterId.equals("meter-001")).toList();
        long b0 = wide.get("t").get(10).asLong();
        long bucket = wide.get("bucketMs").asLong();
        double max = minutes.stream().filter(m -> m.startMs >= b0 && m.startMs < b0 + bucket).mapToDouble(m -> m.maxPowerW).max().orElseThrow();
        assertThat(wide.get("hi").get(10).asDouble()).isEqualTo(max);
    }

    @Test
    void markersAreTheOutputsRowsOfTheMeterInTheRange() throws Exception {
        JsonNode all = json("/api/meter?id=meter-003");
        long from = all.get("firstMs").asLong();
        long to = all.get("lastMs").asLong();
        long mid = from + (to - from) / 2;
        JsonNode markers = json("/api/markers?id=meter-003&from=" + from + "&to=" + mid);
        long events = ParquetOutputs.readAll(out.resolve("events"), LoadEvent.class).stream()
                .filter(e -> e.meterId.equals("meter-003") && e.timestampMs >= from && e.timestampMs < mid).count();
        long runs = ParquetOutputs.readAll(out.resolve("appliance_runs"), ApplianceRun.class).stream()
                .filter(r -> r.meterId.equals("meter-003") && r.startMs < mid && r.endMs > from).count();
        assertThat(events).isPositive();
        assertThat(markers.get("events").size()).isEqualTo(events);
        assertThat(markers.get("runs").size()).isEqualTo(runs);
        assertThat(json("/api/markers?id=meter-003").get("alerts")).extracting(a -> a.get("kind").asText()).contains("stuck");
        // Each episode in its latest state: written open, then closed when it ends.
        java.util.Map<String, AnomalyAlert> latest = new java.util.HashMap<>();
        for (AnomalyAlert a : ParquetOutputs.readAll(out.resolve("alerts"), AnomalyAlert.class)) {
            latest.merge(a.meterId + " " + a.kind + " " + a.startMs, a, (x, y) -> x.emittedMs >= y.emittedMs ? x : y);
        }
        List<String> open = latest.values().stream().filter(a -> a.status.equals("open")).map(a -> a.meterId).toList();
        assertThat(json("/api/alerts?status=open")).extracting(a -> a.get("meterId").asText()).containsExactlyInAnyOrderElementsOf(open);
        assertThat(json("/api/alerts")).hasSize(latest.size());
    }

    @Test
    void anEventCarriesTheNameOfTheRunItSwitchedOnOrOff() throws Exception {
        List<ApplianceRun> runs = ParquetOutputs.readAll(out.resolve("appliance_runs"), ApplianceRun.class);
        ApplianceRun named = runs.stream().filter(r -> ApplianceRun.MATCHED.equals(r.status) && !ApplianceRun.UNKNOWN.equals(r.appliance))
                .findFirst().orElseThrow(() -> new AssertionError("the demo names no run"));
        long from = named.startMs - 3_600_000L;
        long to = named.endMs + 3_600_000L;
        JsonNode events = json("/api/markers?id=" + named.meterId + "&from=" + from + "&to=" + to).get("events");
        java.util.Map<Long, String> names = new java.util.HashMap<>();
        for (ApplianceRun r : runs) {
            if (r.meterId.equals(named.meterId) && ApplianceRun.MATCHED.equals(r.status) && !ApplianceRun.UNKNOWN.equals(r.appliance)) {
                names.put(r.startMs, r.appliance);
                names.put(r.endMs, r.appliance);
            }
        }
        assertThat(events).isNotEmpty();
        for (JsonNode e : events) {
            String expected = names.get(e.get("timestampMs").asLong());
            assertThat(e.get("appliance").isNull() ? null : e.get("appliance").asText()).as(e.toString()).isEqualTo(expected);
        }
        assertThat(events).filteredOn(e -> e.get("timestampMs").asLong() == named.startMs || e.get("timestampMs").asLong() == named.endMs)
                .hasSize(2).allSatisfy(e -> assertThat(e.get("appliance").asText()).isEqualTo(named.appliance));
    }

    @Test
    void theNextDaysHourlyForecastsAreServedForTheHoursInView() throws Exception {
        // The demo's 6 h end at the end of its input: the pending midnight forecasts the next day's first hours.
        List<io.wattflow.record.Forecast> hourly = ParquetOutputs.readAll(out.resolve("forecasts"), io.wattflow.record.Forecast.class)
                .stream().filter(f -> f.meterId.equals("meter-001") && f.horizon.equals("hour")).toList();
        assertThat(hourly).isNotEmpty();
        long from = hourly.stream().mapToLong(f -> f.targetStartMs).min().orElseThrow();
        JsonNode forecasts = json("/api/markers?id=meter-001&from=" + from + "&to=" + (from + 86_400_000L)).get("forecasts");
        assertThat(forecasts).hasSize(hourly.size());
        assertThat(forecasts.get(0).get("p50Kwh").asDouble()).isEqualTo(hourly.stream()
                .filter(f -> f.targetStartMs == from).findFirst().orElseThrow().p50Kwh);
    }

    @Test
    void aMetersAppliancesAreItsDailyEstimatesSummedAndAddUpToItsEnergy() throws Exception {
        List<io.wattflow.record.ApplianceEnergyDaily> days = ParquetOutputs.readAll(out.resolve("appliance_energy_daily"),
                io.wattflow.record.ApplianceEnergyDaily.class).stream().filter(d -> d.meterId.equals("meter-m02")).toList();
        assertThat(days).isNotEmpty();
        JsonNode appliances = json("/api/meter?id=meter-m02").get("appliances");
        assertThat(appliances).hasSize(5);
        double shares = 0;
        for (JsonNode a : appliances) {
            String name = a.get("appliance").asText();
            double kwh = days.stream().filter(d -> d.appliance.equals(name)).mapToDouble(d -> d.kwh).sum();
            assertThat(a.get("kwh").asDouble()).as(name).isCloseTo(kwh, org.assertj.core.api.Assertions.within(1e-9));
            shares += a.get("share").asDouble();
        }
        assertThat(shares).as("appliances and other are the whole").isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void aMetersNewDevicesAreItsRowsOfNewDevicesInOrder() throws Exception {
        List<io.wattflow.record.NewDevice> rows = ParquetOutputs.readAll(out.resolve("new_devices"), io.wattflow.record.NewDevice.class)
                .stream().filter(d -> d.meterId.equals("meter-m01")).sorted((a, b) -> Long.compare(a.detectedAtMs, b.detectedAtMs)).toList();
        assertThat(rows).as("the demo's 1-min households have recurring loads").isNotEmpty();
        JsonNode devices = json("/api/meter?id=meter-m01").get("newDevices");
        assertThat(devices).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(devices.get(i).get("deviceCluster").asInt()).isEqualTo(rows.get(i).deviceCluster);
            assertThat(devices.get(i).get("description").asText()).isEqualTo(rows.get(i).description);
        }
        assertThat(json("/api/meter?id=meter-m01").get("deviceHealth")).isNotNull();
    }

    @Test
    void badRequestsGetOneSentenceAndTheRightStatus() throws Exception {
        assertRefused("/api/meter?id=nope", 404, "No meter 'nope'");
        assertRefused("/api/trace?id=meter-001&from=yesterday", 400, "'from' must be epoch milliseconds or an instant");
        assertRefused("/api/trace?id=meter-001&from=2024-01-15T05:00:00Z&to=2024-01-15T04:00:00Z", 400, "The time range is empty");
        assertRefused("/api/trace?id=meter-001&from=0&to=99999999999999", 400, "longer than 400 days");
        assertRefused("/api/trace?id=meter-001&points=5", 400, "'points' must be between 10 and");
        assertRefused("/api/trace?id=meter-001&points=many", 400, "'points' must be a whole number");
        assertRefused("/api/trace", 400, "Give the meter as 'id=<meter id>'");
        // A browser never sends it, java.net.URI refuses to: written on the socket by hand. The JDK's server
        // answers it before the dashboard sees it.
        try (java.net.Socket socket = new java.net.Socket(server.uri().getHost(), server.uri().getPort())) {
            socket.getOutputStream().write("GET /api/markers?id=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(reply).startsWith("HTTP/1.1 400").doesNotContain("\tat ");
        }
        assertRefused("/api/alerts?status=pending", 400, "'status' is open or closed");
        assertRefused("/api/nothing", 404, "No such API");
        HttpResponse<String> page = get("/secret.txt");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).isEqualTo("Nothing at /secret.txt; the dashboard starts at /.");
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(server.uri().resolve("/api/meters"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void everyAssetIsServedByTheJar() throws Exception {
        for (String asset : List.of("/", "/app.js", "/app.css", "/uPlot.iife.min.js", "/uPlot.min.css")) {
            HttpResponse<String> r = get(asset);
            assertThat(r.statusCode()).as(asset).isEqualTo(200);
            assertThat(r.body()).as(asset).isNotBlank();
        }
        assertThat(get("/uPlot.iife.min.js").body()).contains("uPlot");
        assertThat(get("/").body()).doesNotContain("http://", "https://");
    }

    @Test
    void theCommandRefusesAMissingFolderInOneSentence() {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(WattflowCli.execute("dashboard", "--output", out.resolve("missing").toString())).isEqualTo(2);
        } finally {
            System.setErr(oldErr);
        }
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).startsWith("Output folder").endsWith("of run or demo.").doesNotContain("\tat ");
    }

    private void assertRefused(String path, int status, String message) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(status);
        String error = JSON.readTree(r.body()).get("error").asText();
        assertThat(error).as(path).contains(message).doesNotContain("Exception", "\tat ");
    }

    private static int indexOf(JsonNode times, long t) {
        for (int i = 0; i < times.size(); i++) {
            if (times.get(i).asLong() == t) {
                return i;
            }
        }
        return -1;
    }
}
