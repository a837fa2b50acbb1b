package io.kanal.config;

/**
 * Root of every error raised by the configuration layer. Unchecked, because a bad configuration is a fault the
 * caller reports to a human rather than recovers from in code.
 *
 * <p>The hierarchy is sealed so that callers can tell every outcome apart by type: a value that breaks a rule
 * ({@link InvalidConfigValueException}), a required key that is absent ({@link MissingConfigException}), several
 * problems found at once ({@link ConfigValidationException}), a mistake in a spec itself ({@link
 * ConfigDefinitionException}) and a failing config provider ({@link ConfigProviderException}).
 *
 * <p>No message in this hierarchy ever contains a password or a value resolved through a config provider.
 */
public abstract sealed class ConfigException extends RuntimeException
        permits InvalidConfigValueException,
                MissingConfigException,
                ConfigValidationException,
                ConfigDefinitionException,
                ConfigProviderException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message that is already safe to show.
     *
     * @param message the redacted message
     */
    protected ConfigException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message that is already safe to show, and its cause.
     *
     * @param message the redacted message
     * @param cause the underlying failure; its own message must not carry secrets either
     */
    protected ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
