package io.wattflow.jobs;

import io.wattflow.format.ReadingFormat;
import io.wattflow.jobs.bench.SyntheticMeters;
import io.wattflow.jobs.ingest.IngestOutputs;
import io.wattflow.jobs.ingest.IngestSettings;
import io.wattflow.jobs.ingest.MeterPipelineJob;
import io.wattflow.jobs.ingest.ReadingsInput;
import io.wattflow.jobs.local.LocalRunner;
import io.wattflow.record.RawRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus reporter as flink-conf/config.yaml configures it, on a MiniCluster running the meter
 * pipeline: wattflow's metrics are scraped from /metrics under the names the README gives.
 */
class PrometheusMetricsTest {
    static final Pattern ACCEPTED = Pattern.compile(
            "^flink_taskmanager_job_task_operator_wattflow_readings_accepted\\{[^}]*operator_name=\"[^\"]*\"[^}]*} ([0-9.E]+)$",
            Pattern.MULTILINE);

    @Test
    @Timeout(120)
    void wattflowsMetricsAreScrapedWithTheNamesTheReadmeGives() throws Exception {
        Configuration fromFile = GlobalConfiguration.loadConfiguration(ClusterConfigTest.confDir().toString());
        Configuration conf = LocalRunner.configuration(1, Duration.ofSeconds(1));
        fromFile.keySet().stream().filter(k -> k.startsWith("metrics.reporter.prom."))
                .forEach(k -> conf.setString(k, fromFile.getString(k, null)));
        assertThat(conf.keySet()).contains("metrics.reporter.prom.factory.class");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        // 20 meters, slowly: the job runs until it is cancelled after the scrape.
        DataGeneratorSource<RawRecord> source = new DataGeneratorSource<>(new SyntheticMeters(20), 1_000_000,
                RateLimiterStrategy.perSecond(2_000), TypeInformation.of(RawRecord.class));
        IngestSettings settings = IngestSettings.defaults();
        settings.format = ReadingFormat.CSV;
        new MeterPipelineJob(ReadingsInput.ofRaw(source), IngestOutputs.discarding(), settings).build(env);
        JobClient job = env.executeAsync("prometheus metrics test");
        try {
            Optional<Double> accepted = Optional.empty();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            for (int attempt = 0; attempt < 120 && accepted.isEmpty(); attempt++) {
                Thread.sleep(500);
                accepted = scrape(http);
            }
            assertThat(accepted).as("wattflow_readings_accepted on a reporter port 9249-9260").isPresent();
            assertThat(accepted.get()).isPositive();
        } finally {
            job.cancel().get();
        }
    }

    /** The counter's value from the first port of the configured range that serves it. */
    private static Optional<Double> scrape(HttpClient http) {
        for (int port = 9249; port <= 9260; port++) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                Matcher m = ACCEPTED.matcher(r.body());
                if (m.find() && Double.parseDouble(m.group(1)) > 0) {
                    return Optional.of(Double.parseDouble(m.group(1)));
                }
            } catch (Exception e) {
                // nothing on this port (yet)
            }
        }
        return Optional.empty();
    }
}
