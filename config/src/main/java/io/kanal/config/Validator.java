package io.kanal.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A rule that a parsed configuration value must satisfy. Validators see typed values (an {@code Integer}, a
 * {@code List<String>}), never raw strings, and are never called with {@code null}: an absent optional key has
 * nothing to validate.
 *
 * <p>Implementations must be stateless and thread-safe, because one spec serves every parse. Factories for the
 * common rules are in {@link Validators}; compose them with {@link #and(Validator)}.
 *
 * @param <T> the value type
 */
public interface Validator<T> {

    /**
     * Checks a value.
     *
     * @param value the parsed value, never {@code null}
     * @return empty when the value is valid; otherwise the broken rule, phrased to follow the key name, for example
     *     {@code must be at least 0}. The rule must not repeat the value: the caller shows a redacted form of it.
     */
    Optional<String> violation(T value);

    /**
     * The valid values in words, for documentation.
     *
     * @return for example {@code at least 0}; empty when any value of the type is valid
     */
    default String describe() {
        return "";
    }

    /**
     * Values worth suggesting to a user, for example the options of a one-of rule.
     *
     * @return the suggestions as they would be typed; empty when there are none
     */
    default List<String> recommendedValues() {
        return List.of();
    }

    /**
     * A validator that requires both this rule and another. The first broken rule is reported.
     *
     * @param other the second rule
     * @return the combined validator
     */
    default Validator<T> and(Validator<? super T> other) {
        Objects.requireNonNull(other, "other");
        Validator<T> first = this;
        return new Validator<>() {
            @Override
            public Optional<String> violation(T value) {
                Optional<String> broken = first.violation(value);
                return broken.isPresent() ? broken : other.violation(value);
            }

            @Override
            public String describe() {
                return Validators.joinDescriptions(first.describe(), other.describe());
            }

            @Override
            public List<String> recommendedValues() {
                List<String> all = new ArrayList<>(first.recommendedValues());
                other.recommendedValues().stream()
                        .filter(candidate -> !all.contains(candidate))
                        .forEach(all::add);
                return List.copyOf(all);
            }
        };
    }
}
