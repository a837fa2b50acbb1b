package io.kanal.runtime.isolation;

import java.nio.file.Path;

/**
 * One installed plugin class of one type in one version, with the loader that defines it. The same class may appear
 * several times: once per type it implements, and once per location that holds a version of it (KIP-891). Immutable
 * value; instances of the plugin are created by the invoker with {@link #loader()} as the context loader.
 *
 * @param className the binary class name, such as {@code com.acme.JdbcSinkConnector}
 * @param type the plugin type
 * @param version the version the plugin reports ({@link PluginVersion#UNDEFINED} when it does not)
 * @param pluginClass the class, defined by {@link #loader()} or the runtime's loader for a built-in
 * @param loader the plugin's {@link PluginClassLoader}, or the runtime's loader for a built-in
 * @param location the plugin location; null for a built-in
 */
public record PluginDescriptor(
        String className,
        PluginType type,
        PluginVersion version,
        Class<?> pluginClass,
        ClassLoader loader,
        Path location) {

    /**
     * @return whether this is one of the runtime's own plugins
     */
    public boolean builtin() {
        return location == null;
    }

    /**
     * @return the location for messages and REST: its path, or {@code (built-in)}
     */
    public String locationName() {
        return location == null ? "(built-in)" : location.toString();
    }

    @Override
    public String toString() {
        return type.restName() + " " + className + " " + version + " @ " + locationName();
    }
}
