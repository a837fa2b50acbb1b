package io.kanal.client.resource.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.client.admin.AdminClient;
import io.kanal.client.resource.ClientResources;
import java.time.Duration;
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
        }
    }
}
