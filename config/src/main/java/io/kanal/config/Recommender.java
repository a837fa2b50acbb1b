package io.kanal.config;

import java.util.List;

/**
 * Suggests values for a key and decides whether it is relevant, given the other values of the configuration.
 * For example, {@code ssl.keystore.location} is only visible when {@code security.protocol} is {@code SSL}.
 *
 * <p>Used by {@link ConfigSpec#validate(java.util.Map)} to fill each key's recommended values and visibility, as
 * an editor or the REST {@code config/validate} endpoint shows them. Implementations must be stateless.
 */
public interface Recommender {

    /** Recommends nothing and keeps every key visible; the default for keys without a recommender. */
    Recommender NONE = new Recommender() {};

    /**
     * Values worth suggesting, in the form a user would type.
     *
     * @param others the configuration as far as it parsed; keys with problems are absent
     * @return suggestions, possibly empty
     */
    default List<String> recommendedValues(ParsedConfig others) {
        return List.of();
    }

    /**
     * Whether the key matters given the other values.
     *
     * @param others the configuration as far as it parsed; keys with problems are absent
     * @return {@code true} to show the key
     */
    default boolean visible(ParsedConfig others) {
        return true;
    }
}
