package io.kanal.client.resource.internals;

import io.kanal.client.config.CommonClientConfigs;
import io.kanal.client.network.SecurityProtocol;
import io.kanal.client.network.sasl.SaslSettings;
import io.kanal.config.ParsedConfig;
import io.kanal.config.Password;

/** Turns the client's security keys into network settings. Stateless. */
final class SecuritySettings {
    private SecuritySettings() {}

    /**
     * The SASL settings of a client.
     *
     * @param config the parsed settings, including {@link CommonClientConfigs#SPEC}
     * @param protocol the settings' {@code security.protocol} ({@link SecurityProtocol#of}), read once per client
     * @return the settings, or null when the protocol does not use SASL
     * @throws io.kanal.client.errors.InvalidConfigException if the SASL keys are missing or do not fit together
     */
    static SaslSettings sasl(ParsedConfig config, SecurityProtocol protocol) {
        if (!protocol.usesSasl()) {
            return null;
        }
        return SaslSettings.from(
                config.get(CommonClientConfigs.SASL_MECHANISM),
                config.find(CommonClientConfigs.SASL_JAAS_CONFIG)
                        .map(Password::reveal)
                        .orElse(null),
                config.find(CommonClientConfigs.SASL_USERNAME).orElse(null),
                config.find(CommonClientConfigs.SASL_PASSWORD)
                        .map(Password::reveal)
                        .orElse(null),
                null);
    }
}
