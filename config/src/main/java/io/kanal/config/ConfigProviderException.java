package io.kanal.config;

/**
 * A config provider failed to resolve a {@code ${provider:path:key}} reference, for example because a file could
 * not be read. The message names the provider and the reference, never a resolved value.
 */
public final class ConfigProviderException extends ConfigException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, without secret values
     */
    public ConfigProviderException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the provider's own failure as cause.
     *
     * @param message what failed, without secret values
     * @param cause the provider's failure
     */
    public ConfigProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
