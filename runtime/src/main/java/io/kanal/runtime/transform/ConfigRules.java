package io.kanal.runtime.transform;

import io.kanal.config.InvalidConfigValueException;
import io.kanal.config.Validator;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Configuration rules that Kanal's built-in transforms and predicates share with Kafka Connect's (its {@code
 * RegexValidator}, its cross-key checks in {@code configure}). Stateless and thread-safe.
 */
public final class ConfigRules {

    private ConfigRules() {}

    /**
     * Strings that compile as a {@link Pattern}. The violation carries the compiler's description and position, as
     * Connect's message does, but not the pattern itself (the caller shows the value).
     *
     * @return the validator
     */
    public static Validator<String> regex() {
        return RegexRule.INSTANCE;
    }

    /**
     * A configuration error for a value that breaks a rule involving other keys, which a per-key validator cannot
     * express (Connect throws these from {@code configure}).
     *
     * @param key the key to blame
     * @param shownValue its value as it may be shown; empty when it was not set
     * @param rule the rule, phrased to follow the key
     * @return the exception to throw
     */
    public static InvalidConfigValueException invalid(String key, String shownValue, String rule) {
        return new InvalidConfigValueException(key, shownValue, rule);
    }

    /** The regular-expression rule; an enum so that there is one instance and keys built with it stay equal. */
    private enum RegexRule implements Validator<String> {
        INSTANCE;

        @Override
        public Optional<String> violation(String value) {
            try {
                Pattern.compile(value);
                return Optional.empty();
            } catch (PatternSyntaxException invalid) {
                String where = invalid.getIndex() >= 0 ? " near index " + invalid.getIndex() : "";
                return Optional.of(
                        "must be a valid Java regular expression (" + invalid.getDescription() + where + ")");
            }
        }

        @Override
        public String describe() {
            return "a valid Java regular expression";
        }
    }
}
