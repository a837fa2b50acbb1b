package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.config.ConfigValidationException;
import io.kanal.runtime.invoke.Owner;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerResourcesTest {

    private static final Owner TASK = Owner.task("orders", 2);

    @Test
    void clientSettingsLayerRoleDefaultsWorkerKeysAndAllowedOverrides() {
        try (WorkerResources clients = new WorkerResources(
                "w",
                Map.of(
                        "bootstrap.servers",
                        "b:9092",
                        "producer.linger.ms",
                        "5",
                        "consumer.max.poll.records",
                        "100",
                        "admin.request.timeout.ms",
                        "9000",
                        ClientOverridePolicy.ALLOWLIST_CONFIG,
                        "linger.ms, max.poll.records"))) {
            Map<String, Object> producer = clients.producerSettings(TASK, Map.of("producer.override.linger.ms", "50"));
            assertThat(producer)
                    .containsEntry("bootstrap.servers", "b:9092")
                    .containsEntry("enable.idempotence", "true")
                    .containsEntry("acks", "all")
                    .containsEntry("linger.ms", "50")
                    .containsEntry("client.id", "connector-producer-orders-2");
            Map<String, Object> consumer =
                    clients.consumerSettings(TASK, Map.of("consumer.override.max.poll.records", "7"));
            assertThat(consumer)
                    .containsEntry("group.id", "connect-orders")
                    .containsEntry("enable.auto.commit", "false")
                    .containsEntry("auto.offset.reset", "earliest")
                    .containsEntry("max.poll.records", "7")
                    .containsEntry("client.id", "connector-consumer-orders-2");
            assertThat(clients.adminSettings(TASK, Map.of()))
                    .containsEntry("request.timeout.ms", "9000")
                    .containsEntry("client.id", "connector-adminclient-orders-2");
        }
    }

    @Test
    void theDefaultPolicyIsAnEmptyAllowlistAndRefusalsNameTheKey() {
        try (WorkerResources clients = new WorkerResources("w", Map.of("bootstrap.servers", "b:9092"))) {
            assertThatThrownBy(() -> clients.producerSettings(
                            TASK, Map.of("producer.override.bootstrap.servers", "elsewhere:9092")))
                    .isInstanceOf(ConfigValidationException.class)
                    .hasMessageContaining("producer.override.bootstrap.servers")
                    .hasMessageContaining(ClientOverridePolicy.POLICY_CONFIG);
            assertThatThrownBy(() -> clients.consumerSettings(TASK, Map.of("consumer.override.group.id", "mine")))
                    .hasMessageContaining("consumer.override.group.id");
        }
        try (WorkerResources all = new WorkerResources("w", Map.of(ClientOverridePolicy.POLICY_CONFIG, "All"))) {
            assertThat(all.consumerSettings(TASK, Map.of("consumer.override.group.id", "mine")))
                    .containsEntry("group.id", "mine")
                    .containsEntry("bootstrap.servers", "localhost:9092");
        }
    }

    @Test
    void policiesAsConnectNamesThem() {
        assertThat(ClientOverridePolicy.fromWorkerConfig(Map.of()).kind())
                .isEqualTo(ClientOverridePolicy.Kind.ALLOWLIST);
        assertThat(ClientOverridePolicy.fromWorkerConfig(Map.of(ClientOverridePolicy.POLICY_CONFIG, "All"))
                        .kind())
                .isEqualTo(ClientOverridePolicy.Kind.ALL);
        assertThat(ClientOverridePolicy.fromWorkerConfig(Map.of(
                                ClientOverridePolicy.POLICY_CONFIG,
                                "org.apache.kafka.connect.connector.policy.NoneConnectorClientConfigOverridePolicy"))
                        .kind())
                .isEqualTo(ClientOverridePolicy.Kind.NONE);
        ClientOverridePolicy principal =
                ClientOverridePolicy.fromWorkerConfig(Map.of(ClientOverridePolicy.POLICY_CONFIG, "Principal"));
        principal.check("producer.override.", Map.of("sasl.jaas.config", "x", "security.protocol", "SASL_SSL"));
        assertThatThrownBy(() -> principal.check("producer.override.", Map.of("acks", "1")))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("producer.override.acks");
        assertThatThrownBy(
                        () -> ClientOverridePolicy.fromWorkerConfig(Map.of(ClientOverridePolicy.POLICY_CONFIG, "Some")))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("All, None, Principal, Allowlist");
    }

    @Test
    void oneResourcesPerClusterWhateverTheOrderOfTheBootstrapServers() {
        try (WorkerResources clients = new WorkerResources("w", Map.of("bootstrap.servers", "a:1,b:2"))) {
            assertThat(clients.resourcesFor("a:1,b:2")).isSameAs(clients.resourcesFor(" b:2 , a:1"));
            assertThat(clients.resourcesFor("c:3")).isNotSameAs(clients.resourcesFor("a:1"));
            assertThat(clients.clusters()).isEqualTo(3);
        }
    }
}
