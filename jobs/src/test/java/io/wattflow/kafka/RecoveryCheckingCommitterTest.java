package io.wattflow.kafka;

import io.wattflow.jobs.local.EmbeddedKafka;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.internal.FlinkKafkaInternalProducer;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recovery check on a real broker (transaction protocol 2, Kafka 4's default): a transaction
 * still open is handed to the connector's committer and gets committed; one committed before is
 * acknowledged without a second commit (which the broker would refuse as fenced); one the broker
 * aborted is reported lost.
 */
@Timeout(120)
class RecoveryCheckingCommitterTest {
    static EmbeddedKafka kafka;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.plaintext();
        kafka.createTopic("t", 1);
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    private static Properties producerProperties() {
        Properties p = kafka.clientProperties();
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        p.put("transaction.timeout.ms", "60000");
        return p;
    }

    /** A transaction with one record, flushed and left open; its committable as a checkpoint holds it. */
    private static FlinkKafkaInternalProducer<byte[], byte[]> open(String id, String value) {
        FlinkKafkaInternalProducer<byte[], byte[]> p = new FlinkKafkaInternalProducer<>(producerProperties(), id);
        p.initTransactions();
        p.beginTransaction();
        p.send(new ProducerRecord<>("t", value.getBytes()));
        p.flush();
        return p;
    }

    private static KafkaCommittable recovered(FlinkKafkaInternalProducer<?, ?> p) {
        return new KafkaCommittable(p.getProducerId(), p.getEpoch(), p.getTransactionalId(), null);
    }

    @Test
    void openIsCommittedCommittedIsAcknowledgedAbortedIsLost() throws Exception {
        FlinkKafkaInternalProducer<byte[], byte[]> stillOpen = open("w-open", "open");
        KafkaCommittable openOne = recovered(stillOpen);
        FlinkKafkaInternalProducer<byte[], byte[]> committed = open("w-committed", "committed");
        KafkaCommittable committedOne = recovered(committed);
        committed.commitTransaction();
        FlinkKafkaInternalProducer<byte[], byte[]> aborted = open("w-aborted", "aborted");
        KafkaCommittable abortedOne = recovered(aborted);
        aborted.abortTransaction();
        stillOpen.close();
        committed.close();
        aborted.close();

        List<String> handedOn = new ArrayList<>();
        Committer<KafkaCommittable> connector = new Committer<>() {
            private final Committer<KafkaCommittable> real = new org.apache.flink.connector.kafka.sink.internal.KafkaCommitter(
                    producerProperties(), "w", 0, 0, false, FlinkKafkaInternalProducer::new);

            @Override
            public void commit(java.util.Collection<CommitRequest<KafkaCommittable>> requests) throws java.io.IOException, InterruptedException {
                requests.forEach(r -> handedOn.add(r.getCommittable().getTransactionalId()));
                real.commit(requests);
            }

            @Override
            public void close() throws Exception {
                real.close();
            }
        };
        Properties admin = kafka.clientProperties();
        UnregisteredMetricsGroup metrics = new UnregisteredMetricsGroup();
        Request open = new Request(openOne);
        Request done = new Request(committedOne);
        Request lost = new Request(abortedOne);
        try (RecoveryCheckingCommitter committer = new RecoveryCheckingCommitter(connector, () -> Admin.create(admin), metrics)) {
            committer.commit(List.of(open, done, lost));
        }
        assertThat(handedOn).containsExactly("w-open");
        assertThat(open.outcome).isNull();
        assertThat(done.outcome).isEqualTo("already committed");
        assertThat(lost.outcome).startsWith("failed: Kafka transaction w-aborted was aborted");
        assertThat(kafka.readCommitted("t", Duration.ofSeconds(2))).extracting(r -> new String(r.value()))
                .containsExactlyInAnyOrder("open", "committed");
    }

    /** Flink's request, reduced to what it was told. */
    private static final class Request implements Committer.CommitRequest<KafkaCommittable> {
        final KafkaCommittable committable;
        String outcome;

        Request(KafkaCommittable committable) {
            this.committable = committable;
        }

        @Override
        public KafkaCommittable getCommittable() {
            return committable;
        }

        @Override
        public int getNumberOfRetries() {
            return 0;
        }

        @Override
        public void signalFailedWithKnownReason(Throwable t) {
            outcome = "failed: " + t.getMessage();
        }

        @Override
        public void signalFailedWithUnknownReason(Throwable t) {
            outcome = "failed unknown: " + t.getMessage();
        }

        @Override
        public void retryLater() {
            outcome = "retry";
        }

        @Override
        public void updateAndRetryLater(KafkaCommittable c) {
            outcome = "retry";
        }

        @Override
        public void signalAlreadyCommitted() {
            outcome = "already committed";
        }
    }
}
