package io.kanal.runtime.isolation;

import java.nio.file.Path;
import java.util.Locale;

/**
 * A plugin, or a whole plugin location, that could not be loaded; the worker starts anyway with every other plugin.
 * Listed by {@link PluginRegistry#failures()} for {@code GET /connector-plugins} diagnostics and logged once at start.
 * Immutable value.
 *
 * @param location the plugin location or {@code plugin.path} entry; null for a built-in plugin
 * @param stage what failed
 * @param type the plugin type whose manifest named the plugin; null when the whole location failed
 * @param className the plugin class when known; null when the failure came before the class was known
 * @param cause what was thrown, such as a {@code ServiceConfigurationError} whose cause is an {@code
 *     ExceptionInInitializerError}
 */
public record PluginLoadFailure(Path location, Stage stage, PluginType type, String className, Throwable cause) {

    private static final int MAX_CAUSES = 8;

    /** Where loading stopped. */
    public enum Stage {
        /** The {@code plugin.path} entry or location could not be read (missing, unreadable, not a plugin). */
        LOCATION,
        /** A manifest entry could not become a class: not found, not a subtype, or a linkage error. */
        CLASS,
        /**
         * The class refers to classes, methods or fields of the foreign API that the bridge layer does not have: it
         * was built against another version of that API ({@link ForeignApiLinkageException}). Nothing of it ran.
         */
        LINK,
        /** The class was found but creating an instance failed: its static initializer or constructor threw. */
        INSTANCE,
        /** The instance's {@code version()} threw. */
        VERSION,
        /**
         * The location's {@code META-INF/kanal/connect-names.properties} could not be read, or maps a name to a class
         * that is not one of the location's plugins; the location's plugins and its other names still load.
         */
        NAMES,
        /**
         * The location's discovery did not finish within its budget (a static initializer, constructor or {@code
         * version()} that blocks); the cause's stack trace is the stuck thread's. The whole location is left out.
         */
        DEADLINE
    }

    /**
     * @return the location for messages: its path, or {@code (built-in)}
     */
    public String locationName() {
        return location == null ? "(built-in)" : location.toString();
    }

    /**
     * A one-line description: location, stage, type and class when known, and the chain of causes.
     *
     * @return the description
     */
    public String describe() {
        StringBuilder out = new StringBuilder(locationName()).append(": ");
        out.append(stage.name().toLowerCase(Locale.ROOT)).append(" failed");
        if (type != null) {
            out.append(" for ").append(type.displayName());
        }
        if (className != null) {
            out.append(' ').append(className);
        }
        // Bounded: a cause chain can loop (A caused by B caused by A).
        int depth = 0;
        for (Throwable t = cause; t != null && depth < MAX_CAUSES; t = t.getCause(), depth++) {
            out.append(t == cause ? ": " : "; caused by ").append(t.getClass().getName());
            if (t.getMessage() != null) {
                out.append(": ").append(t.getMessage());
            }
        }
        return out.toString();
    }
}
