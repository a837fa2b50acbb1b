package io.kanal.runtime.isolation;

import io.kanal.config.InvalidConfigValueException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The table of Apache Kafka Connect's built-in converters, header converters, transforms and predicates, and the
 * Kanal class that replaces each, so that existing connector configurations work unedited.
 *
 * <p>A name resolves when it is any of:
 *
 * <ul>
 *   <li>Connect's class name, for example {@code org.apache.kafka.connect.json.JsonConverter} or {@code
 *       org.apache.kafka.connect.transforms.InsertField$Value};
 *   <li>one of Connect's aliases, computed by Connect's rule: the class's simple name and the simple name without
 *       the plugin kind's suffix ({@code JsonConverter}, {@code Json}, {@code SimpleHeaderConverter}, {@code Simple},
 *       {@code RegexRouter}), except names that more than one built-in would claim (so not {@code Key} or {@code
 *       Value}, the simple names of every {@code $Key}/{@code $Value} transform);
 *   <li>Connect's class name without its package, a Kanal addition that makes {@code InsertField$Value} work;
 *   <li>Kanal's own class name, for example {@code io.kanal.runtime.transform.InsertField$Value}.
 * </ul>
 *
 * <p>Surrounding whitespace is ignored, as Connect's class-typed configs trim. Immutable and thread-safe; all state
 * is built once.
 */
public final class BuiltinPlugins {

    private static final String CONNECT_CONVERTERS = "org.apache.kafka.connect.converters.";
    private static final String CONNECT_STORAGE = "org.apache.kafka.connect.storage.";
    private static final String CONNECT_JSON = "org.apache.kafka.connect.json.";
    private static final String CONNECT_TRANSFORMS = "org.apache.kafka.connect.transforms.";
    private static final String CONNECT_PREDICATES = "org.apache.kafka.connect.transforms.predicates.";
    private static final String KANAL_CONVERT = "io.kanal.runtime.convert.";
    private static final String KANAL_TRANSFORM = "io.kanal.runtime.transform.";
    private static final String KANAL_PREDICATE = "io.kanal.runtime.transform.predicate.";

    private static final int MAX_SUGGESTIONS = 5;

    private static final List<BuiltinPlugin> ALL = table();
    private static final Map<String, String> CONNECT_ALIASES = connectAliases(ALL);
    private static final Map<String, BuiltinPlugin> BY_NAME = index(ALL, CONNECT_ALIASES);

    private BuiltinPlugins() {}

    private static List<BuiltinPlugin> table() {
        List<BuiltinPlugin> plugins = new ArrayList<>();
        Set<PluginType> bothConverters = EnumSet.of(PluginType.CONVERTER, PluginType.HEADER_CONVERTER);
        plugins.add(plugin(CONNECT_JSON + "JsonConverter", KANAL_CONVERT + "JsonConverter", bothConverters));
        plugins.add(plugin(CONNECT_STORAGE + "StringConverter", KANAL_CONVERT + "StringConverter", bothConverters));
        plugins.add(plugin(
                CONNECT_STORAGE + "SimpleHeaderConverter",
                KANAL_CONVERT + "SimpleHeaderConverter",
                EnumSet.of(PluginType.HEADER_CONVERTER)));
        for (String simple : List.of(
                "ByteArrayConverter",
                "BooleanConverter",
                "DoubleConverter",
                "FloatConverter",
                "IntegerConverter",
                "LongConverter",
                "ShortConverter")) {
            plugins.add(plugin(CONNECT_CONVERTERS + simple, KANAL_CONVERT + simple, bothConverters));
        }
        Set<PluginType> transformation = EnumSet.of(PluginType.TRANSFORMATION);
        for (String keyed : List.of(
                "Cast",
                "ExtractField",
                "Flatten",
                "HeaderFrom",
                "HoistField",
                "InsertField",
                "MaskField",
                "ReplaceField",
                "SetSchemaMetadata",
                "TimestampConverter")) {
            for (String variant : List.of("$Key", "$Value")) {
                plugins.add(plugin(
                        CONNECT_TRANSFORMS + keyed + variant, KANAL_TRANSFORM + keyed + variant, transformation));
            }
        }
        for (String plain :
                List.of("DropHeaders", "Filter", "InsertHeader", "RegexRouter", "TimestampRouter", "ValueToKey")) {
            plugins.add(plugin(CONNECT_TRANSFORMS + plain, KANAL_TRANSFORM + plain, transformation));
        }
        for (String predicate : List.of("HasHeaderKey", "RecordIsTombstone", "TopicNameMatches")) {
            plugins.add(plugin(
                    CONNECT_PREDICATES + predicate, KANAL_PREDICATE + predicate, EnumSet.of(PluginType.PREDICATE)));
        }
        plugins.sort(Comparator.comparing(BuiltinPlugin::connectClassName));
        return List.copyOf(plugins);
    }

    private static BuiltinPlugin plugin(String connect, String kanal, Set<PluginType> kinds) {
        return new BuiltinPlugin(connect, kanal, kinds);
    }

    /** Connect's rule (its {@code PluginUtils.computeAliases}): simple and pruned names, collisions dropped. */
    private static Map<String, String> connectAliases(List<BuiltinPlugin> plugins) {
        Map<String, Set<String>> claims = new HashMap<>();
        for (BuiltinPlugin plugin : plugins) {
            for (PluginType kind : plugin.kinds()) {
                String simple = plugin.connectSimpleName();
                claims.computeIfAbsent(simple, ignored -> new TreeSet<>()).add(plugin.connectClassName());
                claims.computeIfAbsent(prune(simple, kind.aliasSuffix()), ignored -> new TreeSet<>())
                        .add(plugin.connectClassName());
            }
        }
        Map<String, String> aliases = new TreeMap<>();
        claims.forEach((alias, classes) -> {
            if (classes.size() == 1) {
                aliases.put(alias, classes.iterator().next());
            }
        });
        return Collections.unmodifiableMap(aliases);
    }

    private static String prune(String simpleName, String suffix) {
        int at = simpleName.lastIndexOf(suffix);
        return at > 0 ? simpleName.substring(0, at) : simpleName;
    }

    private static Map<String, BuiltinPlugin> index(List<BuiltinPlugin> plugins, Map<String, String> aliases) {
        Map<String, BuiltinPlugin> byConnectName = new HashMap<>();
        Map<String, BuiltinPlugin> index = new LinkedHashMap<>();
        for (BuiltinPlugin plugin : plugins) {
            byConnectName.put(plugin.connectClassName(), plugin);
            putUnique(index, plugin.connectClassName(), plugin);
            putUnique(index, plugin.kanalClassName(), plugin);
            putUnique(index, plugin.connectBinarySimpleName(), plugin);
        }
        aliases.forEach((alias, connectName) -> putUnique(index, alias, byConnectName.get(connectName)));
        return Collections.unmodifiableMap(index);
    }

    private static void putUnique(Map<String, BuiltinPlugin> index, String name, BuiltinPlugin plugin) {
        BuiltinPlugin previous = index.putIfAbsent(name, plugin);
        if (previous != null && !previous.equals(plugin)) {
            throw new IllegalStateException("built-in name " + name + " is claimed by " + previous + " and " + plugin);
        }
    }

    /**
     * Every built-in, ordered by Connect class name.
     *
     * @return the table
     */
    public static List<BuiltinPlugin> all() {
        return ALL;
    }

    /**
     * Connect's own aliases for the built-ins, as a Connect worker with only the built-ins installed computes them.
     *
     * @return alias to Connect class name, sorted by alias
     */
    public static Map<String, String> connectAliases() {
        return CONNECT_ALIASES;
    }

    /**
     * Looks up a built-in by any accepted name, whatever its kind.
     *
     * @param name a class name or alias; surrounding whitespace is ignored
     * @return the built-in, or empty when the name is not one
     */
    public static Optional<BuiltinPlugin> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(BY_NAME.get(name.trim()));
    }

    /**
     * Looks up a built-in of a kind by any accepted name.
     *
     * @param name a class name or alias; surrounding whitespace is ignored
     * @param kind the kind wanted
     * @return the built-in, or empty when the name is not a built-in of that kind
     */
    public static Optional<BuiltinPlugin> find(String name, PluginType kind) {
        return find(name).filter(plugin -> plugin.is(kind));
    }

    /**
     * The class to load for a configured name: Kanal's class for a built-in, the name itself for any other class
     * name (a plugin's own class, which the plugin loader finds).
     *
     * @param key the configuration key, for the message
     * @param name the configured value
     * @param kind the kind the key expects
     * @return a binary class name
     * @throws InvalidConfigValueException naming the key when the name is a built-in of another kind, or is a short
     *     name that no built-in of the kind has; the message lists close matches
     */
    public static String resolve(String key, String name, PluginType kind) {
        String trimmed = name == null ? "" : name.trim();
        BuiltinPlugin plugin = BY_NAME.get(trimmed);
        if (plugin != null) {
            if (plugin.is(kind)) {
                return plugin.kanalClassName();
            }
            throw new InvalidConfigValueException(
                    key,
                    trimmed,
                    "must name a " + kind.displayName() + ", but " + plugin.connectClassName() + " is a "
                            + plugin.kinds().stream()
                                    .map(PluginType::displayName)
                                    .sorted()
                                    .collect(Collectors.joining(" and "))
                            + suggestions(trimmed, kind));
        }
        if (trimmed.indexOf('.') < 0) {
            throw new InvalidConfigValueException(
                    key,
                    trimmed,
                    "must be a " + kind.displayName() + " class name or alias, and no built-in " + kind.displayName()
                            + " is called that" + suggestions(trimmed, kind));
        }
        return trimmed;
    }

    /**
     * Resolves a configured name and loads the class, checking that it implements the kind's Kanal interface.
     *
     * @param key the configuration key, for the message
     * @param name the configured value
     * @param kind the kind the key expects
     * @param loader where to look for classes that are not built in
     * @return the class, which implements {@link PluginType#pluginInterface()}
     * @throws InvalidConfigValueException naming the key when the name does not resolve, the class is missing, or
     *     it is not a Kanal plugin of the kind
     */
    public static Class<?> load(String key, String name, PluginType kind, ClassLoader loader) {
        String className = resolve(key, name, kind);
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError missing) {
            throw new InvalidConfigValueException(
                    key,
                    name.trim(),
                    "must name a " + kind.displayName() + ", but class " + className + " cannot be loaded (" + missing
                            + ")" + suggestions(name.trim(), kind));
        }
        if (!kind.pluginInterface().isAssignableFrom(type)) {
            throw new InvalidConfigValueException(
                    key,
                    name.trim(),
                    "must name a " + kind.displayName() + ", but " + className + " does not implement "
                            + kind.pluginInterface().getName());
        }
        return type;
    }

    /**
     * The accepted names of the kind's built-ins that look most like a name, for "did you mean" messages.
     *
     * @param name the name that did not resolve
     * @param kind the kind wanted
     * @return at most five names, closest first; class names when {@code name} has a dot, short names otherwise
     */
    public static List<String> closeMatches(String name, PluginType kind) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        boolean qualified = wanted.indexOf('.') >= 0;
        Map<String, Integer> scored = new HashMap<>();
        BY_NAME.forEach((candidate, plugin) -> {
            if (!plugin.is(kind) || (candidate.indexOf('.') >= 0) != qualified) {
                return;
            }
            String lower = candidate.toLowerCase(Locale.ROOT);
            int distance = PluginNames.distance(wanted, lower);
            boolean close = distance <= Math.max(2, wanted.length() / 4);
            boolean related = wanted.length() >= 3 && (lower.contains(wanted) || wanted.contains(lower));
            if (close || related) {
                scored.put(candidate, distance);
            }
        });
        return scored.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .limit(MAX_SUGGESTIONS)
                .map(Map.Entry::getKey)
                .toList();
    }

    private static String suggestions(String name, PluginType kind) {
        List<String> matches = closeMatches(name, kind);
        return matches.isEmpty() ? "" : "; did you mean " + String.join(", ", matches) + "?";
    }
}
