package io.kanal.runtime.isolation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Under {@code plugin.discovery=hybrid_fail}, plugin locations hold Apache Kafka Connect plugins that their {@code
 * META-INF/services} manifests do not list. Discovery reports each such location as a {@link
 * PluginLoadFailure.Stage#LOCATION} failure with this cause; the worker then refuses to start with one of these naming
 * every location and class, as Connect's worker does ({@link #of}).
 */
public final class MissingManifestsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Map<Path, List<String>> classesByLocation;

    /**
     * @param classesByLocation each location with the plugin classes found only by scanning it, in discovery order
     */
    public MissingManifestsException(Map<Path, List<String>> classesByLocation) {
        super(message(classesByLocation));
        Map<Path, List<String>> copy = new LinkedHashMap<>();
        classesByLocation.forEach((location, classes) -> copy.put(location, List.copyOf(classes)));
        this.classesByLocation = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * The plugins without manifests among a registry's load failures, as one exception.
     *
     * @param failures the registry's failures
     * @return the exception naming them all; null when no failure is about missing manifests
     */
    public static MissingManifestsException of(List<PluginLoadFailure> failures) {
        Map<Path, List<String>> all = new LinkedHashMap<>();
        for (PluginLoadFailure failure : failures) {
            if (failure.cause() instanceof MissingManifestsException missing) {
                missing.classesByLocation.forEach((location, classes) ->
                        all.computeIfAbsent(location, l -> new ArrayList<>()).addAll(classes));
            }
        }
        return all.isEmpty() ? null : new MissingManifestsException(all);
    }

    /**
     * @return each location with the plugin classes its manifests do not list
     */
    public Map<Path, List<String>> classesByLocation() {
        return classesByLocation;
    }

    private static String message(Map<Path, List<String>> classesByLocation) {
        StringBuilder text = new StringBuilder("plugin.discovery=hybrid_fail: plugins without a META-INF/services"
                + " manifest, which the worker refuses to load:");
        classesByLocation.forEach((location, classes) ->
                text.append(' ').append(location).append(' ').append(classes).append(';'));
        return text.append(" add the manifests (Apache Kafka's connect-plugin-path tool writes them) or set")
                .append(" plugin.discovery=hybrid_warn")
                .toString();
    }
}
