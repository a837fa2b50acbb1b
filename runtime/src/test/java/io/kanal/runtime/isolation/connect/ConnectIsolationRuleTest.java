package io.kanal.runtime.isolation.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.runtime.isolation.IsolationRule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Apache Kafka Connect's parent-first rule for plugin classes (reference §1e), name by name. */
class ConnectIsolationRuleTest {

    private final ConnectIsolationRule rule = new ConnectIsolationRule(IsolationRule.forThisJvm());

    @ParameterizedTest
    @ValueSource(
            strings = {
                "java.lang.String",
                "javax.crypto.Cipher",
                "javax.ws.rs.core.Response",
                "javax.servlet.Filter",
                "org.w3c.dom.Node",
                "org.slf4j.Logger",
                "io.kanal.api.connector.Connector",
                "io.kanal.config.ConfigSpec",
                "org.apache.kafka.connect.data.Schema",
                "org.apache.kafka.connect.source.SourceConnector",
                "org.apache.kafka.clients.producer.RecordMetadata",
                "org.apache.kafka.common.config.ConfigDef",
                "org.apache.kafka.connect.transforms.Transformation",
                "org.apache.kafka.connect.transforms.predicates.Predicate",
                "org.apache.kafka.common.config.provider.ConfigProvider",
                "org.apache.kafka.connect.connector.policy.ConnectorClientConfigOverridePolicy",
                "org.apache.kafka.connect.connector.policy.ConnectorClientConfigRequest$ClientType",
                "org.apache.kafka.connect.storage.Converter",
                "org.apache.kafka.connect.runtime.ConnectorConfig",
                // The connect-runtime internals the layer ships for MirrorMaker 2 and Debezium's JDBC sink.
                "org.apache.kafka.connect.runtime.InternalSinkRecord",
                "org.apache.kafka.connect.runtime.errors.ProcessingContext",
                "org.apache.kafka.connect.util.KafkaBasedLog",
                "org.apache.kafka.connect.util.TopicAdmin"
            })
    void theWorkersSharedClassesComeFromTheLayer(String className) {
        assertThat(rule.isParentFirst(className)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "org.apache.kafka.connect.file.FileStreamSourceConnector",
                "org.apache.kafka.connect.json.JsonConverter",
                "org.apache.kafka.connect.mirror.MirrorSourceConnector",
                "org.apache.kafka.connect.mirror.MirrorCheckpointTask",
                // connect-mirror-client's classes share the package: the plugin's copy, beside connect-mirror.
                "org.apache.kafka.connect.mirror.DefaultReplicationPolicy",
                "org.apache.kafka.connect.mirror.Checkpoint",
                "org.apache.kafka.connect.converters.ByteArrayConverter",
                "org.apache.kafka.connect.storage.StringConverter",
                "org.apache.kafka.connect.storage.SimpleHeaderConverter",
                "org.apache.kafka.connect.transforms.InsertField$Value",
                "org.apache.kafka.connect.transforms.predicates.TopicNameMatches",
                "org.apache.kafka.connect.connector.policy.AllConnectorClientConfigOverridePolicy",
                "org.apache.kafka.common.config.provider.FileConfigProvider",
                "io.debezium.connector.postgresql.PostgresConnector",
                "com.fasterxml.jackson.databind.ObjectMapper",
                "io.kanal.runtime.isolation.PluginRegistry",
                "javax.xmlx.Foo"
            })
    void everythingElseComesFromThePluginFirst(String className) {
        assertThat(rule.isParentFirst(className)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"org/apache/kafka/connect/data/Schema.class", "org/slf4j/Logger.class", "java/lang/Object.class"
            })
    void resourcesFollowTheirClasses(String resource) {
        assertThat(rule.isParentFirstResource(resource)).isTrue();
        assertThat(rule.isParentFirstResource("org/apache/kafka/connect/file/FileStreamSourceTask.class"))
                .isFalse();
        assertThat(rule.isParentFirstResource("META-INF/services/org.apache.kafka.connect.source.SourceConnector"))
                .isFalse();
    }
}
