package io.kanal.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The validation result for one key, in the shape the REST {@code config/validate} endpoint reports.
 *
 * @param name the key
 * @param shownValue the supplied value, or else the default, as it may be shown (passwords hidden, provider
 *     references unresolved); empty when there is neither
 * @param recommendedValues values worth suggesting
 * @param problems what is wrong with the value; empty when it is valid
 * @param visible whether the key is relevant given the other values
 */
public record ConfigValueResult(
        String name,
        Optional<String> shownValue,
        List<String> recommendedValues,
        List<ConfigProblem> problems,
        boolean visible) {

    /**
     * Checks presence and copies the lists.
     *
     * @param name the key
     * @param shownValue the supplied value, or else the default, as it may be shown (passwords hidden, provider
     * references unresolved); empty when there is neither
     * @param recommendedValues values worth suggesting
     * @param problems what is wrong with the value; empty when it is valid
     * @param visible whether the key is relevant given the other values
     */
    public ConfigValueResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(shownValue, "shownValue");
        recommendedValues = List.copyOf(recommendedValues);
        problems = List.copyOf(problems);
    }

    /**
     * The problems as messages.
     *
     * @return for example {@code Invalid value '-1' for configuration 'linger.ms': must be at least 0}
     */
    public List<String> errors() {
        return problems.stream().map(ConfigProblem::message).toList();
    }

    /**
     * Whether the value is valid.
     *
     * @return {@code true} when there are no problems
     */
    public boolean isValid() {
        return problems.isEmpty();
    }
}
