package io.kanal.config;

import java.util.Objects;

/** A supplied configuration value that cannot be parsed as its type or that breaks its validator. */
public final class InvalidConfigValueException extends ConfigException {

    private static final long serialVersionUID = 1L;

    /** The configuration key. */
    private final String key;

    /** The value as it may be shown; never a secret. */
    private final String shownValue;

    /** The broken rule. */
    private final String rule;

    /**
     * Creates the exception.
     *
     * @param key the configuration key
     * @param shownValue the value as it may be shown: the caller must already have redacted it
     * @param rule what the value must satisfy, for example {@code must be at least 0}
     */
    public InvalidConfigValueException(String key, String shownValue, String rule) {
        super(render(key, shownValue, rule));
        this.key = Objects.requireNonNull(key, "key");
        this.shownValue = Objects.requireNonNull(shownValue, "shownValue");
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    static String render(String key, String shownValue, String rule) {
        return "Invalid value '" + shownValue + "' for configuration '" + key + "': " + rule;
    }

    /**
     * The configuration key.
     *
     * @return the key
     */
    public String key() {
        return key;
    }

    /**
     * The offending value, redacted for passwords and provider-resolved values.
     *
     * @return the value as shown in the message
     */
    public String shownValue() {
        return shownValue;
    }

    /**
     * The rule the value breaks.
     *
     * @return for example {@code must be at least 0}
     */
    public String rule() {
        return rule;
    }

    /**
     * This exception as a problem record, for collecting alongside others.
     *
     * @return the problem
     */
    public ConfigProblem toProblem() {
        return ConfigProblem.invalidValue(key, shownValue, rule);
    }
}
