package io.kanal.bridge.config;

import io.kanal.config.Validator;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * A Connect {@code ConfigDef.Validator} in force as a Kanal {@link Validator}: the value is handed to Connect's
 * validator as Connect would parse it (a loaded class, a Connect password), and a {@link ConfigException} becomes the
 * violated rule. For a CLASS key it also checks that the class loads, as Connect's parser does before any validator.
 *
 * <p>Immutable; as thread-safe as the Connect validator (Connect shares one validator between every parse too).
 *
 * @param <T> the Kanal value type
 */
final class ConnectValidator<T> implements Validator<T> {

    /** How Connect's {@code ConfigException(name, value, message)} starts its message. */
    private static final String INVALID_VALUE = "Invalid value ";

    private final String key;
    private final ConfigDef.Validator validator;
    private final Supplier<ClassLoader> loader;

    /**
     * @param key the key validated, to recognise Connect's message format
     * @param validator Connect's validator, or null for a CLASS key without one
     * @param loader the class loader of the plugin (CLASS values are loaded through it, as Connect loads them through
     *     the context class loader the worker sets to the plugin's)
     */
    ConnectValidator(String key, ConfigDef.Validator validator, Supplier<ClassLoader> loader) {
        this.key = key;
        this.validator = validator;
        this.loader = loader;
    }

    @Override
    public Optional<String> violation(T value) {
        Object connectValue;
        try {
            connectValue = ConfigValues.toConnect(value, loader.get());
        } catch (ClassNotFoundException | LinkageError notLoadable) {
            return Optional.of("class could not be found");
        }
        if (validator == null) {
            return Optional.empty();
        }
        try {
            validator.ensureValid(key, connectValue);
            return Optional.empty();
        } catch (ConfigException e) {
            return Optional.of(rule(e.getMessage()));
        }
    }

    /**
     * The rule of Connect's message, without the "Invalid value V for configuration K: " prefix (Kanal's message
     * shows the value itself, redacted where needed).
     */
    private String rule(String message) {
        if (message == null || message.isBlank()) {
            return "is invalid";
        }
        String marker = " for configuration " + key;
        if (message.startsWith(INVALID_VALUE)) {
            int at = message.indexOf(marker);
            if (at >= 0) {
                String rest = message.substring(at + marker.length());
                if (rest.startsWith(": ")) {
                    return rest.substring(2);
                }
                if (rest.isEmpty()) {
                    return "is invalid";
                }
            }
        }
        return message;
    }

    /** Connect's validators describe the valid values in {@code toString()}, which Connect's documentation shows. */
    @Override
    public String describe() {
        if (validator == null) {
            return "";
        }
        String described = validator.toString();
        String identity = validator.getClass().getName() + "@" + Integer.toHexString(validator.hashCode());
        return described == null || described.equals(identity) ? "" : described;
    }

    /** @return Connect's validator, or null */
    ConfigDef.Validator connectValidator() {
        return validator;
    }
}
