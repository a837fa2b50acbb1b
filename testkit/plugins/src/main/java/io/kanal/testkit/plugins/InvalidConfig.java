package io.kanal.testkit.plugins;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A configuration a connector's {@code validate} must reject, and the keys its problems must name. Build one from the
 * valid configuration with {@link #without} or {@link #with}, or give the whole map with {@link #of}.
 *
 * @param description what is wrong, for the test's report
 * @param config the connector's own keys (the kit adds {@code name}, {@code connector.class} and {@code tasks.max})
 * @param namedKeys the keys that must each carry at least one problem
 */
public record InvalidConfig(String description, Map<String, String> config, Set<String> namedKeys) {

    /**
     * Checks and copies.
     *
     * @param description what is wrong, for the test's report
     * @param config the connector's own keys
     * @param namedKeys the keys that must each carry at least one problem; not empty
     */
    public InvalidConfig {
        Objects.requireNonNull(description, "description");
        config = Map.copyOf(config);
        namedKeys = Set.copyOf(namedKeys);
        if (namedKeys.isEmpty()) {
            throw new IllegalArgumentException("an invalid config must name at least one key: " + description);
        }
    }

    /**
     * A whole configuration that is invalid.
     *
     * @param description what is wrong
     * @param config the connector's own keys
     * @param namedKeys the keys the problems must name
     * @return the invalid config
     */
    public static InvalidConfig of(String description, Map<String, String> config, String... namedKeys) {
        return new InvalidConfig(description, config, Set.of(namedKeys));
    }

    /**
     * The valid configuration without one key: for a required key, or one whose absence another key makes an error.
     *
     * @param valid the valid configuration
     * @param key the key to leave out; it is the key the problem must name
     * @return the invalid config
     */
    public static InvalidConfig without(Map<String, String> valid, String key) {
        Map<String, String> config = new HashMap<>(valid);
        config.remove(key);
        return new InvalidConfig("without '" + key + "'", config, Set.of(key));
    }

    /**
     * The valid configuration with one key set to a bad value; the problem must name that key.
     *
     * @param valid the valid configuration
     * @param key the key
     * @param value the bad value
     * @return the invalid config
     */
    public static InvalidConfig with(Map<String, String> valid, String key, String value) {
        return with(valid, key, value, List.of(key));
    }

    /**
     * The valid configuration with one key set to a value that breaks a rule across keys: the problems must name
     * {@code namedKeys} (for example both keys of a pair that exclude each other).
     *
     * @param valid the valid configuration
     * @param key the key
     * @param value the value
     * @param namedKeys the keys the problems must name
     * @return the invalid config
     */
    public static InvalidConfig with(Map<String, String> valid, String key, String value, List<String> namedKeys) {
        Map<String, String> config = new HashMap<>(valid);
        config.put(key, value);
        return new InvalidConfig("'" + key + "' = '" + value + "'", config, Set.copyOf(namedKeys));
    }

    /**
     * The description, for JUnit's display of a dynamic test.
     *
     * @return the description and the keys
     */
    @Override
    public String toString() {
        return description + " names " + namedKeys;
    }
}
