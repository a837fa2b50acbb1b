package io.kanal.runtime.isolation;

import java.util.Set;

/** The name resolves to an installed plugin, but not to one of the requested types (a converter as a connector). */
public final class PluginTypeMismatchException extends PluginResolutionException {

    private static final long serialVersionUID = 1L;

    private final String className;
    private final transient Set<PluginType> actualTypes;
    private final transient Set<PluginType> requestedTypes;

    PluginTypeMismatchException(String className, Set<PluginType> actualTypes, Set<PluginType> requestedTypes) {
        super("'" + className + "' is a " + PluginRegistry.describeTypes(actualTypes) + ", not a "
                + PluginRegistry.describeTypes(requestedTypes));
        this.className = className;
        this.actualTypes = Set.copyOf(actualTypes);
        this.requestedTypes = Set.copyOf(requestedTypes);
    }

    /**
     * @return the plugin's class name
     */
    public String className() {
        return className;
    }

    /**
     * @return what the class is
     */
    public Set<PluginType> actualTypes() {
        return actualTypes;
    }

    /**
     * @return what was asked for
     */
    public Set<PluginType> requestedTypes() {
        return requestedTypes;
    }
}
