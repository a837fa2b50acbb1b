package io.kanal.client.config;

import io.kanal.client.errors.InvalidConfigException;
import io.kanal.config.ConfigException;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Parses client settings at the boundary: typed values out, one clear exception for anything wrong. */
public final class ClientConfigs {
    private static final Logger LOG = LoggerFactory.getLogger(ClientConfigs.class);

    private ClientConfigs() {}

    /**
     * Parses and validates a client's settings, and warns once about keys the spec does not define.
     *
     * @param spec the client's spec
     * @param settings the user's settings
     * @param clientKind "producer", "consumer" or "admin", for the messages
     * @return the typed settings
     * @throws InvalidConfigException naming the key, value and rule of every problem
     */
    public static ParsedConfig parse(ConfigSpec spec, Map<String, ?> settings, String clientKind) {
        ParsedConfig parsed;
        try {
            parsed = spec.parse(settings);
        } catch (ConfigException e) {
            throw new InvalidConfigException("Invalid " + clientKind + " configuration: " + e.getMessage(), e);
        }
        Set<String> unknown = parsed.unknownKeys();
        if (!unknown.isEmpty()) {
            LOG.warn("Ignoring {} settings that Kanal does not know: {}", clientKind, unknown);
        }
        return parsed;
    }
}
