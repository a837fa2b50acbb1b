package io.kanal.runtime.api;

import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.Validators;
import io.kanal.runtime.isolation.PluginType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The connector keys the framework itself defines, as Connect's {@code ConnectorConfig}, {@code SinkConnectorConfig}
 * and {@code SourceConnectorConfig} list them in {@code config/validate}: same names, types, defaults, groups, order,
 * widths and display names (the documentation is Kanal's own wording). Kanal's {@link ConfigKey} has no width or
 * display name, so each key carries them here.
 *
 * <p>Immutable constants; safe from any thread.
 */
public final class FrameworkConfig {

    /**
     * One framework key with the layout hints Connect's {@code ConfigKeyInfo} shows.
     *
     * @param key the definition
     * @param width Connect's {@code Width}: {@code NONE}, {@code SHORT}, {@code MEDIUM} or {@code LONG}
     * @param displayName the label a UI shows
     */
    public record Key(ConfigKey<?> key, String width, String displayName) {}

    private static final String COMMON = "Common";
    private static final String TRANSFORMS = "Transforms";
    private static final String PREDICATES = "Predicates";
    private static final String ERRORS = "Error Handling";
    private static final String TOPIC_CREATION = "Topic Creation";
    private static final String EXACTLY_ONCE = "Exactly Once Support";
    private static final String OFFSETS_TOPIC = "offsets.topic";

    /** Connect's converter documentation is long; Kanal's says what matters. */
    private static final String CONVERTER_DOC =
            "Converter class between Connect's data and the bytes in Kafka, for this connector; the worker's when unset.";

    private static final List<Key> COMMON_KEYS = List.of(
            key(
                    ConfigKey.builder("name", ConfigType.STRING)
                            .required()
                            .validator(Validators.satisfies(
                                    (String s) -> !s.isEmpty() && s.chars().noneMatch(Character::isISOControl),
                                    "non-empty string without ISO control characters"))
                            .importance(Importance.HIGH)
                            .documentation("The connector's name, unique in the cluster.")
                            .group(COMMON, 1),
                    "MEDIUM",
                    "Connector name"),
            key(
                    ConfigKey.builder("connector.class", ConfigType.STRING)
                            .required()
                            .importance(Importance.HIGH)
                            .documentation("The connector's class name or alias (for example FileStreamSource).")
                            .group(COMMON, 2),
                    "LONG",
                    "Connector class"),
            key(
                    optionalString("connector.plugin.version", Importance.MEDIUM, "The connector's version.", 3),
                    "MEDIUM",
                    "Connector version"),
            key(
                    ConfigKey.builder("tasks.max", ConfigType.INT)
                            .defaultValue(1)
                            .validator(Validators.atLeast(1))
                            .importance(Importance.HIGH)
                            .documentation("The most tasks this connector may run.")
                            .group(COMMON, 4),
                    "SHORT",
                    "Tasks max"),
            key(
                    ConfigKey.builder("tasks.max.enforce", ConfigType.BOOLEAN)
                            .defaultValue(true)
                            .importance(Importance.LOW)
                            .documentation("(Deprecated) Whether a connector that returns more task configs than"
                                    + " tasks.max fails.")
                            .group(COMMON, 5),
                    "SHORT",
                    "Enforce tasks max"),
            key(optionalClass("key.converter", CONVERTER_DOC, 6), "SHORT", "Key converter class"),
            key(
                    optionalString("key.converter.plugin.version", Importance.LOW, "The key converter's version.", 7),
                    "SHORT",
                    "Key converter version"),
            key(optionalClass("value.converter", CONVERTER_DOC, 8), "SHORT", "Value converter class"),
            key(
                    optionalString(
                            "value.converter.plugin.version", Importance.LOW, "The value converter's version.", 9),
                    "SHORT",
                    "Value converter version"),
            key(
                    optionalClass(
                            "header.converter",
                            "HeaderConverter class for this connector's record headers; the worker's when unset.",
                            10),
                    "SHORT",
                    "Header converter class"),
            key(
                    optionalString(
                            "header.converter.plugin.version", Importance.LOW, "The header converter's version.", 11),
                    "SHORT",
                    "Header converter version"),
            key(
                    ConfigKey.builder("transforms", ConfigType.LIST)
                            .defaultValue(List.of())
                            .importance(Importance.LOW)
                            .documentation("Aliases of the transformations applied to records, in order.")
                            .group(TRANSFORMS, 12),
                    "LONG",
                    "Transforms"),
            key(
                    ConfigKey.builder("predicates", ConfigType.LIST)
                            .defaultValue(List.of())
                            .importance(Importance.LOW)
                            .documentation("Aliases of the predicates that transformations use.")
                            .group(PREDICATES, 13),
                    "LONG",
                    "Predicates"),
            key(
                    ConfigKey.builder("config.action.reload", ConfigType.STRING)
                            .defaultValue("restart")
                            .validator(Validators.oneOf("none", "restart"))
                            .importance(Importance.LOW)
                            .documentation("What to do when a config provider's values change: restart the"
                                    + " connector, or nothing.")
                            .group(COMMON, 14),
                    "MEDIUM",
                    "Reload Action"),
            key(
                    ConfigKey.builder("errors.retry.timeout", ConfigType.LONG)
                            .defaultValue(0L)
                            .importance(Importance.MEDIUM)
                            .documentation("How long in milliseconds a failed operation is retried; 0 for no retry,"
                                    + " -1 for no limit.")
                            .group(ERRORS, 1),
                    "MEDIUM",
                    "Retry Timeout for Errors"),
            key(
                    ConfigKey.builder("errors.retry.delay.max.ms", ConfigType.LONG)
                            .defaultValue(60_000L)
                            .importance(Importance.MEDIUM)
                            .documentation("The longest wait in milliseconds between two retries.")
                            .group(ERRORS, 2),
                    "MEDIUM",
                    "Maximum Delay Between Retries for Errors"),
            key(
                    ConfigKey.builder("errors.tolerance", ConfigType.STRING)
                            .defaultValue("none")
                            .validator(Validators.oneOf("none", "all"))
                            .importance(Importance.MEDIUM)
                            .documentation("none: an error fails the task; all: problematic records are skipped.")
                            .group(ERRORS, 3),
                    "SHORT",
                    "Error Tolerance"),
            key(
                    ConfigKey.builder("errors.log.enable", ConfigType.BOOLEAN)
                            .defaultValue(false)
                            .importance(Importance.MEDIUM)
                            .documentation("Whether each tolerated error is logged.")
                            .group(ERRORS, 4),
                    "SHORT",
                    "Log Errors"),
            key(
                    ConfigKey.builder("errors.log.include.messages", ConfigType.BOOLEAN)
                            .defaultValue(false)
                            .importance(Importance.MEDIUM)
                            .documentation("Whether a logged error includes the record it concerns.")
                            .group(ERRORS, 5),
                    "SHORT",
                    "Log Error Details"));

    private static final List<Key> SINK_KEYS = List.of(
            key(
                    ConfigKey.builder("topics", ConfigType.LIST)
                            .defaultValue(List.of())
                            .importance(Importance.HIGH)
                            .documentation("The topics to consume, comma-separated.")
                            .group(COMMON, 4),
                    "LONG",
                    "Topics"),
            key(
                    ConfigKey.builder("topics.regex", ConfigType.STRING)
                            .defaultValue("")
                            .validator(Validators.satisfies(FrameworkConfig::isRegex, "valid regex"))
                            .importance(Importance.HIGH)
                            .documentation("A java.util.regex.Pattern of the topics to consume; only one of topics"
                                    + " and topics.regex may be set.")
                            .group(COMMON, 4),
                    "LONG",
                    "Topics regex"),
            key(
                    ConfigKey.builder("errors.deadletterqueue.topic.name", ConfigType.STRING)
                            .defaultValue("")
                            .importance(Importance.MEDIUM)
                            .documentation("The dead letter queue topic for records that fail; none when blank.")
                            .group(ERRORS, 6),
                    "MEDIUM",
                    "Dead Letter Queue Topic Name"),
            key(
                    ConfigKey.builder("errors.deadletterqueue.topic.replication.factor", ConfigType.SHORT)
                            .defaultValue((short) 3)
                            .importance(Importance.MEDIUM)
                            .documentation(
                                    "The replication factor of the dead letter queue topic when it is" + " created.")
                            .group(ERRORS, 7),
                    "MEDIUM",
                    "Dead Letter Queue Topic Replication Factor"),
            key(
                    ConfigKey.builder("errors.deadletterqueue.context.headers.enable", ConfigType.BOOLEAN)
                            .defaultValue(false)
                            .importance(Importance.MEDIUM)
                            .documentation("Whether dead letter queue records carry __connect.errors.* headers"
                                    + " describing the error.")
                            .group(ERRORS, 8),
                    "MEDIUM",
                    "Enable Error Context Headers"));

    private static final List<Key> SOURCE_KEYS = List.of(
            key(
                    ConfigKey.builder("topic.creation.groups", ConfigType.LIST)
                            .defaultValue(List.of())
                            .importance(Importance.LOW)
                            .documentation("Groups of settings for the topics this connector creates.")
                            .group(TOPIC_CREATION, 1),
                    "LONG",
                    "Topic Creation Groups"),
            key(
                    ConfigKey.builder("exactly.once.support", ConfigType.STRING)
                            .defaultValue("requested")
                            .validator(Validators.oneOfIgnoringCase("required", "requested"))
                            .importance(Importance.MEDIUM)
                            .documentation("requested or required; required makes the worker check that the"
                                    + " connector can deliver exactly once.")
                            .group(EXACTLY_ONCE, 2),
                    "SHORT",
                    "Exactly once support"),
            key(
                    ConfigKey.builder("transaction.boundary", ConfigType.STRING)
                            .defaultValue("poll")
                            .validator(Validators.oneOfIgnoringCase("interval", "poll", "connector"))
                            .importance(Importance.MEDIUM)
                            .documentation("Where producer transactions end: each poll, an interval, or where the"
                                    + " connector says.")
                            .group(EXACTLY_ONCE, 3),
                    "SHORT",
                    "Transaction Boundary"),
            key(
                    ConfigKey.builder("transaction.boundary.interval.ms", ConfigType.LONG)
                            .validator(Validators.atLeast(0L))
                            .importance(Importance.LOW)
                            .documentation("The transaction interval when transaction.boundary is interval; the"
                                    + " worker's offset.flush.interval.ms when unset.")
                            .group(EXACTLY_ONCE, 4),
                    "SHORT",
                    "Transaction boundary interval"),
            key(
                    ConfigKey.builder("offsets.storage.topic", ConfigType.STRING)
                            .validator(Validators.nonEmptyString())
                            .importance(Importance.LOW)
                            .documentation("A topic of this connector's own for its offsets; the worker's when unset.")
                            .group(OFFSETS_TOPIC, 1),
                    "LONG",
                    "Offsets topic"));

    private FrameworkConfig() {}

    /**
     * The framework's keys for a connector type, in Connect's order: the common ones, then the sink's or the source's.
     *
     * @param type {@link PluginType#SOURCE} or {@link PluginType#SINK}
     * @return the keys
     */
    public static List<Key> keys(PluginType type) {
        List<Key> keys = new ArrayList<>(COMMON_KEYS);
        if (type == PluginType.SINK) {
            keys.addAll(SINK_KEYS);
        } else if (type == PluginType.SOURCE) {
            keys.addAll(SOURCE_KEYS);
        }
        return List.copyOf(keys);
    }

    /**
     * The framework's groups for a connector type, in the order Connect lists them.
     *
     * @param type {@link PluginType#SOURCE} or {@link PluginType#SINK}
     * @return the group names
     */
    public static List<String> groups(PluginType type) {
        Set<String> groups = new LinkedHashSet<>(List.of(COMMON, TRANSFORMS, PREDICATES, ERRORS));
        if (type == PluginType.SOURCE) {
            groups.addAll(List.of(TOPIC_CREATION, EXACTLY_ONCE, OFFSETS_TOPIC));
        }
        return List.copyOf(groups);
    }

    /**
     * The framework's keys for a connector type as one spec, to validate a config against.
     *
     * @param type {@link PluginType#SOURCE} or {@link PluginType#SINK}
     * @return the spec
     */
    public static ConfigSpec spec(PluginType type) {
        ConfigSpec.Builder spec = ConfigSpec.builder();
        keys(type).forEach(k -> spec.define(k.key()));
        return spec.build();
    }

    private static Key key(ConfigKey.Builder<?> builder, String width, String displayName) {
        return new Key(builder.build(), width, displayName);
    }

    private static ConfigKey.Builder<String> optionalString(String name, Importance importance, String doc, int order) {
        return ConfigKey.builder(name, ConfigType.STRING)
                .importance(importance)
                .documentation(doc)
                .group(COMMON, order);
    }

    private static ConfigKey.Builder<io.kanal.config.ClassName> optionalClass(String name, String doc, int order) {
        return ConfigKey.builder(name, ConfigType.CLASS)
                .importance(Importance.LOW)
                .documentation(doc)
                .group(COMMON, order);
    }

    private static boolean isRegex(String value) {
        try {
            java.util.regex.Pattern.compile(value);
            return true;
        } catch (java.util.regex.PatternSyntaxException e) {
            return false;
        }
    }
}
