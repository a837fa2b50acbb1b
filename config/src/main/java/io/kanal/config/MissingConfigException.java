package io.kanal.config;

import java.util.Objects;

/** A required configuration key was not supplied and has no default. */
public final class MissingConfigException extends ConfigException {

    private static final long serialVersionUID = 1L;

    static final String RULE = "is required and has no default value";

    /** The missing key. */
    private final String key;

    /**
     * Creates the exception.
     *
     * @param key the missing key
     */
    public MissingConfigException(String key) {
        super(render(key));
        this.key = Objects.requireNonNull(key, "key");
    }

    static String render(String key) {
        return "Missing configuration '" + key + "': it " + RULE;
    }

    /**
     * The missing key.
     *
     * @return the key
     */
    public String key() {
        return key;
    }
}
