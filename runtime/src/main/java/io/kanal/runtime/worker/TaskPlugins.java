package io.kanal.runtime.worker;

import io.kanal.api.connector.ConnectRecord;
import io.kanal.api.convert.Converter;
import io.kanal.api.convert.HeaderConverter;
import io.kanal.api.transform.Predicate;
import io.kanal.api.transform.Transformation;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigValidationException;
import io.kanal.config.ParsedConfig;
import io.kanal.runtime.invoke.CallOutcome;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.Plugin;
import io.kanal.runtime.invoke.PluginFunction;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.invoke.Stage;
import io.kanal.runtime.invoke.StageError;
import io.kanal.runtime.isolation.PluginDescriptor;
import io.kanal.runtime.isolation.PluginRegistry;
import io.kanal.runtime.isolation.PluginType;
import io.kanal.runtime.task.TaskConverters;
import io.kanal.runtime.task.TaskFailedException;
import io.kanal.runtime.task.TransformConfigs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a task's converters, transforms and predicates from the plugin registry, each instantiated, asked for its
 * spec and configured through the invoker (with the plugin's loader as context loader), and handed out as {@link
 * Plugin} handles. Names are resolved as Connect resolves them (class names, aliases, Connect's class names of the
 * built-ins), preferring the copy in the connector's own plugin location when no version is asked for (KIP-891
 * {@code *.plugin.version} keys choose one).
 *
 * <p>Converters follow Connect: {@code key.converter} / {@code value.converter} / {@code header.converter} from the
 * connector override the worker's, and the converter's own keys come with the same prefix from whichever config named
 * it. The header converter defaults to {@code SimpleHeaderConverter}.
 *
 * <p>Thread-safe; call it on the thread that will own the plugins (the task's).
 */
public final class TaskPlugins {

    private static final Logger LOG = LoggerFactory.getLogger(TaskPlugins.class);

    private static final String DEFAULT_HEADER_CONVERTER = "SimpleHeaderConverter";
    private static final String VERSION_SUFFIX = "plugin.version";

    private final PluginRegistry registry;
    private final PluginInvoker invoker;
    private final Duration budget;
    private final Redactor redactor;

    /**
     * Creates the factory.
     *
     * @param registry the worker's plugins
     * @param invoker the worker's invoker
     * @param budget how long creating and configuring one plugin may take before it shows as stuck
     * @param redactor masks the connector's secrets in errors
     */
    public TaskPlugins(PluginRegistry registry, PluginInvoker invoker, Duration budget, Redactor redactor) {
        this.registry = registry;
        this.invoker = invoker;
        this.budget = budget;
        this.redactor = redactor;
    }

    /**
     * The task's three converters.
     *
     * @param owner the task
     * @param workerConfig the worker's configuration
     * @param connectorConfig the connector's configuration
     * @param preferred the connector's loader, whose plugins win when no version is asked for; null for none
     * @return the converters, configured
     * @throws TaskFailedException when one cannot be created or configured
     */
    public TaskConverters converters(
            Owner owner, Map<String, String> workerConfig, Map<String, String> connectorConfig, ClassLoader preferred) {
        // Each converter made is closed again when a later one fails: the task that would own them never runs.
        List<Plugin<? extends AutoCloseable>> made = new ArrayList<>(2);
        try {
            Plugin<Converter> key = converter(owner, "key.converter", workerConfig, connectorConfig, true, preferred);
            made.add(key);
            Plugin<Converter> value =
                    converter(owner, "value.converter", workerConfig, connectorConfig, false, preferred);
            made.add(value);
            return new TaskConverters(key, value, headerConverter(owner, workerConfig, connectorConfig, preferred));
        } catch (RuntimeException e) {
            for (int i = made.size() - 1; i >= 0; i--) {
                discard(made.get(i));
            }
            throw e;
        }
    }

    private Plugin<HeaderConverter> headerConverter(
            Owner owner, Map<String, String> workerConfig, Map<String, String> connectorConfig, ClassLoader preferred) {
        String prefix = "header.converter";
        Map<String, String> from = connectorConfig.containsKey(prefix) ? connectorConfig : workerConfig;
        String name = from.getOrDefault(prefix, DEFAULT_HEADER_CONVERTER);
        Plugin<HeaderConverter> header = create(
                owner,
                PluginType.HEADER_CONVERTER,
                HeaderConverter.class,
                name,
                from.get(prefix + "." + VERSION_SUFFIX),
                preferred);
        return configuredOrDiscarded(header, () -> {
            Map<String, String> config = subset(from, prefix + ".");
            ConfigSpec spec = call(invoker.call(header, Stage.CONFIG_SPEC, budget, HeaderConverter::configSpec));
            ParsedConfig parsed = parse(spec, config, prefix);
            call(invoker.call(header, Stage.CONFIGURE, budget, c -> {
                c.configure(parsed);
                return null;
            }));
        });
    }

    private Plugin<Converter> converter(
            Owner owner,
            String prefix,
            Map<String, String> workerConfig,
            Map<String, String> connectorConfig,
            boolean isKey,
            ClassLoader preferred) {
        Map<String, String> from = connectorConfig.containsKey(prefix) ? connectorConfig : workerConfig;
        String name = from.get(prefix);
        if (name == null || name.isBlank()) {
            throw new ConfigValidationException(java.util.List.of(io.kanal.config.ConfigProblem.missing(prefix)));
        }
        Plugin<Converter> converter = create(
                owner, PluginType.CONVERTER, Converter.class, name, from.get(prefix + "." + VERSION_SUFFIX), preferred);
        return configuredOrDiscarded(converter, () -> {
            ConfigSpec spec = call(invoker.call(converter, Stage.CONFIG_SPEC, budget, Converter::configSpec));
            ParsedConfig parsed = parse(spec, subset(from, prefix + "."), prefix);
            call(invoker.call(converter, Stage.CONFIGURE, budget, c -> {
                c.configure(parsed, isKey);
                return null;
            }));
        });
    }

    /** Runs {@code configure}; when it throws, closes the plugin it was for (nobody else holds it yet). */
    private <P extends AutoCloseable> Plugin<P> configuredOrDiscarded(Plugin<P> plugin, Runnable configure) {
        try {
            configure.run();
            return plugin;
        } catch (RuntimeException e) {
            discard(plugin);
            throw e;
        }
    }

    /**
     * Closes a plugin that was made for a task that will not run. What the close throws is reported by the invoker's
     * outcome and deliberately not rethrown: the caller is already failing with the error that matters.
     */
    void discard(Plugin<? extends AutoCloseable> plugin) {
        CallOutcome<Void> outcome = invoker.call(plugin, Stage.CLOSE, budget, c -> {
            c.close();
            return null;
        });
        if (outcome instanceof CallOutcome.Failed<Void> failed) {
            // Through the redactor: a plugin's exception text can echo the config values it was given.
            StageError error = StageError.of(failed, redactor);
            LOG.warn(
                    "{}: closing an unused {} failed: {}\n{}",
                    plugin.owner(),
                    plugin.pluginClass().getName(),
                    error.summary(),
                    error.trace());
        }
    }

    /**
     * A factory for {@link TransformConfigs#steps}: transforms and predicates from the registry.
     *
     * @param owner the task
     * @param preferred the connector's loader; null for none
     * @param <R> the record type
     * @return the factory
     */
    public <R extends ConnectRecord<R>> TransformConfigs.Plugins<R> transforms(Owner owner, ClassLoader preferred) {
        return new TransformConfigs.Plugins<>() {
            @Override
            public Plugin<Transformation<R>> transformation(
                    String alias, String className, Map<String, String> config) {
                @SuppressWarnings("unchecked") // a Transformation of any record type; ours are checked at run time
                Plugin<Transformation<R>> t = (Plugin<Transformation<R>>) (Plugin<?>) create(
                        owner,
                        PluginType.TRANSFORMATION,
                        Transformation.class,
                        className,
                        config.get(VERSION_SUFFIX),
                        preferred);
                return configuredOrDiscarded(
                        t,
                        () -> configureOne(
                                t, Transformation::configSpec, config, "transforms." + alias, c -> c::configure));
            }

            @Override
            public Plugin<Predicate<R>> predicate(String alias, String className, Map<String, String> config) {
                @SuppressWarnings("unchecked") // as above
                Plugin<Predicate<R>> p = (Plugin<Predicate<R>>) (Plugin<?>) create(
                        owner, PluginType.PREDICATE, Predicate.class, className, config.get(VERSION_SUFFIX), preferred);
                return configuredOrDiscarded(
                        p,
                        () -> configureOne(p, Predicate::configSpec, config, "predicates." + alias, c -> c::configure));
            }

            @Override
            public void discard(Plugin<? extends AutoCloseable> plugin) {
                TaskPlugins.this.discard(plugin);
            }
        };
    }

    /** How a plugin applies a parsed configuration. */
    @FunctionalInterface
    private interface Configure<P> {
        java.util.function.Consumer<ParsedConfig> of(P plugin);
    }

    private <P> void configureOne(
            Plugin<P> plugin,
            PluginFunction<P, ConfigSpec> specOf,
            Map<String, String> config,
            String prefix,
            Configure<P> configure) {
        ConfigSpec spec = call(invoker.call(plugin, Stage.CONFIG_SPEC, budget, specOf));
        Map<String, String> own = new LinkedHashMap<>(config);
        own.remove(VERSION_SUFFIX);
        ParsedConfig parsed = parse(spec, own, prefix);
        call(invoker.call(plugin, Stage.CONFIGURE, budget, p -> {
            configure.of(p).accept(parsed);
            return null;
        }));
    }

    private <P> Plugin<P> create(
            Owner owner, PluginType type, Class<P> api, String name, String version, ClassLoader preferred) {
        PluginDescriptor descriptor = registry.resolve(Set.of(type), name.trim(), version, preferred);
        descriptor.pluginClass().asSubclass(api); // a type mismatch fails here, before any plugin code runs
        return call(PluginInstances.create(invoker, owner, descriptor, api, budget));
    }

    private static ParsedConfig parse(ConfigSpec spec, Map<String, String> config, String prefix) {
        try {
            return (spec == null ? ConfigSpec.builder().build() : spec).parse(config);
        } catch (ConfigValidationException e) {
            // Name the keys as the user wrote them: with the plugin's prefix.
            throw new ConfigValidationException(e.problems().stream()
                    .map(p -> new io.kanal.config.ConfigProblem(prefix + "." + p.key(), p.shownValue(), p.rule()))
                    .toList());
        }
    }

    private <T> T call(CallOutcome<T> outcome) {
        if (outcome instanceof CallOutcome.Completed<T> done) {
            return done.value();
        }
        if (outcome instanceof CallOutcome.Failed<T> failed) {
            throw new TaskFailedException(StageError.of(failed, redactor), failed.error());
        }
        throw new java.util.concurrent.CancellationException(outcome.stage().label() + " did not complete");
    }

    private static Map<String, String> subset(Map<String, String> config, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        config.forEach((k, v) -> {
            if (k.startsWith(prefix) && !k.equals(prefix + VERSION_SUFFIX)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }
}
