package io.kanal.runtime.store.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaStoreSettingsTest {

    private static Map<String, String> minimal() {
        Map<String, String> config = new HashMap<>();
        config.put("bootstrap.servers", "b1:9092,b2:9092");
        config.put("group.id", "connect-cluster");
        config.put("config.storage.topic", "connect-configs");
        config.put("offset.storage.topic", "connect-offsets");
        config.put("status.storage.topic", "connect-status");
        return config;
    }

    @Test
    void connectDefaults() {
        KafkaStoreSettings s = KafkaStoreSettings.from(minimal());

        assertThat(s.bootstrapServers()).isEqualTo("b1:9092,b2:9092");
        assertThat(s.groupId()).isEqualTo("connect-cluster");
        assertThat(s.configTopic()).isEqualTo(new KafkaStoreSettings.TopicSettings("connect-configs", 1, (short) 3));
        assertThat(s.offsetTopic()).isEqualTo(new KafkaStoreSettings.TopicSettings("connect-offsets", 25, (short) 3));
        assertThat(s.statusTopic()).isEqualTo(new KafkaStoreSettings.TopicSettings("connect-status", 5, (short) 3));
        assertThat(s.timeout()).isEqualTo(KafkaStoreSettings.DEFAULT_TIMEOUT);
    }

    @Test
    void partitionsAndReplicationFactorsAreRead_minusOneMeaningTheBrokerDefault() {
        Map<String, String> config = minimal();
        config.put("offset.storage.partitions", "-1");
        config.put("status.storage.partitions", "2");
        config.put("config.storage.replication.factor", "1");
        config.put("offset.storage.replication.factor", "-1");
        config.put("status.storage.replication.factor", "2");

        KafkaStoreSettings s = KafkaStoreSettings.from(config);

        assertThat(s.configTopic().replicationFactor()).isEqualTo((short) 1);
        assertThat(s.offsetTopic().partitions()).isEqualTo(-1);
        assertThat(s.offsetTopic().replicationFactor()).isEqualTo((short) -1);
        assertThat(s.statusTopic().partitions()).isEqualTo(2);
        assertThat(s.statusTopic().replicationFactor()).isEqualTo((short) 2);
    }

    @Test
    void bootstrapServersDefaultsAsConnect() {
        Map<String, String> config = minimal();
        config.remove("bootstrap.servers");

        assertThat(KafkaStoreSettings.from(config).bootstrapServers()).isEqualTo("localhost:9092");
    }

    @ParameterizedTest
    @ValueSource(strings = {"group.id", "config.storage.topic", "offset.storage.topic", "status.storage.topic"})
    void aMissingRequiredKeyIsNamedWithConnectsWording(String key) {
        Map<String, String> config = minimal();
        config.remove(key);

        assertThatThrownBy(() -> KafkaStoreSettings.from(config))
                .isInstanceOfSatisfying(KafkaStoreConfigException.class, e -> assertThat(e.key())
                        .isEqualTo(key))
                .hasMessage("Missing required configuration \"" + key + "\" which has no default value.");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "offset.storage.partitions=0",
                "status.storage.partitions=-2",
                "offset.storage.partitions=s3cr3t",
                "config.storage.replication.factor=0",
                "status.storage.replication.factor=40000",
                "offset.storage.replication.factor=s3cr3t"
            })
    void anInvalidNumberNamesTheKeyButNotTheValue(String setting) {
        String key = setting.substring(0, setting.indexOf('='));
        Map<String, String> config = minimal();
        config.put(key, setting.substring(key.length() + 1));

        assertThatThrownBy(() -> KafkaStoreSettings.from(config))
                .isInstanceOfSatisfying(KafkaStoreConfigException.class, e -> assertThat(e.key())
                        .isEqualTo(key))
                .hasMessageContaining(key)
                .hasMessageNotContaining("s3cr3t")
                .hasMessageNotContaining("40000");
    }

    @Test
    void internalClientsGetTopLevelSecurityAndNetworkSettingsButNoRolePrefixedOnes() {
        Map<String, String> config = minimal();
        config.put("security.protocol", "SASL_SSL");
        config.put("sasl.mechanism", "PLAIN");
        config.put("ssl.truststore.location", "/etc/ts");
        config.put("request.timeout.ms", "5000");
        config.put("producer.acks", "1");
        config.put("consumer.max.poll.records", "5");
        config.put("producer.security.protocol", "PLAINTEXT");
        config.put("key.converter", "x");

        Map<String, Object> client = KafkaStoreSettings.from(config).clientProperties();

        assertThat(client)
                .containsOnly(
                        Map.entry("bootstrap.servers", "b1:9092,b2:9092"),
                        Map.entry("security.protocol", "SASL_SSL"),
                        Map.entry("sasl.mechanism", "PLAIN"),
                        Map.entry("ssl.truststore.location", "/etc/ts"),
                        Map.entry("request.timeout.ms", "5000"));
    }

    @Test
    void toStringNamesTheClientPropertiesButPrintsNoSecret() {
        Map<String, String> config = minimal();
        config.put("security.protocol", "SASL_SSL");
        config.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"w\" password=\"s3cr3t-jaas\";");
        config.put("ssl.keystore.password", "s3cr3t-keystore");
        config.put("ssl.truststore.password", "s3cr3t-truststore");

        String printed = KafkaStoreSettings.from(config).toString();

        assertThat(printed)
                .contains("sasl.jaas.config", "ssl.keystore.password", "ssl.truststore.password", "connect-configs")
                .doesNotContain("s3cr3t", "PlainLoginModule", "SASL_SSL");
    }
}
