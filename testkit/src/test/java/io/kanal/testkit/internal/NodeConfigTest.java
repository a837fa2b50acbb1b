package io.kanal.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.testkit.ClusterSpec;
import io.kanal.testkit.KafkaCluster;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class NodeConfigTest {
    private static final List<NodePorts> THREE = List.of(
            new NodePorts(0, 1000, 1001, 1002), new NodePorts(1, 2000, 2001, 2002), new NodePorts(2, 3000, 3001, 3002));

    @Test
    void everyNodeIsAVoterOfAStaticQuorumWithItsOwnListeners() {
        Map<String, String> config = config(KafkaCluster.builder().nodes(3).toSpec(), THREE, 1);
        assertThat(config)
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("node.id", "1")
                .containsEntry("controller.quorum.voters", "0@127.0.0.1:1002,1@127.0.0.1:2002,2@127.0.0.1:3002")
                .containsEntry(
                        "listeners", "CLIENT://127.0.0.1:2000,INTERNAL://127.0.0.1:2001,CONTROLLER://127.0.0.1:2002")
                .containsEntry("advertised.listeners", "CLIENT://127.0.0.1:2000,INTERNAL://127.0.0.1:2001")
                .containsEntry("inter.broker.listener.name", "INTERNAL")
                .containsEntry(
                        "listener.security.protocol.map", "CLIENT:PLAINTEXT,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT");
    }

    @Test
    void internalTopicsAreSizedToTheNodeCount() {
        Map<String, String> one = config(KafkaCluster.builder().toSpec(), THREE.subList(0, 1), 0);
        assertThat(one)
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("offsets.topic.num.partitions", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0");
        Map<String, String> three = config(KafkaCluster.builder().nodes(3).toSpec(), THREE, 0);
        assertThat(three)
                .containsEntry("offsets.topic.replication.factor", "3")
                .containsEntry("transaction.state.log.replication.factor", "3")
                .containsEntry("transaction.state.log.min.isr", "2")
                .containsEntry("offsets.topic.num.partitions", "3");
    }

    @Test
    void brokerConfigOverridesDefaults() {
        ClusterSpec spec = KafkaCluster.builder()
                .brokerConfig("group.initial.rebalance.delay.ms", "3000")
                .brokerConfig("auto.create.topics.enable", "false")
                .toSpec();
        assertThat(config(spec, THREE.subList(0, 1), 0))
                .containsEntry("group.initial.rebalance.delay.ms", "3000")
                .containsEntry("auto.create.topics.enable", "false");
    }

    @Test
    void aSaslClientListenerEnablesEveryMechanismAndFormatsScramUsers() {
        ClusterSpec spec = KafkaCluster.builder()
                .clientListener(io.kanal.testkit.ListenerSecurity.SASL_PLAINTEXT)
                .toSpec();
        Map<String, String> config = config(spec, THREE.subList(0, 1), 0);
        assertThat(config)
                .containsEntry(
                        "listener.security.protocol.map",
                        "CLIENT:SASL_PLAINTEXT,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT")
                .containsEntry(
                        "listener.name.client.sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512,OAUTHBEARER")
                .containsKeys(
                        "listener.name.client.plain.sasl.jaas.config",
                        "listener.name.client.scram-sha-256.sasl.jaas.config",
                        "listener.name.client.scram-sha-512.sasl.jaas.config",
                        "listener.name.client.oauthbearer.sasl.jaas.config");
        assertThat(SaslBrokerConfig.formatArguments(spec))
                .containsExactly(
                        "--add-scram",
                        "SCRAM-SHA-256=[name=kanal,password=kanal-secret]",
                        "--add-scram",
                        "SCRAM-SHA-512=[name=kanal,password=kanal-secret]");
        assertThat(SaslBrokerConfig.formatArguments(KafkaCluster.builder().toSpec()))
                .isEmpty();
        assertThat(config(KafkaCluster.builder().toSpec(), THREE.subList(0, 1), 0))
                .doesNotContainKey("listener.name.client.sasl.enabled.mechanisms");
    }

    @Test
    void renderedPropertiesReadBackUnchanged() throws Exception {
        Map<String, String> config = Map.of("a.path", "C:\\data\\x", "listeners", "A://h:1", "weird key", "v=1#!");
        Properties read = new Properties();
        read.load(new StringReader(NodeConfig.render(new java.util.TreeMap<>(config))));
        assertThat(read).containsExactlyInAnyOrderEntriesOf(config);
    }

    private static Map<String, String> config(ClusterSpec spec, List<NodePorts> all, int self) {
        return NodeConfig.serverProperties(spec, all, all.get(self), Path.of("/tmp/data"));
    }
}
