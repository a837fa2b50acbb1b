package io.kanal.config;

/**
 * A mistake in a configuration spec itself, such as two keys with the same name or a default that breaks its own
 * validator. This is a programming error in the code that declares the spec, never a user's fault, so it is raised
 * when the spec is built rather than when a user's map is parsed.
 */
public final class ConfigDefinitionException extends ConfigException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong with the spec
     */
    public ConfigDefinitionException(String message) {
        super(message);
    }
}
