package io.kanal.client.resource.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.client.admin.AdminClient;
import io.kanal.client.cluster.internals.ClusterMetadata;
import io.kanal.client.cluster.internals.MetadataConfig;
import io.kanal.client.errors.ClientClosedException;
import io.kanal.client.network.NetworkConfig;
import io.kanal.client.resource.ClientResources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Clients of one {@link ClientResources} share a cluster's metadata only when they are the same principal: on a broker
 * with an authorizer, metadata fetched as one principal hides the topics only another may use.
 */
class SharedMetadataTest {

    private static Map<String, String> as(String user) {
        return Map.of(
                "bootstrap.servers", "127.0.0.1:1",
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                                + "\" password=\"secret\";");
    }

    @Test
    void clientsOfTheSamePrincipalShareOneSourceAndAnotherPrincipalGetsItsOwn() {
        try (ClientResources shared =
                ClientResources.builder().name("shared-metadata").build()) {
            DefaultClientResources resources = DefaultClientResources.of(shared);
            AdminClient worker1 = AdminClient.create(as("worker"), shared);
            AdminClient worker2 = AdminClient.create(as("worker"), shared);
            assertThat(resources.sharedMetadataSources()).isEqualTo(1);
            AdminClient producer = AdminClient.create(as("producer"), shared);
            assertThat(resources.sharedMetadataSources()).isEqualTo(2);
            for (AdminClient admin : new AdminClient[] {worker1, worker2, producer}) {
                admin.close(Duration.ZERO);
            }
            assertThat(resources.sharedMetadataSources()).isZero();
        }
    }

    private static ClusterMetadata view(DefaultClientResources resources, String user) {
        Map<String, String> security = Map.copyOf(as(user));
        return resources.sharedMetadata(
                List.of("127.0.0.1:1"), security, MetadataConfig.defaults(), NetworkConfig.defaults("test"));
    }

    /** A refresh through a source whose network client is closed fails at once with ClientClosedException. */
    private static void assertNetworkClosed(ClusterMetadata view) {
        assertThat(view.refresh())
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .satisfies(e -> assertThat(e).hasRootCauseInstanceOf(ClientClosedException.class));
    }

    private static Throwable rootCause(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    @Test
    void theLastClientOfAPrincipalClosingClosesItsSourceAndNetworkClient() {
        try (ClientResources shared =
                ClientResources.builder().name("shared-metadata-close").build()) {
            DefaultClientResources resources = DefaultClientResources.of(shared);
            ClusterMetadata workerA = view(resources, "worker");
            ClusterMetadata workerB = view(resources, "worker");
            ClusterMetadata connector = view(resources, "connector-1");
            assertThat(resources.sharedMetadataSources()).isEqualTo(2);

            connector.close();
            assertThat(resources.sharedMetadataSources()).isEqualTo(1);
            assertNetworkClosed(connector);
            connector.close(); // idempotent: the worker's source stays
            workerA.close();
            assertThat(resources.sharedMetadataSources()).isEqualTo(1);

            workerB.close();
            assertThat(resources.sharedMetadataSources()).isZero();
            assertNetworkClosed(workerB);

            // The same principal again gets a new source, not the closed one.
            ClusterMetadata again = view(resources, "worker");
            assertThat(resources.sharedMetadataSources()).isEqualTo(1);
            again.close();
            assertThat(resources.sharedMetadataSources()).isZero();
        }
    }

    @Test
    void principalsThatComeAndGoLeaveNoSourceBehind() throws Exception {
        try (ClientResources shared =
                ClientResources.builder().name("shared-metadata-churn").build()) {
            DefaultClientResources resources = DefaultClientResources.of(shared);
            ClusterMetadata worker = view(resources, "worker");
            Thread[] threads = new Thread[4];
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int t = 0; t < threads.length; t++) {
                int thread = t;
                threads[t] = new Thread(() -> {
                    try {
                        for (int i = 0; i < 50; i++) {
                            // Two threads share each principal, so a last view closing races a new one opening.
                            ClusterMetadata v = view(resources, "connector-" + (thread % 2) + "-" + (i % 3));
                            v.close();
                        }
                    } catch (RuntimeException | AssertionError e) {
                        failures.add(e);
                    }
                });
                threads[t].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(failures).isEmpty();
            assertThat(resources.sharedMetadataSources()).isEqualTo(1);
            worker.close();
            assertThat(resources.sharedMetadataSources()).isZero();
        }
    }

    @Test
    void aViewOpenedWhileAnotherClosesKeepsAWorkingSource() {
        try (ClientResources shared =
                ClientResources.builder().name("shared-metadata-race").build()) {
            DefaultClientResources resources = DefaultClientResources.of(shared);
            ClusterMetadata first = view(resources, "worker");
            ClusterMetadata second = view(resources, "worker");
            first.close();
            ClusterMetadata third = view(resources, "worker");
            second.close();
            assertThat(resources.sharedMetadataSources()).isEqualTo(1);
            // Still open: a refresh fails for want of a broker at 127.0.0.1:1, not because the client is closed.
            assertThat(third.refresh())
                    .failsWithin(Duration.ofSeconds(30))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .satisfies(e -> assertThat(rootCause(e)).isNotInstanceOf(ClientClosedException.class));
            third.close();
            assertThat(resources.sharedMetadataSources()).isZero();
        }
    }
}
