package io.kanal.client.resource.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.client.config.ClientConfigs;
import io.kanal.client.config.CommonClientConfigs;
import io.kanal.client.errors.InvalidConfigException;
import io.kanal.client.network.SecurityProtocol;
import io.kanal.client.network.sasl.SaslSettings;
import io.kanal.config.ParsedConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecuritySettingsTest {
    private static final String JAAS =
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"svc\" password=\"hunter2\";";

    private static ParsedConfig parse(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("bootstrap.servers", "localhost:9092"));
        settings.putAll(extra);
        return ClientConfigs.parse(CommonClientConfigs.SPEC, settings, "producer");
    }

    private static SaslSettings sasl(ParsedConfig config) {
        return SecuritySettings.sasl(config, SecurityProtocol.of(config));
    }

    @Test
    void plaintextHasNoSasl() {
        assertThat(sasl(parse(Map.of()))).isNull();
        assertThat(sasl(parse(Map.of("security.protocol", "plaintext")))).isNull();
        assertThat(SecurityProtocol.of(parse(Map.of("security.protocol", " sasl_ssl "))))
                .isEqualTo(SecurityProtocol.SASL_SSL);
    }

    @Test
    void saslPlaintextReadsKafkasKeysAndNeverShowsThePassword() {
        ParsedConfig config = parse(Map.of(
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", JAAS));
        SaslSettings sasl = sasl(config);
        assertThat(sasl.mechanism()).isEqualTo("SCRAM-SHA-512");
        assertThat(sasl.principal()).isEqualTo("svc");
        assertThat(sasl.toString()).doesNotContain("hunter2");
        assertThat(config.toString()).doesNotContain("hunter2");
        assertThat(config.shownValue("sasl.jaas.config")).get().asString().doesNotContain("hunter2");
    }

    @Test
    void theSimpleKeysWorkAndKafkasDefaultMechanismIsRefusedClearly() {
        SaslSettings sasl = sasl(parse(Map.of(
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN",
                "sasl.username", "svc",
                "sasl.password", "hunter2")));
        assertThat(sasl.principal()).isEqualTo("svc");
        assertThatThrownBy(() -> sasl(parse(Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.jaas.config", JAAS))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("GSSAPI")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> parse(Map.of("security.protocol", "SASL_TLS")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("security.protocol");
    }
}
