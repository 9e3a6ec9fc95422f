package io.wattflow.jobs.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.wattflow.jobs.ingest.IngestOutputs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The dashboard: a small HTTP server (the JDK's) answering JSON from {@link DashboardQueries} and
 * serving the page, its script and the chart library (uPlot, from its WebJar) from the classpath,
 * so it works on a machine without internet access.
 */
public final class DashboardServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAGE = "/io/wattflow/jobs/dashboard/";
    private static final String UPLOT = uplot();

    private final HttpServer http;
    private final ExecutorService workers;
    private final DuckTables tables;
    private final DashboardQueries queries;
    private final ZoneId zone;
    private final String source;

    private DashboardServer(DuckTables tables, String source, InetSocketAddress address, ZoneId zone) throws Exception {
        this.source = source;
        this.zone = zone;
        this.tables = tables;
        this.queries = new DashboardQueries(tables);
        this.http = HttpServer.create(address, 0);
        this.workers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "dashboard-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(workers);
        http.createContext("/", this::handle);
    }

    /** Starts serving the Parquet outputs under {@code output} on {@code bind:port} (port 0: any free port). */
    public static DashboardServer start(Path output, String bind, int port, ZoneId zone) throws Exception {
        return start(new OutputTables(output, IngestOutputs.ALL), output.toAbsolutePath().toString(), bind, port, zone);
    }

    /** Starts serving the job's output topics, followed live from their beginning. */
    public static DashboardServer start(io.wattflow.kafka.KafkaSettings kafka, String bind, int port, ZoneId zone) throws Exception {
        return start(new KafkaTables(kafka), "Kafka " + kafka.bootstrapServers + ", topics " + kafka.outputTopicPrefix + "*",
                bind, port, zone);
    }

    private static DashboardServer start(DuckTables tables, String source, String bind, int port, ZoneId zone) throws Exception {
        DashboardServer server;
        try {
            server = new DashboardServer(tables, source, new InetSocketAddress(bind, port), zone);
        } catch (Exception e) {
            tables.close();
            throw e;
        }
        server.http.start();
        return server;
    }

    public URI uri() {
        InetSocketAddress a = http.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "localhost" : a.getHostString();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("GET")) {
                send(exchange, 405, "application/json", error("The dashboard only answers GET requests."));
            } else if (path.startsWith("/api/")) {
                Map<String, String> q;
                try {
                    q = query(exchange.getRequestURI());
                } catch (IllegalArgumentException e) {
                    send(exchange, 400, "application/json", error("The query string is not valid URL encoding: " + e.getMessage()));
                    return;
                }
                api(exchange, path.substring("/api/".length()), q);
            } else {
                asset(exchange, path);
            }
        } catch (RuntimeException | IOException e) {
            LOG.warn("Dashboard request {} failed", exchange.getRequestURI(), e);
        }
    }

    private void api(HttpExchange exchange, String route, Map<String, String> q) throws IOException {
        Object body;
        try {
            body = switch (route) {
                case "config" -> config();
                case "meters" -> queries.meters(q.get("q"));
                case "meter" -> queries.meter(required(q, "id"));
                case "trace" -> {
                    String id = required(q, "id");
                    yield queries.trace(id, TimeRange.parse(q.get("from"), q.get("to"), queries.extent(id)),
                            integer(q, "points", 2000));
                }
                case "markers" -> {
                    String id = required(q, "id");
                    yield queries.markers(id, TimeRange.parse(q.get("from"), q.get("to"), queries.extent(id)));
                }
                case "alerts" -> queries.alerts(q.get("status"), integer(q, "limit", 500));
                default -> throw new BadRequest(404, "No such API: /api/" + route
                        + " (there are config, meters, meter, trace, markers and alerts).");
            };
        } catch (BadRequest e) {
            send(exchange, e.status, "application/json", error(e.getMessage()));
            return;
        } catch (RuntimeException e) {
            LOG.warn("Dashboard query {} failed", exchange.getRequestURI(), e);
            send(exchange, 500, "application/json", error("The dashboard could not answer this request: "
                    + io.wattflow.format.Messages.firstLine(e.getMessage()) + " (the server's log has the details)."));
            return;
        }
        send(exchange, 200, "application/json", JSON.writeValueAsBytes(body));
    }

    private Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("output", source);
        c.put("zone", zone.getId());
        Map<String, Boolean> present = new LinkedHashMap<>();
        for (String name : IngestOutputs.ALL) {
            present.put(name, tables.has(name));
        }
        c.put("outputs", present);
        return c;
    }

    private void asset(HttpExchange exchange, String path) throws IOException {
        String resource = switch (path) {
            case "/", "/index.html" -> PAGE + "index.html";
            case "/app.js" -> PAGE + "app.js";
            case "/app.css" -> PAGE + "app.css";
            case "/uPlot.iife.min.js" -> UPLOT + "uPlot.iife.min.js";
            case "/uPlot.min.css" -> UPLOT + "uPlot.min.css";
            default -> null;
        };
        try (InputStream in = resource == null ? null : DashboardServer.class.getResourceAsStream(resource)) {
            if (in == null) {
                send(exchange, 404, "text/plain; charset=utf-8",
                        ("Nothing at " + path + "; the dashboard starts at /.").getBytes(StandardCharsets.UTF_8));
                return;
            }
            String type = resource.endsWith(".js") ? "text/javascript; charset=utf-8"
                    : resource.endsWith(".css") ? "text/css; charset=utf-8" : "text/html; charset=utf-8";
            send(exchange, 200, type, in.readAllBytes());
        }
    }

    /** The WebJar's folder, by the version it declares (so a version bump in the pom needs no change here). */
    private static String uplot() {
        try (InputStream in = DashboardServer.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in == null) {
                return "/missing-uplot/";
            }
            Properties p = new Properties();
            p.load(in);
            return "/META-INF/resources/webjars/uplot/" + p.getProperty("version") + "/dist/";
        } catch (IOException e) {
            return "/missing-uplot/";
        }
    }

    private static String required(Map<String, String> q, String name) {
        String v = q.get(name);
        if (v == null || v.isBlank()) {
            throw new BadRequest(400, "Give the meter as '" + name + "=<meter id>'.");
        }
        return v;
    }

    private static int integer(Map<String, String> q, String name, int otherwise) {
        String v = q.get(name);
        if (v == null || v.isBlank()) {
            return otherwise;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new BadRequest(400, "'" + name + "' must be a whole number, not '" + v + "'.");
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> q = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                q.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    private static byte[] error(String message) throws IOException {
        return JSON.writeValueAsBytes(Map.of("error", message));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() throws Exception {
        http.stop(0);
        workers.shutdownNow();
        tables.close();
    }
}
