package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.runtime.store.kafka.KafkaStoreSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which connectors share a connector-specific offsets store: only those reaching its topic with the same settings. */
class ConnectorOffsetStoresKeyTest {

    private static final KafkaStoreSettings WORKER = KafkaStoreSettings.from(Map.of(
            "bootstrap.servers", "worker:9092",
            "group.id", "g",
            "config.storage.topic", "configs",
            "offset.storage.topic", "offsets",
            "status.storage.topic", "status"));
    private static final OffsetStoreLayout.ConnectorTopic OTHER_CLUSTER =
            new OffsetStoreLayout.ConnectorTopic("own-offsets", "other:9092");

    private static ConnectorOffsetStores.StoreKey key(String jaas) {
        Map<String, Object> producer = Map.of(
                "bootstrap.servers", "other:9092",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", jaas);
        return ConnectorOffsetStores.StoreKey.of(
                OTHER_CLUSTER, WORKER.forConnectorOffsets(OTHER_CLUSTER.topic(), producer));
    }

    @Test
    void connectorsWithOtherCredentialsOnTheSameTopicGetStoresOfTheirOwn() {
        assertThat(key("user=a password=secret-a")).isNotEqualTo(key("user=b password=secret-b"));
        assertThat(key("user=a password=secret-a")).isEqualTo(key("user=a password=secret-a"));
    }

    @Test
    void theKeyNeverPrintsASetting() {
        assertThat(key("user=a password=secret-a").toString())
                .doesNotContain("secret-a")
                .doesNotContain("SASL_SSL")
                .contains("own-offsets");
    }
}
