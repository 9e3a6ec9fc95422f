package io.wattflow.jobs.local;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** A real Kafka broker (KRaft, one combined broker and controller) in this JVM, for tests and the demo. */
public final class EmbeddedKafka implements AutoCloseable {
    private final KafkaClusterTestKit cluster;
    private final Properties clientSecurity;

    /** @param clientSecurity what a test client must add to reach the broker (security protocol, SASL) */
    public EmbeddedKafka(Map<String, Object> brokerConfig, TestKitNodes nodes, Properties clientSecurity) throws Exception {
        this.clientSecurity = clientSecurity;
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                // Retention checks every second from the start (a broker's default: after 30 s, then
                // every 5 min): a record stamped older than retention.ms is deleted during a test run,
                // not by chance when a loaded machine makes the run last longer than 30 s.
                .setConfigProp("log.initial.task.delay.ms", "0")
                .setConfigProp("log.retention.check.interval.ms", "1000");
        brokerConfig.forEach(builder::setConfigProp);
        cluster = builder.build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
    }

    public static EmbeddedKafka plaintext() throws Exception {
        return new EmbeddedKafka(Map.of(), new TestKitNodes.Builder().setCombined(true)
                .setNumBrokerNodes(1).setNumControllerNodes(1).build(), new Properties());
    }

    /**
     * Stops the broker and starts it again on the same port and log directories (the controller keeps
     * running): what clients see when a broker restarts.
     */
    public void restartBroker() throws Exception {
        for (var broker : cluster.brokers().values()) {
            broker.shutdown();
            broker.awaitShutdown();
            broker.startup();
        }
        cluster.waitForReadyBrokers();
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Client properties a test client needs on top of the bootstrap servers (security, for example). */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.putAll(clientSecurity);
        p.put("bootstrap.servers", bootstrapServers());
        return p;
    }

    public void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(clientProperties())) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        }
    }

    public void produce(String topic, List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        Properties p = clientProperties();
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (ProducerRecord<byte[], byte[]> r : records) {
                producer.send(new ProducerRecord<>(topic, r.partition(), r.key(), r.value()));
            }
            producer.flush();
        }
    }

    /**
     * Every committed record of {@code topic} (isolation.level=read_committed) up to the last stable
     * offsets as they are now; gives up when nothing came for {@code quiet}.
     */
    public List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic, Duration quiet) {
        Properties p = clientProperties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            // Partitions assigned, not subscribed: no consumer-group join delay to wait out.
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // Under read_committed the end offsets are the last stable offsets: read up to them, so a
            // slow machine does not end the read early; the quiet period only bounds waiting for more.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long quietUntil = System.nanoTime() + quiet.toNanos();
            while (!reached(consumer, end) && System.nanoTime() < quietUntil) {
                var batch = consumer.poll(Duration.ofMillis(200));
                if (!batch.isEmpty()) {
                    batch.forEach(out::add);
                    quietUntil = System.nanoTime() + quiet.toNanos();
                }
            }
        }
        return out;
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
