package io.kanal.runtime.worker;

import io.kanal.config.ConfigProvider;
import io.kanal.config.ConfigProviderException;
import io.kanal.runtime.isolation.MissingManifestsException;
import io.kanal.runtime.isolation.PluginDescriptor;
import io.kanal.runtime.isolation.PluginPath;
import io.kanal.runtime.isolation.PluginRegistry;
import io.kanal.runtime.isolation.PluginType;
import io.kanal.runtime.isolation.UnknownPluginException;
import io.kanal.runtime.isolation.connect.ConnectLayer;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A worker's plugins: the Connect bridge layer and the registry of every plugin on {@code plugin.path}. Loaded from the
 * worker config as written, before its config providers are built, because (as in Connect) {@code plugin.path} and
 * {@code plugin.discovery} are read unresolved and a provider class may come from {@code plugin.path}.
 *
 * <p>Immutable once loaded; any thread may read it. Closed by the worker's stop thread after everything that uses a
 * plugin class, the config providers included.
 *
 * @param layer the Connect bridge layer, possibly absent
 * @param registry the plugins
 */
record WorkerPlugins(ConnectLayer layer, PluginRegistry registry) implements AutoCloseable {

    /**
     * Loads the layer and every plugin location a worker config names.
     *
     * @param workerConfig the worker config, unresolved
     * @param runtimeVersion the runtime's version, for the built-ins
     * @return the plugins
     * @throws MissingManifestsException under {@code plugin.discovery=hybrid_fail} when Connect plugins lack
     *     manifests: the worker refuses to start, as Connect's does
     * @throws IllegalArgumentException for an unknown {@code plugin.discovery}
     */
    static WorkerPlugins load(Map<String, String> workerConfig, String runtimeVersion) {
        PluginPath path = PluginPath.parse(workerConfig.getOrDefault(PluginPath.CONFIG, ""));
        ConnectLayer layer = ConnectLayer.fromWorkerConfig(workerConfig);
        PluginRegistry registry;
        try {
            registry = PluginRegistry.load(path, PluginRegistry.Builtins.kanal(runtimeVersion), layer);
        } catch (RuntimeException | Error e) {
            layer.close();
            throw e;
        }
        MissingManifestsException missing = MissingManifestsException.of(registry.failures());
        if (missing != null) {
            registry.close();
            layer.close();
            throw missing;
        }
        return new WorkerPlugins(layer, registry);
    }

    /**
     * Creates and configures a config provider that a {@code plugin.path} location provides (a Connect {@code
     * ConfigProvider} through the bridge): the worker's {@code config.providers.<name>.class} when it names no
     * built-in.
     *
     * @param className the class name or alias
     * @param params the provider's parameters, without their prefix
     * @return the provider, to be closed by the caller; empty when no plugin of that name is installed
     * @throws ConfigProviderException when the plugin is a Kanal config provider (which cannot take parameters yet),
     *     or when the provider cannot be created or configured; the cause says why, the parameters are never shown
     */
    Optional<ConfigProvider> configProvider(String className, Map<String, String> params) {
        PluginDescriptor plugin;
        try {
            plugin = registry.resolve(Set.of(PluginType.CONFIGPROVIDER), className, null);
        } catch (UnknownPluginException e) {
            return Optional.empty();
        }
        PluginDescriptor.Bridged bridged = plugin.bridged();
        if (bridged == null) {
            throw new ConfigProviderException(plugin.className() + " at " + plugin.locationName()
                    + " is a Kanal config provider; only the built-ins and Apache Kafka Connect config providers on"
                    + " plugin.path can be named in config.providers for now");
        }
        // Created, configured, asked and closed on its own thread with a deadline, the plugin's loader as context
        // loader.
        return Optional.of(InvokedConfigProvider.create(
                plugin.className() + " (" + plugin.locationName() + ")",
                plugin.loader(),
                InvokedConfigProvider.BUDGET,
                () -> bridged.adapter().configProvider(bridged.foreignClass(), params)));
    }

    /** Closes the plugin loaders, then the layer's. */
    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            layer.close();
        }
    }
}
