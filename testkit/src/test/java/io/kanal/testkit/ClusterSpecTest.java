package io.kanal.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterSpecTest {
    @Test
    void builderDefaultsSuitTests() {
        ClusterSpec spec = KafkaCluster.builder().toSpec();
        assertThat(spec.nodes()).isEqualTo(1);
        assertThat(spec.clientListener()).isEqualTo(ListenerSecurity.PLAINTEXT);
        assertThat(spec.name()).startsWith("kafka-");
        assertThat(spec.logDirectory()).isEqualTo(Path.of("target", "testkit", spec.name()));
        assertThat(spec.jvmOptions()).contains("-XX:+UseSerialGC").anyMatch(o -> o.startsWith("-Xmx"));
    }

    @Test
    void rejectsWhatCannotBeStarted() {
        assertThatThrownBy(() -> KafkaCluster.builder().nodes(0).toSpec()).hasMessageContaining("nodes");
        assertThatThrownBy(() -> KafkaCluster.builder().nodes(10).toSpec()).hasMessageContaining("nodes");
        assertThatThrownBy(() -> KafkaCluster.builder().name("a/b").toSpec()).hasMessageContaining("name");
    }

    @Test
    void everyListenerSecurityCanBeStarted() {
        for (ListenerSecurity security : ListenerSecurity.values()) {
            assertThat(KafkaCluster.builder().clientListener(security).toSpec().clientListener())
                    .isEqualTo(security);
        }
    }

    @Test
    void authorizerDeniesByDefaultAndMakesTheBrokersAndTheTestsAdminSuperUsers() {
        Map<String, String> config = KafkaCluster.builder()
                .clientListener(ListenerSecurity.SASL_PLAINTEXT)
                .authorizer()
                .toSpec()
                .brokerConfig();
        assertThat(config)
                .containsEntry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .containsEntry("allow.everyone.if.no.acl.found", "false")
                .containsEntry("super.users", "User:ANONYMOUS;User:" + KafkaCluster.SUPER_USER);
        assertThat(KafkaCluster.builder()
                        .clientListener(ListenerSecurity.SASL_SSL)
                        .brokerConfig("super.users", "User:other")
                        .authorizer()
                        .toSpec()
                        .brokerConfig())
                .as("a broker property the test set wins")
                .containsEntry("super.users", "User:other");
    }

    @Test
    void anAuthorizerWithoutASaslClientListenerIsRefused() {
        // Without SASL every client is User:ANONYMOUS, a super user: no ACL would ever be checked.
        for (ListenerSecurity security : new ListenerSecurity[] {ListenerSecurity.PLAINTEXT, ListenerSecurity.SSL}) {
            assertThatThrownBy(() -> KafkaCluster.builder()
                            .clientListener(security)
                            .authorizer()
                            .build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("authorizer() needs a SASL client listener")
                    .hasMessageContaining(security.name());
        }
        assertThatThrownBy(() -> KafkaCluster.builder().authorizer().toSpec())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void loggingInAsAUserNeedsASaslListener() {
        KafkaCluster plain = KafkaCluster.builder().name("never-started-plain").build();
        assertThatThrownBy(() -> plain.clientPropertiesAs("alice"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SASL");
        plain.close();
    }

    @Test
    void unstartedClusterRefusesQueries() {
        KafkaCluster cluster = KafkaCluster.builder().name("never-started").build();
        assertThatThrownBy(cluster::bootstrapServers).isInstanceOf(IllegalStateException.class);
        cluster.close();
        assertThatThrownBy(cluster::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void devClusterOptionsParseTheCommandLine() {
        DevClusterOptions options = DevClusterOptions.parse(List.of(
                "--nodes",
                "3",
                "--name",
                "perf",
                "--broker-config",
                "num.partitions=6",
                "--throughput",
                "--log-dir",
                "/tmp/logs"));
        assertThat(options)
                .isEqualTo(new DevClusterOptions(
                        "perf",
                        3,
                        Map.of("num.partitions", "6"),
                        Optional.of(Path.of("/tmp/logs")),
                        KafkaClusterBuilder.THROUGHPUT_JVM_OPTIONS));
        assertThat(options.toBuilder().toSpec().nodes()).isEqualTo(3);
        assertThat(DevClusterOptions.parse(List.of())).isEqualTo(DevClusterOptions.defaults());
        assertThatThrownBy(() -> DevClusterOptions.parse(List.of("--nodes"))).hasMessageContaining("value");
        assertThatThrownBy(() -> DevClusterOptions.parse(List.of("--nodes", "x")))
                .hasMessageContaining("number");
        assertThatThrownBy(() -> DevClusterOptions.parse(List.of("--broker-config", "novalue")))
                .hasMessageContaining("KEY=VALUE");
        assertThatThrownBy(() -> DevClusterOptions.parse(List.of("--what", "1")))
                .hasMessageContaining("--what");
    }
}
