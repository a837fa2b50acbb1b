package io.kanal.runtime.api;

import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.Password;
import io.kanal.runtime.isolation.PluginDescriptor;
import io.kanal.runtime.isolation.PluginResolutionException;
import io.kanal.runtime.isolation.PluginType;
import io.kanal.runtime.worker.ConnectorConfigs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Hides secrets in configs the API shows, and puts them back when a client writes the marker back. Unlike Connect,
 * which shows every stored value, Kanal replaces by {@link #MARKER} the value of each {@code PASSWORD}-typed key: per
 * the specs of the connector and of the converters, transforms and predicates its config names, and Kafka's client
 * password keys under {@code producer.override.}, {@code consumer.override.} and {@code admin.override.}. A value that
 * is a config provider reference ({@code ${file:...:key}}) is no secret and stays visible, as Connect shows it. When a
 * spec cannot be had, it fails closed: every key of that plugin named like a secret is hidden. A {@code PUT} or {@code
 * PATCH} that sends {@link #MARKER} for such a key keeps the stored value, so read-modify-write tools keep working, as
 * long as the connector's plugin stays the same.
 *
 * <p><b>Threading.</b> Stateless apart from its final fields (the worker caches plugin specs); safe from any thread.
 */
public final class ConfigRedaction {

    /** What a hidden value reads as: the config library's own marker for passwords. */
    public static final String MARKER = Password.HIDDEN;

    private static final String CLASS = "connector.class";
    private static final String VERSION = "connector.plugin.version";
    private static final List<String> CLIENT_PREFIXES =
            List.of("producer.override.", "consumer.override.", "admin.override.");
    /** The PASSWORD-typed keys of Kafka's producer, consumer and admin configs. */
    private static final Set<String> CLIENT_PASSWORDS = Set.of(
            "ssl.key.password",
            "ssl.keystore.password",
            "ssl.keystore.key",
            "ssl.keystore.certificate.chain",
            "ssl.truststore.password",
            "ssl.truststore.certificates",
            "sasl.jaas.config",
            "sasl.oauthbearer.assertion.private.key.passphrase");
    /** The converter keys of a connector config and the plugin types each names. */
    private static final Map<String, Set<PluginType>> CONVERTERS = Map.of(
            "key.converter", Set.of(PluginType.CONVERTER),
            "value.converter", Set.of(PluginType.CONVERTER),
            "header.converter", Set.of(PluginType.HEADER_CONVERTER));
    /** The alias lists of a connector config and the plugin types their {@code <list>.<alias>.type} names. */
    private static final Map<String, Set<PluginType>> CHAINS =
            Map.of("transforms", Set.of(PluginType.TRANSFORMATION), "predicates", Set.of(PluginType.PREDICATE));
    /** A whole value that is one provider reference, {@code ${provider:[path:]key}}. */
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{[^}]+}");

    private final WorkerApi worker;
    private final Duration timeout;

    /**
     * Creates the redaction.
     *
     * @param worker the worker whose plugins' specs say which keys are passwords
     * @param timeout how long to wait for a plugin's spec
     */
    public ConfigRedaction(WorkerApi worker, Duration timeout) {
        this.worker = Objects.requireNonNull(worker, "worker");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * A connector config as the API shows it.
     *
     * @param config the config as stored
     * @return the config with password values replaced by {@link #MARKER}, in the same order
     */
    public Map<String, String> redact(Map<String, String> config) {
        return redact(config, secretKeys(config));
    }

    /**
     * A task config as the API shows it: the keys that are passwords for its connector and its plugins are hidden, and
     * so is every key named like a secret, since a connector may hand its tasks keys that its own spec does not define.
     *
     * @param taskConfig the task's config
     * @param connectorConfig its connector's config, whose plugins say which keys are passwords; empty when the
     *     connector is gone
     * @return the task config with password values replaced by {@link #MARKER}
     */
    public Map<String, String> redact(Map<String, String> taskConfig, Map<String, String> connectorConfig) {
        return redact(taskConfig, secretKeys(connectorConfig).or(ConnectorConfigs::namedLikeSecret));
    }

    private static Map<String, String> redact(Map<String, String> config, Predicate<String> secret) {
        Map<String, String> out = new LinkedHashMap<>();
        config.forEach((k, v) -> out.put(k, secret.test(k) && !isReference(v) ? MARKER : v));
        return out;
    }

    /**
     * A written config with each {@link #MARKER} the client sent back for a password key replaced by the stored value.
     * Only a key that is a password under the written config's plugin gets its stored value back, and only while the
     * plugin (class and version) stays the same: under another plugin the key may not be a password, so the next read
     * would show the stored secret to whoever changed the class.
     *
     * @param written the config a client wrote
     * @param stored the connector's stored config; empty for a new connector
     * @return the config to validate and store
     * @throws ApiException 400 when the marker is sent for a stored key while the plugin's class or version changes
     */
    public Map<String, String> restore(Map<String, String> written, Map<String, String> stored) {
        if (!written.containsValue(MARKER) || stored.isEmpty()) {
            return written;
        }
        boolean samePlugin = Objects.equals(written.get(CLASS), stored.get(CLASS))
                && Objects.equals(written.get(VERSION), stored.get(VERSION));
        Predicate<String> secret = samePlugin ? secretKeys(written) : k -> false;
        Map<String, String> out = new LinkedHashMap<>(written);
        written.forEach((k, v) -> {
            if (!MARKER.equals(v) || !stored.containsKey(k)) {
                return;
            }
            if (!samePlugin) {
                throw new ApiException(
                        ApiException.BAD_REQUEST,
                        "The value of " + k + " is " + MARKER + " but the connector's " + CLASS + " or " + VERSION
                                + " changes: the stored value is not carried over to another plugin, send the value"
                                + " again");
            }
            if (secret.test(k)) {
                out.put(k, stored.get(k));
            }
        });
        return out;
    }

    /**
     * Which keys are secrets under the plugins {@code connectorConfig} names: the {@code PASSWORD} keys of the
     * connector's spec, of its converters' specs under {@code key.converter.} and the like, of its transforms' and
     * predicates' specs under {@code transforms.<alias>.} and {@code predicates.<alias>.}, and Kafka's client password
     * keys. Where a spec cannot be had (no class, not installed, the plugin fails or hangs, the connector was deleted)
     * it fails closed: every key under that plugin's prefix named like a secret ({@link
     * ConnectorConfigs#namedLikeSecret}, the rule the worker's log redaction uses) is hidden too.
     */
    private Predicate<String> secretKeys(Map<String, String> connectorConfig) {
        Set<String> secret = new HashSet<>();
        List<String> unknownPrefixes = new ArrayList<>();
        collect(PluginType.CONNECTORS, "", connectorConfig.get(CLASS), connectorConfig.get(VERSION), secret)
                .ifPresent(unknownPrefixes::add);
        for (Map.Entry<String, Set<PluginType>> c : CONVERTERS.entrySet()) {
            String prefix = c.getKey() + ".";
            String name = connectorConfig.get(c.getKey());
            if (name != null) {
                collect(c.getValue(), prefix, name, connectorConfig.get(prefix + "plugin.version"), secret)
                        .ifPresent(unknownPrefixes::add);
            }
        }
        for (Map.Entry<String, Set<PluginType>> chain : CHAINS.entrySet()) {
            for (String alias : connectorConfig.getOrDefault(chain.getKey(), "").split(",")) {
                if (alias.isBlank()) {
                    continue;
                }
                String prefix = chain.getKey() + "." + alias.trim() + ".";
                collect(
                                chain.getValue(),
                                prefix,
                                connectorConfig.get(prefix + "type"),
                                connectorConfig.get(prefix + "plugin.version"),
                                secret)
                        .ifPresent(unknownPrefixes::add);
            }
        }
        return key -> isClientPassword(key)
                || secret.contains(key)
                || (ConnectorConfigs.namedLikeSecret(key)
                        && unknownPrefixes.stream().anyMatch(key::startsWith));
    }

    /**
     * Adds {@code prefix} + each {@code PASSWORD} key of the named plugin's spec to {@code secret}.
     *
     * @return the prefix when the spec cannot be had, so that its keys fall back to the names
     */
    private Optional<String> collect(
            Set<PluginType> types, String prefix, String name, String version, Set<String> secret) {
        Optional<ConfigSpec> spec = spec(types, name, version);
        if (spec.isEmpty()) {
            return Optional.of(prefix);
        }
        for (ConfigKey<?> key : spec.get().keys()) {
            if (key.type().isSecret()) {
                secret.add(prefix + key.name());
            }
        }
        return Optional.empty();
    }

    private static boolean isClientPassword(String key) {
        for (String prefix : CLIENT_PREFIXES) {
            if (key.startsWith(prefix) && CLIENT_PASSWORDS.contains(key.substring(prefix.length()))) {
                return true;
            }
        }
        return false;
    }

    private Optional<ConfigSpec> spec(Set<PluginType> types, String name, String version) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        try {
            PluginDescriptor plugin = worker.registry().resolve(types, name, version);
            return Optional.of(worker.configSpec(plugin, timeout));
        } catch (PluginResolutionException | IllegalStateException | IllegalArgumentException e) {
            // Not installed, or its spec cannot be had: the caller falls back to the names.
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ApiException.UNAVAILABLE, "The request was interrupted: the worker is stopping");
        }
    }

    private static boolean isReference(String value) {
        return value != null && REFERENCE.matcher(value).matches();
    }
}
