package io.wattflow.kafka;

import io.wattflow.format.Messages;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks, before a job is submitted, that the brokers answer, accept wattflow's credentials and have
 * the readings topic, and says in one sentence what to fix otherwise. The sentences name settings,
 * never their values, so no secret reaches a log or an exception.
 */
public final class KafkaPreflight {
    private KafkaPreflight() {}

    public static void check(KafkaSettings settings, Duration timeout) {
        check(settings, timeout, true);
    }

    /** Only that the brokers answer and accept the credentials: for a reader whose topics may not exist yet. */
    public static void checkBrokers(KafkaSettings settings, Duration timeout) {
        check(settings, timeout, false);
    }

    private static void check(KafkaSettings settings, Duration timeout, boolean readingsTopic) {
        Properties p = settings.clientProperties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        KafkaSettings.checkBootstrapServers(settings.bootstrapServers);
        try (Admin admin = Admin.create(p)) {
            if (readingsTopic) {
                admin.describeTopics(List.of(settings.readingsTopic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AuthenticationException) {
                throw new IllegalArgumentException("Kafka at " + settings.bootstrapServers + " refused wattflow's credentials ("
                        + cause.getClass().getSimpleName() + "): check the SASL settings (sasl.mechanism, sasl.jaas.config "
                        + "or WATTFLOW_KAFKA_SASL_JAAS_CONFIG).");
            }
            if (cause instanceof AuthorizationException) {
                throw new IllegalArgumentException("Kafka at " + settings.bootstrapServers + " does not let wattflow's user "
                        + "read topic " + settings.readingsTopic + ": grant it READ and DESCRIBE.");
            }
            if (cause instanceof UnknownTopicOrPartitionException) {
                throw new IllegalArgumentException("Kafka at " + settings.bootstrapServers + " has no topic "
                        + settings.readingsTopic + ": create it or pass --readings-topic.");
            }
            throw new IllegalArgumentException("Kafka at " + settings.bootstrapServers + " could not be used ("
                    + cause.getClass().getSimpleName() + "): check --kafka-bootstrap and the client properties.");
        } catch (TimeoutException e) {
            throw new IllegalArgumentException("No Kafka broker answered at " + settings.bootstrapServers + " within "
                    + timeout.toSeconds() + " s: check --kafka-bootstrap, the network and security.protocol.");
        } catch (org.apache.kafka.common.KafkaException e) {
            // The client refuses bootstrap servers none of which resolves before it sends anything.
            throw new IllegalArgumentException("Kafka at " + settings.bootstrapServers + " cannot be reached ("
                    + rootCause(e) + "): check the host names in --kafka-bootstrap.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking Kafka.", e);
        }
    }

    /** The first line of the root cause: the client wraps "No resolvable bootstrap urls" in two layers. */
    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return Messages.firstLine(root);
    }
}
