package io.kanal.runtime.api;

import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigProblem;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.ConfigValidationResult;
import io.kanal.config.ConfigValueResult;
import io.kanal.runtime.api.ConfigInfoModel.ConfigInfo;
import io.kanal.runtime.api.ConfigInfoModel.ConfigInfos;
import io.kanal.runtime.api.ConfigInfoModel.ConfigKeyInfo;
import io.kanal.runtime.api.ConfigInfoModel.ConfigValueInfo;
import io.kanal.runtime.herder.HerderView;
import io.kanal.runtime.isolation.PluginDescriptor;
import io.kanal.runtime.isolation.PluginResolutionException;
import io.kanal.runtime.isolation.PluginType;
import io.kanal.runtime.worker.ConnectorValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A plugin's config definition ({@code GET /connector-plugins/{plugin}/config}, KIP-769) and the validation of a
 * connector config ({@code PUT /connector-plugins/{plugin}/config/validate}) in Connect's {@code ConfigInfos} shape:
 * the framework's own keys in their groups ({@link FrameworkConfig}), then the connector's.
 *
 * <p><b>Threading.</b> Stateless apart from its final fields; safe from any thread. A call blocks its caller at most
 * for the timeout while the plugin answers.
 */
public final class PluginConfigService {

    /** The kinds {@code GET /connector-plugins/{plugin}/config} describes: every listed kind. */
    private static final Set<PluginType> DESCRIBED = EnumSet.complementOf(EnumSet.of(PluginType.CONFIGPROVIDER));

    private final WorkerApi worker;
    private final Duration timeout;
    private final ConfigRedaction redaction;

    /**
     * Creates the service.
     *
     * @param worker the worker whose plugins it describes
     * @param timeout how long a call waits for a plugin
     */
    public PluginConfigService(WorkerApi worker, Duration timeout) {
        this.worker = Objects.requireNonNull(worker, "worker");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.redaction = new ConfigRedaction(worker, timeout);
    }

    /**
     * The keys a plugin declares, without the framework's (as Connect lists them).
     *
     * @param pluginName the plugin's class name or alias
     * @return one definition per key, in the plugin's order
     * @throws ApiException 404 when no such plugin is installed, 500 when it cannot say
     * @throws InterruptedException when interrupted
     */
    public List<ConfigKeyInfo> config(String pluginName) throws InterruptedException {
        PluginDescriptor plugin;
        try {
            plugin = worker.registry().resolve(DESCRIBED, pluginName, null);
        } catch (PluginResolutionException e) {
            throw new ApiException(ApiException.NOT_FOUND, "Unknown plugin " + pluginName + ".");
        }
        return spec(plugin).keys().stream().map(k -> keyInfo(k, null, null)).toList();
    }

    /**
     * Validates a connector config: the framework's keys for the connector's type, then the connector's own {@code
     * validate}. Nothing is stored.
     *
     * @param pluginName the plugin named in the path; must match {@code connector.class} as Connect checks it
     * @param config the config to validate (provider references may stay unresolved; {@link ConfigRedaction#MARKER}
     *     for a password of the connector {@code name} names stands for its stored value)
     * @return Connect's {@code ConfigInfos}
     * @throws ApiException 400 for a missing or mismatched {@code connector.class} or for {@link ConfigRedaction#MARKER}
     *     sent for a stored key of the named connector while its plugin changes, 404 when it is not installed, 500 when
     *     the connector fails to validate
     * @throws InterruptedException when interrupted
     */
    public ConfigInfos validate(String pluginName, Map<String, String> config) throws InterruptedException {
        if (config == null) {
            throw new ApiException(ApiException.BAD_REQUEST, "Connector config must not be null");
        }
        for (Map.Entry<String, String> e : config.entrySet()) {
            if (e.getValue() == null) {
                throw new ApiException(
                        ApiException.BAD_REQUEST,
                        "Connector config value of \"" + e.getKey() + "\" must be a string, not null");
            }
        }
        String className = config.get("connector.class");
        if (className != null && !normalized(className).endsWith(normalized(pluginName))) {
            throw new ApiException(
                    ApiException.BAD_REQUEST,
                    "Included connector type " + className + " does not match request type " + pluginName);
        }
        if (className == null) {
            // Connect prints the whole config here; Kanal prints key names only, since values may be secrets.
            throw new ApiException(
                    ApiException.BAD_REQUEST,
                    "Connector config {keys " + new TreeSet<>(config.keySet()) + "} contains no connector type");
        }
        PluginDescriptor plugin;
        try {
            plugin = worker.registry().resolveConnector(className, config.get("connector.plugin.version"));
        } catch (PluginResolutionException e) {
            throw new ApiException(ApiException.NOT_FOUND, e.getMessage());
        }
        ConfigSpec own = spec(plugin);
        config = restoreHidden(config);
        ConnectorValidator.Outcome outcome = worker.validate(config.getOrDefault("name", ""), config, timeout);
        if (outcome.timedOut().isPresent()) {
            // The same answer as a PUT whose validation timed out (Connect's, naming the stage the worker is in).
            throw RequestTimeouts.timedOut(
                    outcome.timedOut().get().description(),
                    outcome.timedOut().get().began());
        }
        if (outcome.result().isEmpty()) {
            throw new ApiException(
                    ApiException.INTERNAL,
                    "The connector could not validate the config: "
                            + outcome.failure().orElse("no result"));
        }
        List<FrameworkConfig.Key> framework = FrameworkConfig.keys(plugin.type());
        ConfigValidationResult frameworkResult =
                FrameworkConfig.spec(plugin.type()).validate(config);
        Map<String, List<String>> extraErrors = crossChecks(plugin.type(), config);
        outcome.frameworkErrors()
                .forEach((key, problems) -> extraErrors.merge(key, problems, (a, b) -> {
                    List<String> both = new ArrayList<>(a);
                    both.addAll(b);
                    return both;
                }));

        ConfigValidationResult ownResult = outcome.result().get();
        Set<String> ownKeys = new HashSet<>();
        own.keys().forEach(k -> ownKeys.add(k.name()));
        Map<String, ConfigInfo> entries = new LinkedHashMap<>();
        for (FrameworkConfig.Key key : framework) {
            String name = key.key().name();
            ConfigValueResult value = frameworkResult.value(name).orElseThrow();
            List<String> more = new ArrayList<>(extraErrors.getOrDefault(name, List.of()));
            if (!ownKeys.contains(name)) {
                // A connector's validate() may report on a framework key it does not define (MirrorMaker's source
                // connector on exactly.once.support): shown on that key, as Connect shows it, not dropped.
                ownResult.value(name).ifPresent(v -> v.problems().forEach(p -> more.add(p.message())));
            }
            entries.put(
                    name,
                    new ConfigInfo(
                            keyInfo(key.key(), key.width(), key.displayName()),
                            valueInfo(value, key.key(), config, more)));
        }
        Set<String> groups = new LinkedHashSet<>(FrameworkConfig.groups(plugin.type()));
        for (ConfigKey<?> key : own.keys()) {
            if (!key.group().isEmpty()) {
                groups.add(key.group());
            }
            ConfigValueResult value = ownResult
                    .value(key.name())
                    .orElse(new ConfigValueResult(key.name(), java.util.Optional.empty(), List.of(), List.of(), true));
            // A connector that redefines a framework key replaces its entry, as Connect's definitions do.
            entries.remove(key.name());
            entries.put(key.name(), new ConfigInfo(keyInfo(key, null, null), valueInfo(value, key, config, List.of())));
        }
        int errors = entries.values().stream()
                .mapToInt(e -> e.value().errors().size())
                .sum();
        return new ConfigInfos(className, errors, List.copyOf(groups), List.copyOf(entries.values()));
    }

    /**
     * A read-modify-write UI validates the config it read, with {@link ConfigRedaction#MARKER} for the passwords: when
     * {@code name} names an existing connector, those get the stored values back, by the rules of a {@code PUT} (same
     * plugin only, else 400).
     */
    private Map<String, String> restoreHidden(Map<String, String> config) {
        String name = config.get("name");
        if (name == null || !config.containsValue(ConfigRedaction.MARKER)) {
            return config;
        }
        Map<String, String> stored = worker.view()
                .connector(name)
                .map(HerderView.ConnectorView::config)
                .orElse(Map.of());
        return redaction.restore(config, stored);
    }

    private ConfigSpec spec(PluginDescriptor plugin) throws InterruptedException {
        try {
            return worker.configSpec(plugin, timeout);
        } catch (IllegalStateException e) {
            throw new ApiException(
                    ApiException.INTERNAL,
                    "Could not read the config spec of " + plugin.className() + ": " + e.getMessage());
        }
    }

    /** Connect's rules across sink keys: exactly one of {@code topics} and {@code topics.regex}. */
    private static Map<String, List<String>> crossChecks(PluginType type, Map<String, String> config) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        if (type != PluginType.SINK) {
            return errors;
        }
        boolean topics = !config.getOrDefault("topics", "").isBlank();
        boolean regex = !config.getOrDefault("topics.regex", "").isBlank();
        String problem = null;
        if (topics && regex) {
            problem = "topics and topics.regex are mutually exclusive options, but both are set.";
        } else if (!topics && !regex) {
            problem = "Must configure one of topics or topics.regex";
        }
        if (problem != null) {
            errors.put("topics", List.of(problem));
            errors.put("topics.regex", List.of(problem));
        }
        return errors;
    }

    private static ConfigKeyInfo keyInfo(ConfigKey<?> key, String width, String displayName) {
        boolean grouped = !key.group().isEmpty();
        return new ConfigKeyInfo(
                key.name(),
                typeName(key.type()),
                key.required(),
                key.required() ? null : key.formattedDefault().orElse(null),
                key.importance().name(),
                key.documentation(),
                grouped ? key.group() : null,
                // Connect's order of a key defined without one is -1.
                grouped ? key.orderInGroup() : -1,
                width == null ? "NONE" : width,
                displayName == null ? key.name() : displayName,
                key.dependents());
    }

    private static ConfigValueInfo valueInfo(
            ConfigValueResult value, ConfigKey<?> key, Map<String, String> raw, List<String> moreErrors) {
        String shown = value.shownValue().orElse(null);
        String written = raw.get(key.name());
        if (written != null && written.contains("${") && !key.type().isSecret()) {
            // The connector validated the resolved value; show the reference the user wrote, never what it resolves to.
            shown = written;
        }
        List<String> errors = new ArrayList<>(
                value.problems().stream().map(ConfigProblem::message).toList());
        errors.addAll(moreErrors);
        return new ConfigValueInfo(key.name(), shown, value.recommendedValues(), errors, value.visible());
    }

    /** Connect's type names; Kanal's durations are milliseconds, Connect's {@code LONG}. */
    private static String typeName(ConfigType<?> type) {
        return type == ConfigType.DURATION ? "LONG" : type.name().toUpperCase(Locale.ROOT);
    }

    /** Connect compares plugin names without a trailing {@code Connector}. */
    private static String normalized(String pluginName) {
        return pluginName.endsWith("Connector")
                ? pluginName.substring(0, pluginName.length() - "Connector".length())
                : pluginName;
    }
}
