package io.kanal.runtime.isolation;

import java.util.List;
import java.util.Set;

/** No plugin of the requested types has the given class name or alias; carries the closest names that do exist. */
public final class UnknownPluginException extends PluginResolutionException {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final transient Set<PluginType> types;
    private final transient List<String> closestNames;

    UnknownPluginException(String name, Set<PluginType> types, List<String> closestNames) {
        this(name, types, closestNames, List.of());
    }

    /**
     * @param loadFailures the descriptions of the load failures of a class of that name: why it is not installed
     */
    UnknownPluginException(String name, Set<PluginType> types, List<String> closestNames, List<String> loadFailures) {
        super(message(name, types, closestNames, loadFailures));
        this.name = name;
        this.types = Set.copyOf(types);
        this.closestNames = List.copyOf(closestNames);
    }

    /**
     * @return the name as requested
     */
    public String name() {
        return name;
    }

    /**
     * @return the plugin types that were searched
     */
    public Set<PluginType> types() {
        return types;
    }

    /**
     * @return the existing class names and aliases nearest to the request by edit distance, nearest first; empty
     *     when no plugin of the types is installed
     */
    public List<String> closestNames() {
        return closestNames;
    }

    private static String message(String name, Set<PluginType> types, List<String> closest, List<String> loadFailures) {
        String what = PluginRegistry.describeTypes(types);
        if (!loadFailures.isEmpty()) {
            return "No " + what + " named '" + name + "' is installed: it failed to load: "
                    + String.join("; ", loadFailures);
        }
        if (closest.isEmpty()) {
            return "No " + what + " named '" + name + "' is installed, and none of that type is";
        }
        return "No " + what + " named '" + name + "' is installed; the closest names are " + String.join(", ", closest);
    }
}
