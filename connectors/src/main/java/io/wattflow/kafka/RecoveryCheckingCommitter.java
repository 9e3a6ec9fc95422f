package io.wattflow.kafka;

import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTransactionsResult;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Wraps the Kafka sink's committer to look at each recovered transaction before committing it again.
 * After a failure Flink commits every transaction of the restored checkpoint, also those the failed
 * attempt had already committed. On brokers with transaction protocol 2 (Kafka 4's default) such a
 * second commit fails as "fenced", which the connector logs as "most likely signals data loss", and a
 * real loss (a transaction aborted before it was committed) looks the same. The broker knows which is
 * which: a transaction already committed is acknowledged and skipped (counted in
 * {@code wattflow.kafka.transactions_already_committed}); one that is still open is committed by the
 * wrapped committer; one that the broker aborted is reported as lost, with its id, in the log and in
 * the {@code wattflow.kafka.transactions_lost} counter.
 */
final class RecoveryCheckingCommitter implements Committer<KafkaCommittable> {
    private static final Logger LOG = LoggerFactory.getLogger(RecoveryCheckingCommitter.class);
    private static final long ADMIN_TIMEOUT_MS = 30_000;

    private final Committer<KafkaCommittable> delegate;
    private final Supplier<Admin> adminFactory;
    private final Counter alreadyCommitted;
    private final Counter lost;
    private Admin admin;

    RecoveryCheckingCommitter(Committer<KafkaCommittable> delegate, Properties adminProperties, MetricGroup metrics) {
        this(delegate, () -> Admin.create(adminProperties), metrics);
    }

    RecoveryCheckingCommitter(Committer<KafkaCommittable> delegate, Supplier<Admin> adminFactory, MetricGroup metrics) {
        this.delegate = delegate;
        this.adminFactory = adminFactory;
        MetricGroup kafka = metrics.addGroup("wattflow").addGroup("kafka");
        this.alreadyCommitted = kafka.counter("transactions_already_committed");
        this.lost = kafka.counter("transactions_lost");
    }

    /** What the broker says of a recovered transaction. */
    enum Verdict { OPEN, ALREADY_COMMITTED, LOST }

    @Override
    public void commit(Collection<CommitRequest<KafkaCommittable>> requests) throws IOException, InterruptedException {
        List<CommitRequest<KafkaCommittable>> toCommit = new ArrayList<>(requests.size());
        List<CommitRequest<KafkaCommittable>> recovered = new ArrayList<>();
        for (CommitRequest<KafkaCommittable> request : requests) {
            if (request.getCommittable().getProducer().isPresent()) {
                toCommit.add(request);  // committed by the live producer that wrote it: the ordinary path
            } else {
                recovered.add(request);
            }
        }
        DescribeTransactionsResult onBroker = recovered.isEmpty() ? null : describe(recovered);
        for (CommitRequest<KafkaCommittable> request : recovered) {
            KafkaCommittable c = request.getCommittable();
            TransactionDescription d;
            try {
                d = onBroker.description(c.getTransactionalId()).get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("Could not look up Kafka transaction {} before committing it again ({}); committing it as is.",
                        c.getTransactionalId(), e.toString());
                toCommit.add(request);
                continue;
            }
            switch (verdict(c, d)) {
                case ALREADY_COMMITTED:
                    LOG.info("Kafka transaction {} was committed before the restart; not committing it again.", c.getTransactionalId());
                    alreadyCommitted.inc();
                    request.signalAlreadyCommitted();
                    break;
                case LOST:
                    LOG.error("Kafka transaction {} (producer {} epoch {}) was aborted by the broker before its checkpoint "
                            + "committed it: its records are lost from the topic. Was the job down longer than the transaction "
                            + "timeout, or does another job use the same transactional id prefix?",
                            c.getTransactionalId(), c.getProducerId(), c.getEpoch());
                    lost.inc();
                    request.signalFailedWithKnownReason(new IllegalStateException("Kafka transaction "
                            + c.getTransactionalId() + " was aborted before it was committed"));
                    break;
                default:
                    toCommit.add(request);
            }
        }
        if (!toCommit.isEmpty()) {
            delegate.commit(toCommit);
        }
    }

    /** The broker's state of the recovered transactions, asked in one request, answered per transaction. */
    private DescribeTransactionsResult describe(List<CommitRequest<KafkaCommittable>> recovered) {
        if (admin == null) {
            admin = adminFactory.get();
        }
        Set<String> ids = new HashSet<>();
        recovered.forEach(r -> ids.add(r.getCommittable().getTransactionalId()));
        return admin.describeTransactions(ids);
    }

    /**
     * The broker keeps the state of the last transaction of each transactional id. Committed (or being
     * committed) under the committable's producer id, at its epoch (protocol 1) or later (protocol 2
     * bumps the epoch on every commit): committed before the restart. Aborted under that producer id
     * and epoch or later: it ended without a commit, its records are gone. Anything else (still open,
     * empty, another producer id) is left to the connector's committer, which commits it or says why not.
     */
    static Verdict verdict(KafkaCommittable c, TransactionDescription d) {
        if (d == null || d.producerId() != c.getProducerId() || d.producerEpoch() < c.getEpoch()) {
            return Verdict.OPEN;
        }
        TransactionState state = d.state();
        if (state == TransactionState.COMPLETE_COMMIT || state == TransactionState.PREPARE_COMMIT) {
            return Verdict.ALREADY_COMMITTED;
        }
        if (state == TransactionState.COMPLETE_ABORT || state == TransactionState.PREPARE_ABORT) {
            return Verdict.LOST;
        }
        return Verdict.OPEN;
    }

    @Override
    public void close() throws Exception {
        try {
            delegate.close();
        } finally {
            if (admin != null) {
                admin.close();
            }
        }
    }
}
