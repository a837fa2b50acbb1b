package io.kanal.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One thing wrong with one configuration key, as found by parsing or validation.
 *
 * @param key the configuration key
 * @param shownValue the offending value as it may be shown to a human (redacted for passwords, the {@code ${...}}
 *     reference for provider-resolved values); empty when the key was missing
 * @param rule what the value must satisfy, phrased to follow the key, for example {@code must be at least 0}
 */
public record ConfigProblem(String key, Optional<String> shownValue, String rule) {

    /**
     * Validates that every component is present.
     *
     * @param key the configuration key
     * @param shownValue the offending value as it may be shown to a human (redacted for passwords, the {@code ${...}}
     * reference for provider-resolved values); empty when the key was missing
     * @param rule what the value must satisfy, phrased to follow the key, for example {@code must be at least 0}
     */
    public ConfigProblem {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(shownValue, "shownValue");
        Objects.requireNonNull(rule, "rule");
    }

    /**
     * A problem with a supplied value.
     *
     * @param key the configuration key
     * @param shownValue the value, already redacted where needed
     * @param rule the rule the value breaks
     * @return the problem
     */
    public static ConfigProblem invalidValue(String key, String shownValue, String rule) {
        return new ConfigProblem(key, Optional.of(shownValue), rule);
    }

    /**
     * A required key that was not supplied.
     *
     * @param key the configuration key
     * @return the problem
     */
    public static ConfigProblem missing(String key) {
        return new ConfigProblem(key, Optional.empty(), MissingConfigException.RULE);
    }

    /**
     * Renders the problem the way every config error in Kanal reads.
     *
     * @return for example {@code Invalid value '-1' for configuration 'linger.ms': must be at least 0}
     */
    public String message() {
        return shownValue
                .map(value -> InvalidConfigValueException.render(key, value, rule))
                .orElseGet(() -> MissingConfigException.render(key));
    }

    /**
     * The same problem as an exception, for callers that fail on the first problem.
     *
     * @return an {@link InvalidConfigValueException} or a {@link MissingConfigException}
     */
    public ConfigException toException() {
        return shownValue
                .<ConfigException>map(value -> new InvalidConfigValueException(key, value, rule))
                .orElseGet(() -> new MissingConfigException(key));
    }
}
