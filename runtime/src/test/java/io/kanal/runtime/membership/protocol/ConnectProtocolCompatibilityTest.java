package io.kanal.runtime.membership.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The subprotocols, their names, versions and parsing, next to Apache Connect's {@code ConnectProtocolCompatibility}. */
class ConnectProtocolCompatibilityTest {

    @ParameterizedTest
    @EnumSource(ConnectProtocolCompatibility.class)
    void namesVersionsAndSpellingMatchConnect(ConnectProtocolCompatibility ours) {
        org.apache.kafka.connect.runtime.distributed.ConnectProtocolCompatibility theirs =
                org.apache.kafka.connect.runtime.distributed.ConnectProtocolCompatibility.valueOf(ours.name());

        assertThat(ours.protocolName()).isEqualTo(theirs.protocol());
        assertThat(ours.version()).isEqualTo(theirs.protocolVersion());
        assertThat(ours).hasToString(theirs.toString());
        assertThat(ConnectProtocolCompatibility.fromVersion(ours.version())).isEqualTo(ours);
        assertThat(ConnectProtocolCompatibility.fromProtocolName(
                        ours.protocolName().toUpperCase()))
                .isEqualTo(ours);
    }

    @ParameterizedTest
    @ValueSource(strings = {"eager", "compatible", "sessioned", "SESSIONED", "Eager"})
    void theSettingParsesAsInConnect(String setting) {
        assertThat(ConnectProtocolCompatibility.fromSetting(setting).name())
                .isEqualTo(
                        org.apache.kafka.connect.runtime.distributed.ConnectProtocolCompatibility.compatibility(setting)
                                .name());
    }

    @Test
    void unknownNamesFailWithConnectsMessages() {
        assertThatThrownBy(() -> ConnectProtocolCompatibility.fromSetting("default"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown Connect protocol compatibility mode: default");
        assertThatThrownBy(() -> ConnectProtocolCompatibility.fromProtocolName("eager"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Not found Connect protocol compatibility mode for protocol: eager");
        assertThatThrownBy(() -> ConnectProtocolCompatibility.fromVersion((short) 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown Connect protocol version: 3");
        assertThatThrownBy(
                        () -> org.apache.kafka.connect.runtime.distributed.ConnectProtocolCompatibility.compatibility(
                                "default"))
                .hasMessage("Unknown Connect protocol compatibility mode: default");
    }

    @Test
    void eachSettingOffersItselfAndEveryOlderProtocolNewestFirst() {
        assertThat(ConnectProtocolCompatibility.SESSIONED.offered())
                .extracting(ConnectProtocolCompatibility::protocolName)
                .containsExactly("sessioned", "compatible", "default");
        assertThat(ConnectProtocolCompatibility.COMPATIBLE.offered())
                .containsExactly(ConnectProtocolCompatibility.COMPATIBLE, ConnectProtocolCompatibility.EAGER);
        assertThat(ConnectProtocolCompatibility.EAGER.offered()).isEqualTo(List.of(ConnectProtocolCompatibility.EAGER));
        assertThat(ConnectProtocolCompatibility.EAGER.cooperative()).isFalse();
        assertThat(ConnectProtocolCompatibility.SESSIONED.cooperative()).isTrue();
        assertThat(ConnectProtocolCodec.PROTOCOL_TYPE).isEqualTo("connect");
    }
}
