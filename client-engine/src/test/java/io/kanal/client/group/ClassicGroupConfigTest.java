package io.kanal.client.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClassicGroupConfigTest {
    @Test
    void defaultsAreKafkaConnects() {
        ClassicGroupConfig c = ClassicGroupConfig.builder("connect-cluster").build();
        assertThat(c.sessionTimeoutMs()).isEqualTo(10_000);
        assertThat(c.rebalanceTimeoutMs()).isEqualTo(60_000);
        assertThat(c.heartbeatIntervalMs()).isEqualTo(3_000);
        assertThat(c.isStatic()).isFalse();
        assertThat(c.joinGroupTimeoutMs()).isEqualTo(65_000);
        assertThat(c.toBuilder().groupInstanceId("w-1").build().isStatic()).isTrue();
    }

    @Test
    void theJoinGroupTimeoutNeverOverflowsNorFallsBelowTheRequestTimeout() {
        ClassicGroupConfig huge = ClassicGroupConfig.builder("g")
                .rebalanceTimeoutMs(Integer.MAX_VALUE)
                .build();
        assertThat(huge.joinGroupTimeoutMs()).isEqualTo(Integer.MAX_VALUE);
        ClassicGroupConfig small = ClassicGroupConfig.builder("g")
                .rebalanceTimeoutMs(1_000)
                .requestTimeoutMs(40_000)
                .build();
        assertThat(small.joinGroupTimeoutMs()).isEqualTo(40_000);
    }

    @Test
    void invalidSettingsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> ClassicGroupConfig.builder("g")
                        .heartbeatIntervalMs(10_000)
                        .build())
                .hasMessageContaining("heartbeat.interval.ms");
        assertThatThrownBy(() -> ClassicGroupConfig.builder("").build()).hasMessageContaining("group.id");
        assertThatThrownBy(() -> ClassicGroupConfig.builder("g")
                        .groupInstanceId("bad id")
                        .build())
                .hasMessageContaining("group.instance.id");
        assertThatThrownBy(() ->
                        ClassicGroupConfig.builder("g").groupInstanceId("..").build())
                .hasMessageContaining("group.instance.id");
        assertThatThrownBy(() -> ClassicGroupConfig.builder("g")
                        .groupInstanceId("x".repeat(250))
                        .build())
                .hasMessageContaining("249");
    }
}
