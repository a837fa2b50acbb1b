package io.kanal.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.testkit.ClusterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

class KafkaClusterExtensionTest {
    @WithKafkaCluster(
            nodes = 3,
            brokerConfig = {"num.partitions = 6", "log.retention.ms=1=2"})
    static final class Annotated {}

    @WithKafkaCluster(brokerConfig = "no-equals-sign")
    static final class Malformed {}

    @Test
    void annotationBecomesASpec() {
        ClusterSpec spec = KafkaClusterExtension.builder(annotationOf(Annotated.class), "name")
                .toSpec();
        assertThat(spec.nodes()).isEqualTo(3);
        assertThat(spec.name()).isEqualTo("name");
        assertThat(spec.brokerConfig()).containsEntry("num.partitions", "6").containsEntry("log.retention.ms", "1=2");
    }

    @Test
    void malformedBrokerConfigIsAConfigurationError() {
        assertThatThrownBy(() -> KafkaClusterExtension.builder(annotationOf(Malformed.class), "name"))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("no-equals-sign");
    }

    private static WithKafkaCluster annotationOf(Class<?> type) {
        return type.getAnnotation(WithKafkaCluster.class);
    }
}
