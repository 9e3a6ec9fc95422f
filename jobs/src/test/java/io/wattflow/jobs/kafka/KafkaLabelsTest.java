package io.wattflow.jobs.kafka;

import io.wattflow.format.WattflowJsonWriter;
import io.wattflow.jobs.WattflowCli;
import io.wattflow.jobs.local.EmbeddedKafka;
import io.wattflow.record.ApplianceRun;
import io.wattflow.record.DeadLetter;
import io.wattflow.record.MeterReading;
import io.wattflow.sink.ParquetOutputs;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A household's labels from a Kafka topic name the runs of its meter from their time on; a bad label line is a dead letter. */
class KafkaLabelsTest {
    static final Instant START = Instant.parse("2024-01-15T00:00:00Z");
    static final long DAY = 86_400_000L;

    @Test
    void aLabelOnTheLabelsTopicNamesTheMetersDeviceFromItsTimeOn(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.plaintext()) {
            kafka.createTopic("wattflow.readings", 1);
            kafka.createTopic("labels", 1);
            // 150 W, and a 2 kW load for 20 minutes every 3 hours, one reading every 10 s, for 2 days.
            WattflowJsonWriter json = new WattflowJsonWriter();
            List<ProducerRecord<byte[], byte[]>> readings = new ArrayList<>();
            for (long t = START.toEpochMilli(); t < START.toEpochMilli() + 2 * DAY; t += 10_000) {
                boolean on = (t - START.toEpochMilli()) % (3 * 3_600_000L) >= 3_600_000L
                        && (t - START.toEpochMilli()) % (3 * 3_600_000L) < 3_600_000L + 20 * 60_000L;
                readings.add(record(json.toJson(new MeterReading("m", t, on ? 2_150 : 150))));
            }
            kafka.produce("wattflow.readings", readings);
            // The household names the meter's first recurring load (device 0) at the start of day 2.
            kafka.produce("labels", List.of(record("m," + Instant.ofEpochMilli(START.toEpochMilli() + DAY) + ",,0,dryer"),
                    record("m,not a time,,0,dryer")));

            Path out = dir.resolve("out");
            int code = WattflowCli.execute(new String[] {"run", "--kafka-bootstrap", kafka.bootstrapServers(), "--kafka-to-the-end",
                    "--labels-topic", "labels", "--output", out.toString(), "--sample-period", "10s", "--no-nilm",
                    "--no-appliance-classifier"});  // the labels alone: the model would call some of these runs a dishwasher
            assertThat(code).isZero();

            List<ApplianceRun> runs = ParquetOutputs.readAll(out.resolve("appliance_runs"), ApplianceRun.class);
            runs.sort((a, b) -> Long.compare(a.startMs, b.startMs));
            List<ApplianceRun> matched = runs.stream().filter(r -> ApplianceRun.MATCHED.equals(r.status)).toList();
            assertThat(matched).hasSize(16);
            long labelledAt = START.toEpochMilli() + DAY;
            assertThat(matched.stream().filter(r -> r.endMs < labelledAt)).extracting(r -> r.appliance).containsOnly(ApplianceRun.UNKNOWN);
            assertThat(matched.stream().filter(r -> r.startMs > labelledAt)).extracting(r -> r.appliance).containsOnly("dryer");
            // Before: one unknown recurring load, device 0; after: named from the library the label filled.
            assertThat(matched.stream().filter(r -> r.endMs < labelledAt)).extracting(r -> r.deviceCluster).containsOnly(0);
            assertThat(matched.stream().filter(r -> r.startMs > labelledAt)).extracting(r -> r.recognisedBy).containsOnly(ApplianceRun.FROM_HOME);

            List<DeadLetter> dead = ParquetOutputs.readAll(out.resolve("dead_letters"), DeadLetter.class);
            assertThat(dead).extracting(d -> d.origin + " " + d.reason).contains("labels/0/1 MISSING_TIMESTAMP");
        }
    }

    private static ProducerRecord<byte[], byte[]> record(String value) {
        return new ProducerRecord<>("ignored", 0, "m".getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }
}
