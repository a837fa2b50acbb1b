package io.kanal.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The result of validating a whole configuration map: one entry per defined key, in spec order, and the keys the
 * spec does not define. Unlike {@link ConfigSpec#parse(java.util.Map)}, validation never throws for a bad value; it
 * reports every problem so a user can fix them all at once.
 *
 * @param values one result per defined key, in spec order
 * @param unknownKeys keys in the map that the spec does not define, sorted
 */
public record ConfigValidationResult(List<ConfigValueResult> values, Set<String> unknownKeys) {

    /**
     * Copies the collections.
     *
     * @param values one result per defined key, in spec order
     * @param unknownKeys keys in the map that the spec does not define, sorted
     */
    public ConfigValidationResult {
        values = List.copyOf(values);
        Objects.requireNonNull(unknownKeys, "unknownKeys");
    }

    /**
     * Whether every key is valid. Unknown keys do not make a configuration invalid.
     *
     * @return {@code true} when there are no problems
     */
    public boolean isValid() {
        return values.stream().allMatch(ConfigValueResult::isValid);
    }

    /**
     * Every problem, in spec order.
     *
     * @return the problems
     */
    public List<ConfigProblem> problems() {
        return values.stream().flatMap(value -> value.problems().stream()).toList();
    }

    /**
     * The number of keys with at least one problem, as the REST API's {@code error_count} reports it.
     *
     * @return the count
     */
    public int errorCount() {
        return (int) values.stream().filter(value -> !value.isValid()).count();
    }

    /**
     * The result for one key.
     *
     * @param name the key
     * @return its result; empty when the spec does not define it
     */
    public Optional<ConfigValueResult> value(String name) {
        return values.stream().filter(value -> value.name().equals(name)).findFirst();
    }
}
