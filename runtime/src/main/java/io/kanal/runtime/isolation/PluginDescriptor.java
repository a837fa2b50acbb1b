package io.kanal.runtime.isolation;

import io.kanal.runtime.isolation.spi.ForeignPluginAdapter;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;

/**
 * One installed plugin class of one type in one version, with the loader that defines it. The same class may appear
 * several times: once per type it implements, and once per location that holds a version of it (KIP-891). Immutable
 * value; instances of the plugin are created by the invoker with {@link #loader()} as the context loader, through
 * {@link #newInstance(Class)}.
 *
 * @param className the binary class name, such as {@code com.acme.JdbcSinkConnector} (for a bridged plugin the foreign
 *     class's name, such as {@code org.apache.kafka.connect.file.FileStreamSourceConnector})
 * @param type the plugin type
 * @param version the version the plugin reports ({@link PluginVersion#UNDEFINED} when it does not)
 * @param pluginClass the class of the instances: defined by {@link #loader()} or the runtime's loader for a built-in;
 *     for a bridged plugin the bridge's adapter class, a subtype of {@link PluginType#pluginInterface()}
 * @param loader the plugin's {@link PluginClassLoader} (or foreign plugin loader), or the runtime's loader for a
 *     built-in
 * @param location the plugin location; null for a built-in
 * @param bridged for a plugin of a foreign API (Apache Kafka Connect), its class and the adapter that runs it; null
 *     for a Kanal plugin
 */
public record PluginDescriptor(
        String className,
        PluginType type,
        PluginVersion version,
        Class<?> pluginClass,
        ClassLoader loader,
        Path location,
        Bridged bridged) {

    /**
     * A plugin of a foreign API, run through a bridge.
     *
     * @param foreignClass the foreign class, defined by the plugin's loader
     * @param adapter the bridge's adapter, which creates the Kanal instances around new foreign instances
     */
    public record Bridged(Class<?> foreignClass, ForeignPluginAdapter adapter) {}

    /**
     * A Kanal plugin (not bridged).
     *
     * @param className the binary class name
     * @param type the plugin type
     * @param version the version
     * @param pluginClass the class
     * @param loader its loader
     * @param location the location; null for a built-in
     */
    public PluginDescriptor(
            String className,
            PluginType type,
            PluginVersion version,
            Class<?> pluginClass,
            ClassLoader loader,
            Path location) {
        this(className, type, version, pluginClass, loader, location, null);
    }

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

    /**
     * Creates an instance: through the public no-argument constructor of {@link #pluginClass()}, or, for a bridged
     * plugin, through its adapter around a new foreign instance. Runs plugin code: call it through the invoker (or
     * another deadline-bounded thread) with {@link #loader()} as the context loader.
     *
     * @param api the Kanal type the caller needs
     * @param <P> that type
     * @return the instance
     * @throws ReflectiveOperationException when the class cannot be instantiated
     * @throws RuntimeException what the constructor threw, unwrapped
     */
    public <P> P newInstance(Class<P> api) throws ReflectiveOperationException {
        if (bridged != null) {
            return api.cast(bridged.adapter().adapt(bridged.foreignClass(), api));
        }
        try {
            return api.cast(pluginClass.getConstructor().newInstance());
        } catch (InvocationTargetException e) {
            // The constructor threw: report what it threw, not the reflective wrapper.
            if (e.getCause() instanceof RuntimeException thrown) {
                throw thrown;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return type.restName() + " " + className + " " + version + " @ " + locationName();
    }
}
