package io.kanal.runtime.isolation.spi;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the plugins of a foreign plugin API (Apache Kafka Connect's) as Kanal plugins. A bridge layer lists its
 * implementation in {@code META-INF/services/io.kanal.runtime.isolation.spi.ForeignPluginAdapter}; the runtime finds it
 * with {@link java.util.ServiceLoader} over the layer's loader, asks it which classes of a plugin location it can run
 * ({@link #kanalTypes}) and creates every instance through {@link #adapt}: a Kanal {@code SourceConnector}, {@code
 * SinkConnector}, {@code Task} and so on that wraps a new instance of the foreign class.
 *
 * <p>Implementations are stateless (or immutable) and thread-safe: discovery, REST validation and task threads call
 * them concurrently. Every method may run plugin code (static initialisers, constructors); the runtime calls them
 * through its invoker or its deadline-bounded discovery thread, with the plugin's loader as context loader.
 */
public interface ForeignPluginAdapter {

    /**
     * The foreign API, for logs and plugin listings.
     *
     * @return such as {@code Apache Kafka Connect 4.3.1}
     */
    String family();

    /**
     * The Kanal plugin types a foreign class can run as: {@code io.kanal.api.connector.SourceConnector.class} for a
     * Connect source connector, say. Empty for a class the adapter does not (yet) support, or that is abstract.
     *
     * @param foreignClass a class of a plugin location, loaded by its foreign plugin loader
     * @return the Kanal plugin interfaces or abstract classes, each one of those {@code PluginType} names
     */
    Set<Class<?>> kanalTypes(Class<?> foreignClass);

    /**
     * The class of the instances {@link #adapt} returns for this pair, for the runtime's type checks (a bridged sink
     * connector is a {@code SinkConnector}).
     *
     * @param foreignClass a foreign class with {@code kanalType} among its {@link #kanalTypes}
     * @param kanalType the Kanal type asked for
     * @return the adapter class, a subtype of {@code kanalType}
     */
    Class<?> adapterClass(Class<?> foreignClass, Class<?> kanalType);

    /**
     * Creates a new instance of the foreign class (through its public no-argument constructor, with the caller's
     * context loader) and wraps it as the Kanal type. Also serves task classes: {@code adapt(taskClass,
     * io.kanal.api.connector.Task.class)} returns a Kanal source or sink task.
     *
     * @param foreignClass the foreign class
     * @param kanalType the Kanal type
     * @param <T> the Kanal type
     * @return the adapter around a new foreign instance
     * @throws ReflectiveOperationException when the foreign class cannot be instantiated
     * @throws IllegalArgumentException when the foreign class cannot run as {@code kanalType}
     */
    <T> T adapt(Class<?> foreignClass, Class<T> kanalType) throws ReflectiveOperationException;

    /**
     * Creates and configures a foreign config provider for the worker's {@code config.providers.<name>.class}, so that
     * the worker resolves {@code ${name:path:key}} with it before any connector loads. ({@link #adapt} to {@code
     * io.kanal.config.ConfigProvider} gives an unconfigured instance, for discovery.) The caller closes it.
     *
     * @param foreignClass a foreign class with {@code io.kanal.config.ConfigProvider} among its {@link #kanalTypes}
     * @param params {@code config.providers.<name>.param.*} without that prefix; may hold secrets, never shown
     * @return the configured provider
     * @throws ReflectiveOperationException when the foreign class cannot be instantiated
     * @throws IllegalArgumentException when the foreign class is no config provider this adapter runs
     */
    default io.kanal.config.ConfigProvider configProvider(Class<?> foreignClass, Map<String, String> params)
            throws ReflectiveOperationException {
        throw new IllegalArgumentException(family() + " runs no config provider " + foreignClass.getName());
    }

    /**
     * The packages of the foreign API whose members plugins link against and the layer holds: before a plugin class
     * runs, the runtime resolves each reference its class file (and those of its own package's classes it refers to)
     * makes to a class, method or field of these packages against the layer, so that a plugin built against another
     * version of the API fails to load with {@link #linkageFailure} instead of a {@code NoSuchMethodError} in a task.
     *
     * @return package name prefixes such as {@code org.apache.kafka.}; empty (the default) for no check
     */
    default List<String> linkedApiPackages() {
        return List.of();
    }

    /**
     * The message of the load failure of a plugin class that refers to members the layer's API lacks.
     *
     * @param className the plugin class
     * @param missing what it refers to and the layer lacks, in a stable order, never empty
     * @return a message naming the class and every missing member, and what to do about it
     */
    default String linkageFailure(String className, List<MissingMember> missing) {
        return className + " refers to what " + family() + " does not have: "
                + String.join(", ", missing.stream().map(MissingMember::display).toList());
    }
}
