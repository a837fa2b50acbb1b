package io.kanal.runtime.isolation;

import java.util.List;

/** The plugin is installed, but none of its installed versions satisfies the requested version or range. */
public final class PluginVersionNotFoundException extends PluginResolutionException {

    private static final long serialVersionUID = 1L;

    private final String className;
    private final String requested;
    private final transient List<String> availableVersions;

    PluginVersionNotFoundException(String className, String requested, List<String> availableVersions) {
        super("No installed version of " + className + " satisfies '" + requested + "'; installed: "
                + String.join(", ", availableVersions));
        this.className = className;
        this.requested = requested;
        this.availableVersions = List.copyOf(availableVersions);
    }

    /**
     * @return the plugin's class name
     */
    public String className() {
        return className;
    }

    /**
     * @return the version requirement as configured
     */
    public String requested() {
        return requested;
    }

    /**
     * @return the installed versions, oldest first
     */
    public List<String> availableVersions() {
        return availableVersions;
    }
}
