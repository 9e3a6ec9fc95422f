package io.wattflow.jobs.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wattflow.format.CsvReadingWriter;
import io.wattflow.format.ReadingFormat;
import io.wattflow.ingest.ReadingDecoder;
import io.wattflow.jobs.ingest.MeterPipelineJob;
import io.wattflow.jobs.ingest.IngestOutputs;
import io.wattflow.jobs.ingest.IngestSettings;
import io.wattflow.jobs.ingest.ReadingsInput;
import io.wattflow.kafka.KafkaConnectors;
import io.wattflow.kafka.KafkaSettings;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The production path on one machine: an in-process Kafka broker, the generated readings (bad lines
 * included) published to the readings topic keyed by meter, the job from Kafka to Kafka and Parquet,
 * and what a downstream consumer (read_committed) then finds on the output topics.
 */
public final class KafkaDemo {
    private KafkaDemo() {}

    public static void run(java.nio.file.Path readingsCsv, java.nio.file.Path out, IngestSettings settings, int parallelism,
                           PrintStream console) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.plaintext()) {
            console.printf("Started an in-process Kafka broker (KRaft) at %s%n", kafka.bootstrapServers());
            KafkaSettings k = new KafkaSettings();
            k.bootstrapServers = kafka.bootstrapServers();
            k.transactionTimeout = Duration.ofMinutes(2);
            kafka.createTopic(k.readingsTopic, parallelism);
            for (String output : IngestOutputs.ALL) {
                kafka.createTopic(k.outputTopicPrefix + output, parallelism);
            }
            List<String> lines = Files.readAllLines(readingsCsv);
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String meter = line.contains(",") ? line.substring(0, line.indexOf(',')) : "";
                records.add(new ProducerRecord<>(k.readingsTopic, meter.isEmpty() ? null : meter.getBytes(StandardCharsets.UTF_8),
                        line.getBytes(StandardCharsets.UTF_8)));
            }
            kafka.produce(k.readingsTopic, records);
            console.printf("Published %,d lines (CSV, keyed by meter) to %s%n", records.size(), k.readingsTopic);

            settings.format = ReadingFormat.CSV;
            StreamExecutionEnvironment env = LocalRunner.environment(parallelism, Duration.ofSeconds(2));
            ReadingDecoder decoder = new ReadingDecoder(ReadingFormat.CSV, settings.validation, CsvReadingWriter.HEADER);
            new MeterPipelineJob(ReadingsInput.ofDecoded(KafkaConnectors.readingsUpToNow(k, decoder)),
                    IngestOutputs.kafka(k).and(IngestOutputs.parquet(new Path(out.toAbsolutePath().toUri()))), settings).build(env);
            console.printf("Running the job Kafka -> Kafka + Parquet on a local MiniCluster (parallelism %d) ...%n", parallelism);
            RunReport report = new RunReport(console);
            JobExecutionResult result = LocalRunner.execute(env, "wattflow demo (kafka)", report::progress);
            io.wattflow.sink.InProgressFiles.delete(out, Duration.ZERO);
            report.summary(result.getAllAccumulatorResults(), out);
            console.println("On the output topics (read_committed, as a downstream consumer reads them):");
            ObjectMapper mapper = new ObjectMapper();
            for (String output : IngestOutputs.ALL) {
                List<ConsumerRecord<byte[], byte[]>> got = kafka.readCommitted(k.outputTopicPrefix + output, Duration.ofSeconds(2));
                console.printf("  %-26s %,7d records%n", k.outputTopicPrefix + output, got.size());
                if (output.equals(IngestOutputs.EVENTS) || output.equals(IngestOutputs.DEAD_LETTERS)) {
                    for (ConsumerRecord<byte[], byte[]> r : got.subList(0, Math.min(3, got.size()))) {
                        JsonNode json = mapper.readTree(r.value());
                        if (json.has("raw")) {
                            json = ((com.fasterxml.jackson.databind.node.ObjectNode) json).put("raw", "(base64)");
                        }
                        console.println("      " + json);
                    }
                }
            }
        }
    }
}
