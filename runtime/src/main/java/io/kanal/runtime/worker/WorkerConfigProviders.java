package io.kanal.runtime.worker;

import io.kanal.config.ConfigProvider;
import io.kanal.config.ConfigProviderException;
import io.kanal.config.ConfigVariableResolver;
import io.kanal.config.DirectoryConfigProvider;
import io.kanal.config.EnvConfigProvider;
import io.kanal.config.FileConfigProvider;
import io.kanal.config.InvalidConfigValueException;
import io.kanal.config.MissingConfigException;
import io.kanal.config.ResolvedValue;
import io.kanal.config.VariableReference;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's config providers, built from its configuration as Kafka Connect does: {@value #CONFIG_PROVIDERS}
 * names them ({@code file,env,dir}), {@code config.providers.<name>.class} chooses each one's class and {@code
 * config.providers.<name>.param.<k>} passes it parameters ({@code allowed.paths}, {@code allowlist.pattern}).
 *
 * <p>The worker configuration is resolved once at start ({@link #resolveWorker}); a connector configuration is
 * resolved each time its connector or tasks start ({@link #resolveConnector}), while the stored configuration keeps
 * its {@code ${...}} references, so secrets never reach the config file. A reference that cannot be resolved is
 * left as written, as in Connect, and logged at WARN with its key and the reference, never a value.
 *
 * <p>A class name is first one of the built-ins, under Connect's class names and Kanal's (Connect's {@code
 * FileConfigProvider}, {@code DirectoryConfigProvider} and {@code EnvVarConfigProvider} are Kanal's own
 * implementations), else a config provider installed on {@code plugin.path}: an Apache Kafka Connect {@code
 * ConfigProvider} listed in its location's {@code META-INF/services} manifest, run through the Connect bridge and
 * configured with its parameters ({@link PluginProviders}). The worker loads its plugins before it builds its
 * providers, so these resolve the worker config too. Thread-safe after {@link #from}: resolution may run on any
 * thread; {@link #close()} must come after the last resolution and before the plugin loaders close.
 */
public final class WorkerConfigProviders implements AutoCloseable {

    /** The worker key listing the provider names. */
    public static final String CONFIG_PROVIDERS = "config.providers";

    private static final Logger LOG = LoggerFactory.getLogger(WorkerConfigProviders.class);

    private static final String PREFIX = CONFIG_PROVIDERS + ".";
    private static final String CONNECT_PACKAGE = "org.apache.kafka.common.config.provider.";

    /** Provider classes by name, Connect's and Kanal's, to the built-in each one stands for. */
    private static final Map<String, Function<Map<String, String>, ConfigProvider>> BUILT_INS = Map.of(
            CONNECT_PACKAGE + "FileConfigProvider",
            FileConfigProvider::fromParams,
            FileConfigProvider.class.getName(),
            FileConfigProvider::fromParams,
            CONNECT_PACKAGE + "DirectoryConfigProvider",
            DirectoryConfigProvider::fromParams,
            DirectoryConfigProvider.class.getName(),
            DirectoryConfigProvider::fromParams,
            CONNECT_PACKAGE + "EnvVarConfigProvider",
            EnvConfigProvider::fromParams,
            EnvConfigProvider.class.getName(),
            EnvConfigProvider::fromParams);

    /** Config providers installed on {@code plugin.path}, for the class names that are not built-ins. */
    @FunctionalInterface
    public interface PluginProviders {

        /** None: only the built-ins. */
        PluginProviders NONE = (className, params) -> Optional.empty();

        /**
         * Creates and configures the provider a class name or alias names.
         *
         * @param className the class name or alias
         * @param params the provider's {@code param.*} values, without their prefix
         * @return the provider, closed by the caller; empty when no such plugin is installed
         * @throws ConfigProviderException when it cannot be created or configured
         */
        Optional<ConfigProvider> create(String className, Map<String, String> params);
    }

    private final Map<String, ConfigProvider> providers;
    private final ConfigVariableResolver resolver;

    private WorkerConfigProviders(Map<String, ConfigProvider> providers) {
        this.providers = Collections.unmodifiableMap(new LinkedHashMap<>(providers));
        ConfigVariableResolver.Builder builder = ConfigVariableResolver.builder();
        providers.forEach(builder::provider);
        this.resolver = builder.build();
    }

    /**
     * Builds the providers a worker configuration declares; none when it has no {@value #CONFIG_PROVIDERS}.
     *
     * @param workerConfig the worker configuration, unresolved
     * @return the providers, to be closed by the caller
     * @throws InvalidConfigValueException naming the key when a name is malformed or repeated, a class is unknown
     *     (the message lists the known classes) or a parameter is invalid
     * @throws MissingConfigException when a listed provider has no {@code .class}
     */
    public static WorkerConfigProviders from(Map<String, String> workerConfig) {
        return from(workerConfig, PluginProviders.NONE);
    }

    /**
     * Builds the providers a worker configuration declares, the built-ins and those {@code plugins} provides.
     *
     * @param workerConfig the worker configuration, unresolved
     * @param plugins the config providers installed on {@code plugin.path}
     * @return the providers, to be closed by the caller before the plugin loaders
     * @throws InvalidConfigValueException naming the key when a name is malformed or repeated, a class is neither a
     *     built-in nor installed (the message lists the built-ins) or a parameter is invalid
     * @throws MissingConfigException when a listed provider has no {@code .class}
     * @throws ConfigProviderException naming the key when an installed provider cannot be created or configured
     */
    public static WorkerConfigProviders from(Map<String, String> workerConfig, PluginProviders plugins) {
        Map<String, ConfigProvider> providers = new LinkedHashMap<>();
        try {
            for (String name : names(workerConfig.getOrDefault(CONFIG_PROVIDERS, ""))) {
                providers.put(name, create(name, workerConfig, plugins));
            }
            return new WorkerConfigProviders(providers);
        } catch (RuntimeException e) {
            providers.values().forEach(WorkerConfigProviders::closeQuietly);
            throw e;
        }
    }

    private static List<String> names(String list) {
        List<String> names = new ArrayList<>();
        for (String entry : list.split(",")) {
            String name = entry.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (!name.matches("[A-Za-z0-9_.-]+")) {
                throw new InvalidConfigValueException(
                        CONFIG_PROVIDERS, list, "'" + name + "' is not a valid name (letters, digits, _ . -)");
            }
            if (names.contains(name)) {
                throw new InvalidConfigValueException(CONFIG_PROVIDERS, list, "names '" + name + "' twice");
            }
            names.add(name);
        }
        return names;
    }

    private static ConfigProvider create(String name, Map<String, String> workerConfig, PluginProviders plugins) {
        String classKey = PREFIX + name + ".class";
        String className = workerConfig.get(classKey);
        if (className == null || className.isBlank()) {
            throw new MissingConfigException(classKey);
        }
        String paramPrefix = PREFIX + name + ".param.";
        Map<String, String> params = new LinkedHashMap<>();
        workerConfig.forEach((key, value) -> {
            if (key.startsWith(paramPrefix)) {
                params.put(key.substring(paramPrefix.length()), value);
            }
        });
        Function<Map<String, String>, ConfigProvider> factory = BUILT_INS.get(className.trim());
        if (factory == null) {
            return installed(classKey, className, Collections.unmodifiableMap(params), plugins);
        }
        try {
            return factory.apply(Collections.unmodifiableMap(params));
        } catch (InvalidConfigValueException e) {
            // The provider names its own parameter; the operator needs the worker key it wrote.
            throw new InvalidConfigValueException(paramPrefix + e.key(), e.shownValue(), e.rule());
        }
    }

    private static ConfigProvider installed(
            String classKey, String className, Map<String, String> params, PluginProviders plugins) {
        Optional<ConfigProvider> provider;
        try {
            provider = plugins.create(className.trim(), params);
        } catch (ConfigProviderException e) {
            throw new ConfigProviderException(classKey + ": " + e.getMessage(), e.getCause());
        }
        return provider.orElseThrow(() -> new InvalidConfigValueException(
                classKey,
                className,
                "is neither a built-in config provider nor a config provider installed on plugin.path; built-ins: "
                        + String.join(", ", new TreeMap<>(BUILT_INS).keySet())));
    }

    /**
     * The configured provider names, in declaration order.
     *
     * @return the names
     */
    public Set<String> providerNames() {
        return providers.keySet();
    }

    /**
     * Resolves the worker configuration itself, once at start, as Connect does. The {@code config.providers.*}
     * keys pass through unresolved: they built the providers.
     *
     * @param workerConfig the worker configuration as written
     * @return the resolved configuration in the same order; its {@code toString} shows references, not values
     * @throws io.kanal.config.ConfigProviderException when a provider fails, for example on a refused path
     */
    public Map<String, String> resolveWorker(Map<String, String> workerConfig) {
        Map<String, String> resolvable = new LinkedHashMap<>();
        workerConfig.forEach((key, value) -> {
            if (!key.equals(CONFIG_PROVIDERS) && !key.startsWith(PREFIX)) {
                resolvable.put(key, value);
            }
        });
        Map<String, String> resolved = resolve("worker configuration", resolvable, LOG::warn);
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> shown = new LinkedHashMap<>();
        workerConfig.forEach((key, value) -> {
            values.put(key, resolved.containsKey(key) ? resolved.get(key) : value);
            shown.put(key, value);
        });
        return new RedactedConfig(values, shown);
    }

    /**
     * Resolves a connector configuration each time the connector or one of its tasks starts, so a rotated secret is
     * picked up on restart. The result is handed to the plugin and must not be stored: the stored configuration
     * keeps its references.
     *
     * @param connectorConfig the connector configuration as stored
     * @return the resolved configuration in the same order; its {@code toString} shows references, not values
     * @throws io.kanal.config.ConfigProviderException when a provider fails, for example on a refused path
     */
    public Map<String, String> resolveConnector(Map<String, String> connectorConfig) {
        return resolveConnector(connectorConfig, LOG::warn);
    }

    /** {@link #resolveConnector(Map)} with the warnings sent to {@code warn}, so that tests can read them. */
    Map<String, String> resolveConnector(Map<String, String> connectorConfig, Consumer<String> warn) {
        String name = connectorConfig.get("name");
        return resolve(name == null ? "connector configuration" : "connector '" + name + "'", connectorConfig, warn);
    }

    private Map<String, String> resolve(String scope, Map<String, String> config, Consumer<String> warn) {
        ConfigVariableResolver.Resolution resolution = resolver.resolveReporting(config);
        resolution.unresolved().forEach((key, references) -> {
            for (VariableReference reference : references) {
                warn.accept(warning(scope, key, reference));
            }
        });
        Map<String, String> values = new LinkedHashMap<>();
        resolution.values().forEach((key, value) -> values.put(key, reveal(value)));
        return new RedactedConfig(values, config);
    }

    private static String reveal(Object value) {
        return value instanceof ResolvedValue resolved ? resolved.reveal() : (String) value;
    }

    /** A WARN line for an unresolved reference: the key and the reference as written, never a value. */
    private String warning(String scope, String key, VariableReference reference) {
        String why = providers.containsKey(reference.provider())
                ? "provider '" + reference.provider() + "' has no such key"
                : "no config provider named '" + reference.provider() + "' is configured in " + CONFIG_PROVIDERS;
        return scope + ": '" + key + "' keeps the unresolved reference " + reference.text() + " (" + why + ")";
    }

    /** Closes every provider; a failure to close one is logged and the others are still closed. */
    @Override
    public void close() {
        providers.values().forEach(WorkerConfigProviders::closeQuietly);
    }

    private static void closeQuietly(ConfigProvider provider) {
        try {
            provider.close();
        } catch (RuntimeException e) {
            LOG.warn("config provider {} failed to close", provider.getClass().getName(), e);
        }
    }

    /**
     * Names the providers and their classes, never a value.
     *
     * @return for example {@code WorkerConfigProviders{file=FileConfigProvider[allowed.paths=<any>]}}
     */
    @Override
    public String toString() {
        return "WorkerConfigProviders" + providers;
    }

    /**
     * A resolved configuration that prints as written: its entries are the resolved values, its {@code toString}
     * shows the original {@code ${...}} references, so logging the map does not leak a secret. Immutable.
     */
    private static final class RedactedConfig extends AbstractMap<String, String> {
        private final Map<String, String> values;
        private final Map<String, String> shown;

        RedactedConfig(Map<String, String> values, Map<String, String> shown) {
            this.values = Collections.unmodifiableMap(values);
            this.shown = Collections.unmodifiableMap(new LinkedHashMap<>(shown));
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            return values.entrySet();
        }

        @Override
        public String get(Object key) {
            return values.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return values.containsKey(key);
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("{");
            values.keySet().forEach(key -> {
                if (text.length() > 1) {
                    text.append(", ");
                }
                text.append(key).append('=').append(shown.get(key));
            });
            return text.append('}').toString();
        }
    }
}
