package io.kanal.runtime.isolation;

/** A configured plugin version is neither a version nor a well-formed Maven version range. */
public final class InvalidPluginVersionException extends PluginResolutionException {

    private static final long serialVersionUID = 1L;

    private final String spec;

    InvalidPluginVersionException(String spec, String problem) {
        super("Invalid plugin version '" + spec + "': " + problem);
        this.spec = spec;
    }

    /**
     * @return the configured text
     */
    public String spec() {
        return spec;
    }
}
