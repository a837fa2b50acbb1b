package io.kanal.runtime.membership.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.client.group.ClassicGroupConfig;
import io.kanal.runtime.membership.protocol.ConnectProtocolCompatibility;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Connect's key names, Kanal's fast-failover defaults, and the worker id. */
class WorkerGroupConfigTest {

    @Test
    void kanalsDefaultsAimAtFailoverInSeconds() {
        WorkerGroupConfig config = WorkerGroupConfig.fromWorkerConfig(
                Map.of("group.id", "g", "bootstrap.servers", "k:9092", "key.converter", "x"), "http://h:8083/");

        assertThat(config.sessionTimeoutMs()).isEqualTo(6_000);
        assertThat(config.heartbeatIntervalMs()).isEqualTo(2_000);
        assertThat(config.scheduledRebalanceMaxDelayMs()).isEqualTo(5_000);
        assertThat(config.rebalanceTimeoutMs()).isEqualTo(60_000);
        assertThat(config.workerSyncTimeoutMs()).isEqualTo(3_000);
        assertThat(config.compatibility()).isEqualTo(ConnectProtocolCompatibility.SESSIONED);
        assertThat(config.workerId()).isEqualTo("h:8083");
        // Only client settings reach the group member's connections.
        assertThat(config.clientSettings())
                .containsOnly(Map.entry("bootstrap.servers", "k:9092"), Map.entry("client.id", "connect-h:8083"));
        ClassicGroupConfig group = config.groupConfig();
        assertThat(group.groupId()).isEqualTo("g");
        assertThat(group.sessionTimeoutMs()).isEqualTo(6_000);
        assertThat(group.heartbeatIntervalMs()).isEqualTo(2_000);
        assertThat(group.isStatic()).isFalse();
    }

    @Test
    void connectsValuesUnderConnectsNamesGiveConnectsBehaviour() {
        WorkerGroupConfig config = WorkerGroupConfig.fromWorkerConfig(
                Map.of(
                        "group.id", "g",
                        "bootstrap.servers", "k:9092",
                        "session.timeout.ms", "10000",
                        "heartbeat.interval.ms", "3000",
                        "rebalance.timeout.ms", "60000",
                        "scheduled.rebalance.max.delay.ms", "300000",
                        "connect.protocol", "eager",
                        "security.protocol", "PLAINTEXT"),
                "https://h/");

        assertThat(config.sessionTimeoutMs()).isEqualTo(10_000);
        assertThat(config.heartbeatIntervalMs()).isEqualTo(3_000);
        assertThat(config.scheduledRebalanceMaxDelayMs()).isEqualTo(300_000);
        assertThat(config.compatibility()).isEqualTo(ConnectProtocolCompatibility.EAGER);
        assertThat(config.clientSettings()).containsEntry("security.protocol", "PLAINTEXT");
        assertThat(config.workerId()).isEqualTo("h:443");
    }

    @Test
    void badSettingsAreNamedWithoutTheirValues() {
        assertThatThrownBy(
                        () -> WorkerGroupConfig.fromWorkerConfig(Map.of("bootstrap.servers", "k:9092"), "http://h:1/"))
                .hasMessageContaining("group.id");
        assertThatThrownBy(() -> WorkerGroupConfig.fromWorkerConfig(
                        Map.of("group.id", "g", "bootstrap.servers", "k:9092", "session.timeout.ms", "soon"),
                        "http://h:1/"))
                .hasMessage("session.timeout.ms must be an integer");
        assertThatThrownBy(() -> WorkerGroupConfig.fromWorkerConfig(
                        Map.of("group.id", "g", "bootstrap.servers", "k:9092", "heartbeat.interval.ms", "7000"),
                        "http://h:1/"))
                .hasMessageContaining("heartbeat.interval.ms");
        assertThatThrownBy(() -> WorkerGroupConfig.fromWorkerConfig(Map.of("group.id", "g"), "http://h:1/"))
                .hasMessageContaining("bootstrap.servers");
    }
}
