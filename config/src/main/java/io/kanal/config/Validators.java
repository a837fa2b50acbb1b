package io.kanal.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Factories for the validators most configuration keys need. Every validator returned is immutable and
 * thread-safe.
 */
public final class Validators {

    private Validators() {}

    /**
     * Accepts every value; the default for keys without a rule.
     *
     * @param <T> the value type
     * @return the validator
     */
    public static <T> Validator<T> any() {
        // Safe: a validator that never looks at its argument accepts every type, and one shared instance keeps
        // keys built with the same settings equal.
        @SuppressWarnings("unchecked")
        Validator<T> any = (Validator<T>) AnyValue.INSTANCE;
        return any;
    }

    /**
     * A custom rule from a predicate.
     *
     * @param valid returns {@code true} for valid values
     * @param rule the rule in words, phrased to follow the key, for example {@code must be a power of two}
     * @param <T> the value type
     * @return the validator
     */
    public static <T> Validator<T> satisfies(Predicate<? super T> valid, String rule) {
        Objects.requireNonNull(rule, "rule");
        String mustBe = "must be ";
        return check(valid, rule, rule.startsWith(mustBe) ? rule.substring(mustBe.length()) : rule);
    }

    private static <T> Validator<T> check(Predicate<? super T> valid, String rule, String description) {
        Objects.requireNonNull(valid, "valid");
        return new Validator<>() {
            @Override
            public Optional<String> violation(T value) {
                return valid.test(value) ? Optional.empty() : Optional.of(rule);
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }

    /**
     * Values at or above a minimum. Works for every comparable type: numbers, {@link Duration}.
     *
     * @param min the smallest valid value
     * @param <T> the value type
     * @return the validator
     */
    public static <T extends Comparable<? super T>> Validator<T> atLeast(T min) {
        Objects.requireNonNull(min, "min");
        return rangeRule(value -> value.compareTo(min) >= 0, "at least " + show(min));
    }

    /**
     * Values at or below a maximum.
     *
     * @param max the largest valid value
     * @param <T> the value type
     * @return the validator
     */
    public static <T extends Comparable<? super T>> Validator<T> atMost(T max) {
        Objects.requireNonNull(max, "max");
        return rangeRule(value -> value.compareTo(max) <= 0, "at most " + show(max));
    }

    /**
     * Values in an inclusive range.
     *
     * @param min the smallest valid value
     * @param max the largest valid value, not below {@code min}
     * @param <T> the value type
     * @return the validator
     */
    public static <T extends Comparable<? super T>> Validator<T> between(T min, T max) {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        if (min.compareTo(max) > 0) {
            throw new IllegalArgumentException("empty range: " + min + " is above " + max);
        }
        return rangeRule(
                value -> value.compareTo(min) >= 0 && value.compareTo(max) <= 0,
                "between " + show(min) + " and " + show(max) + " inclusive");
    }

    private static <T> Validator<T> rangeRule(Predicate<T> valid, String bound) {
        return check(valid, "must be " + bound, bound);
    }

    /**
     * Strings that contain something other than whitespace.
     *
     * @return the validator
     */
    public static Validator<String> nonEmptyString() {
        return check(value -> !value.isBlank(), "must not be empty", "non-empty string");
    }

    /**
     * Lists with at least one element.
     *
     * @return the validator
     */
    public static Validator<List<String>> nonEmptyList() {
        return check(value -> !value.isEmpty(), "must not be empty", "non-empty list");
    }

    /**
     * Strings equal to one of the options, exactly.
     *
     * @param options the valid strings
     * @return the validator
     */
    public static Validator<String> oneOf(String... options) {
        return new OneOf(List.of(options), false);
    }

    /**
     * Strings equal to one of the options, ignoring case. The comparison is locale-independent, so the result is
     * the same on every machine.
     *
     * @param options the valid strings
     * @return the validator
     */
    public static Validator<String> oneOfIgnoringCase(String... options) {
        return new OneOf(List.of(options), true);
    }

    /**
     * Strings naming a constant of an enum, ignoring case, so a key can be parsed into the enum afterwards.
     *
     * @param type the enum
     * @return the validator
     */
    public static Validator<String> enumName(Class<? extends Enum<?>> type) {
        return new OneOf(
                Arrays.stream(type.getEnumConstants())
                        .map(constant -> constant.name().toLowerCase(Locale.ROOT))
                        .toList(),
                true);
    }

    /**
     * Lists whose every element satisfies a rule. The violation names the first bad element, since list elements
     * are never secrets.
     *
     * @param element the rule for each element
     * @return the validator
     */
    public static Validator<List<String>> eachElement(Validator<? super String> element) {
        Objects.requireNonNull(element, "element");
        return new Validator<>() {
            @Override
            public Optional<String> violation(List<String> value) {
                for (String item : value) {
                    Optional<String> broken = element.violation(item);
                    if (broken.isPresent()) {
                        return Optional.of("element '" + item + "' " + broken.get());
                    }
                }
                return Optional.empty();
            }

            @Override
            public String describe() {
                String each = element.describe();
                return each.isEmpty() ? "" : "each element " + each;
            }

            @Override
            public List<String> recommendedValues() {
                return element.recommendedValues();
            }
        };
    }

    static String joinDescriptions(String first, String second) {
        if (first.isEmpty()) {
            return second;
        }
        return second.isEmpty() ? first : first + " and " + second;
    }

    private static String show(Object bound) {
        return bound instanceof Duration duration ? duration.toMillis() + " ms" : String.valueOf(bound);
    }

    /** Accepts everything; an enum so there is exactly one. */
    private enum AnyValue implements Validator<Object> {
        INSTANCE;

        @Override
        public Optional<String> violation(Object value) {
            return Optional.empty();
        }
    }

    /** One-of rule; a named class so the options double as recommended values. */
    private record OneOf(List<String> options, boolean ignoreCase) implements Validator<String> {

        OneOf {
            if (options.isEmpty()) {
                throw new IllegalArgumentException("a one-of rule needs at least one option");
            }
        }

        @Override
        public Optional<String> violation(String value) {
            boolean valid = options.stream()
                    .anyMatch(option -> ignoreCase ? option.equalsIgnoreCase(value) : option.equals(value));
            return valid ? Optional.empty() : Optional.of("must be " + describe());
        }

        @Override
        public String describe() {
            return "one of " + quoted(options) + (ignoreCase ? " (case-insensitive)" : "");
        }

        @Override
        public List<String> recommendedValues() {
            return options;
        }

        private static String quoted(Collection<String> options) {
            return options.stream().map(option -> "'" + option + "'").collect(Collectors.joining(", ", "[", "]"));
        }
    }
}
