package io.kanal.runtime.isolation;

import java.io.IOException;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every plugin the worker can run: the runtime's built-ins and the plugins found on {@code plugin.path}, each in its
 * own {@link PluginClassLoader}, with versions (KIP-891: several versions of one plugin can be installed side by side,
 * and a config picks one with {@code connector.plugin.version} and its friends) and aliases. Plugins that failed to
 * load are kept as {@link #failures()}; every other plugin is still available.
 *
 * <p>A config names a plugin by, in this order of precedence: its class name; an extra name, given by the built-ins
 * (Connect's class name for Kanal's own {@code JsonConverter}, say) or by a plugin location in its {@code
 * META-INF/kanal/connect-names.properties} ({@link PluginExtraNames}: Connect's {@code
 * org.apache.kafka.connect.file.FileStreamSourceConnector} for Kanal's file source); or an alias ({@link
 * PluginNames}). An extra name given to two different classes is ambiguous and refused, like an alias. {@link #resolve} then
 * picks a version: with no version requested, the newest (preferring the loader of the connector that asks, as Connect
 * does for a connector's converters); otherwise the newest that the requested range accepts. Equal versions in two
 * places go to the one found first: built-ins, then {@code plugin.path} order.
 *
 * <p>Built once on the worker's start thread by {@link #load} (each location scanned on a short-lived thread of its
 * own, under a deadline), then immutable: any thread may read it. {@link #close()}
 * closes the plugin loaders when the worker stops.
 */
public final class PluginRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginRegistry.class);
    private static final int SUGGESTIONS = 3;

    /** How long the discovery of one plugin location may take before it is abandoned. */
    public static final Duration DEFAULT_LOCATION_BUDGET = Duration.ofSeconds(30);

    /**
     * The runtime's own plugins: one more source of plugins, loaded by the runtime's loader (the parent of the plugin
     * loaders). A class that cannot be loaded is a {@link PluginLoadFailure} like any other.
     *
     * @param classNames built-in plugin classes; each is registered under every plugin type it implements
     * @param extraNames further names for built-ins, name → built-in class name (Connect's class names of the
     *     converters and transforms that Kanal ships its own versions of)
     * @param version the runtime's version: the version of a built-in that is not {@code Versioned} (Connect lists
     *     its own transforms with its own version); null for {@link PluginVersion#UNDEFINED}
     */
    public record Builtins(List<String> classNames, Map<String, String> extraNames, String version) {

        /** No built-ins. */
        public static final Builtins NONE = new Builtins(List.of(), Map.of(), null);

        /** Copies both. */
        public Builtins {
            classNames = List.copyOf(classNames);
            extraNames = Map.copyOf(extraNames);
        }

        /**
         * Kanal's own converters, transforms and predicates ({@link BuiltinPlugins}), also under Connect's class names
         * and under Connect's nested names such as {@code InsertField$Value}. Connect's short aliases ({@code Json},
         * {@code RegexRouter}) are not extra names: the registry computes them by Connect's rule over every plugin,
         * so that a plugin claiming the same alias makes it ambiguous, as in Connect.
         *
         * @param runtimeVersion the runtime's version, for the built-ins that are not {@code Versioned}
         * @return the built-ins
         */
        public static Builtins kanal(String runtimeVersion) {
            List<String> classNames = BuiltinPlugins.all().stream()
                    .map(BuiltinPlugin::kanalClassName)
                    .distinct()
                    .toList();
            Map<String, String> extraNames = new HashMap<>();
            for (BuiltinPlugin plugin : BuiltinPlugins.all()) {
                extraNames.put(plugin.connectClassName(), plugin.kanalClassName());
                if (plugin.connectBinarySimpleName().indexOf('$') >= 0) {
                    extraNames.put(plugin.connectBinarySimpleName(), plugin.kanalClassName());
                }
            }
            return new Builtins(classNames, extraNames, runtimeVersion);
        }
    }

    private final List<PluginDescriptor> plugins;
    private final List<PluginLoadFailure> failures;
    private final List<URLClassLoader> loaders;
    private final Map<String, List<PluginDescriptor>> byClassName;
    private final PluginNames names;

    /**
     * @param extraNameClaims each extra name with the class names it is given to, by the built-ins and by plugin
     *     locations; a claim for a class that did not load is dropped
     */
    private PluginRegistry(
            List<PluginDescriptor> plugins,
            List<PluginLoadFailure> failures,
            List<URLClassLoader> loaders,
            Map<String, Set<String>> extraNameClaims) {
        this.plugins = List.copyOf(plugins);
        this.failures = List.copyOf(failures);
        this.loaders = List.copyOf(loaders);
        Map<String, List<PluginDescriptor>> grouped = new LinkedHashMap<>();
        for (PluginDescriptor plugin : plugins) {
            grouped.computeIfAbsent(plugin.className(), c -> new ArrayList<>()).add(plugin);
        }
        grouped.replaceAll((className, list) -> List.copyOf(list));
        this.byClassName = Map.copyOf(grouped);
        Map<String, Set<String>> loaded = new HashMap<>();
        extraNameClaims.forEach((name, classNames) -> {
            Set<String> present = new TreeSet<>(classNames);
            present.retainAll(byClassName.keySet());
            if (!present.isEmpty()) {
                loaded.put(name, present);
            }
        });
        this.names = new PluginNames(plugins, loaded);
    }

    /**
     * Loads the built-ins and every plugin location of the path, with the runtime's loader as parent, {@link
     * IsolationRule#forThisJvm()} and {@link #DEFAULT_LOCATION_BUDGET}.
     *
     * @param path the parsed {@code plugin.path}
     * @param builtins the runtime's own plugins
     * @return the registry
     */
    public static PluginRegistry load(PluginPath path, Builtins builtins) {
        return load(
                path,
                builtins,
                PluginRegistry.class.getClassLoader(),
                IsolationRule.forThisJvm(),
                DEFAULT_LOCATION_BUDGET);
    }

    /**
     * Loads the built-ins, then every plugin location of the path, one location at a time. Each location is scanned
     * on its own short-lived thread, {@code kanal-plugin-scan}, because discovery runs plugin code (static
     * initializers, constructors, {@code version()}): a location that does not finish within {@code locationBudget}
     * is abandoned (its thread is interrupted and left behind) and reported as a {@link PluginLoadFailure.Stage#DEADLINE}
     * failure whose cause carries the stuck thread's stack, and the worker starts without it.
     *
     * <p>If the calling thread is interrupted, the remaining locations fail at once and the interrupt flag stays set.
     *
     * @param path the parsed {@code plugin.path}
     * @param builtins the runtime's own plugins
     * @param parent the parent of every plugin loader, which also loads the built-ins
     * @param rule the isolation rule of the plugin loaders
     * @param locationBudget how long the discovery of one location may take
     * @return the registry
     */
    public static PluginRegistry load(
            PluginPath path, Builtins builtins, ClassLoader parent, IsolationRule rule, Duration locationBudget) {
        return load(path, builtins, ForeignPlugins.NONE, parent, rule, locationBudget);
    }

    /**
     * Loads the built-ins and every plugin location of the path, with the runtime's loader as parent, {@link
     * IsolationRule#forThisJvm()} and {@link #DEFAULT_LOCATION_BUDGET}; the locations that {@code foreign} claims are
     * loaded through it (Apache Kafka Connect plugins through the Connect bridge).
     *
     * @param path the parsed {@code plugin.path}
     * @param builtins the runtime's own plugins
     * @param foreign the foreign plugin sources
     * @return the registry
     */
    public static PluginRegistry load(PluginPath path, Builtins builtins, ForeignPlugins foreign) {
        return load(
                path,
                builtins,
                foreign,
                PluginRegistry.class.getClassLoader(),
                IsolationRule.forThisJvm(),
                DEFAULT_LOCATION_BUDGET);
    }

    /**
     * As {@link #load(PluginPath, Builtins, ClassLoader, IsolationRule, Duration)}, with the locations that {@code
     * foreign} claims discovered through it, under the same budget, each in the loader it gives.
     *
     * @param path the parsed {@code plugin.path}
     * @param builtins the runtime's own plugins
     * @param foreign the foreign plugin sources
     * @param parent the parent of every Kanal plugin loader, which also loads the built-ins
     * @param rule the isolation rule of the Kanal plugin loaders
     * @param locationBudget how long the discovery of one location may take
     * @return the registry
     */
    public static PluginRegistry load(
            PluginPath path,
            Builtins builtins,
            ForeignPlugins foreign,
            ClassLoader parent,
            IsolationRule rule,
            Duration locationBudget) {
        long start = System.nanoTime();
        PluginScanner builtinScanner = new PluginScanner();
        builtinScanner.scanBuiltins(builtins.classNames(), builtins.version(), parent);
        List<PluginDescriptor> plugins = new ArrayList<>(builtinScanner.plugins());
        List<PluginLoadFailure> failures = new ArrayList<>(path.problems());
        failures.addAll(builtinScanner.failures());
        List<URLClassLoader> loaders = new ArrayList<>();
        Map<String, Set<String>> extraNames = new HashMap<>();
        builtins.extraNames().forEach((name, className) -> claim(extraNames, name, className));
        for (PluginLocation location : path.locations()) {
            ForeignLocation claimed = foreign.claim(location);
            if (claimed != null) {
                loadForeign(location, claimed, locationBudget, plugins, failures, loaders);
                continue;
            }
            PluginClassLoader loader = new PluginClassLoader(location.path(), location.urls(), parent, rule);
            loaders.add(loader);
            PluginScanner scanner = new PluginScanner();
            Throwable abandoned = scanWithin(
                    () -> scanner.scanLocation(loader), loader.location().toString(), locationBudget);
            if (abandoned == null) {
                plugins.addAll(scanner.plugins());
                failures.addAll(scanner.failures());
                scanner.extraNames().forEach((name, className) -> claim(extraNames, name, className));
            } else {
                failures.add(new PluginLoadFailure(
                        location.path(), PluginLoadFailure.Stage.DEADLINE, null, null, abandoned));
            }
        }
        for (PluginLoadFailure failure : failures) {
            LOG.warn("Plugin not loaded: {}", failure.describe(), failure.cause());
        }
        PluginRegistry registry = new PluginRegistry(plugins, failures, loaders, extraNames);
        LOG.info(
                "Loaded {} plugins ({} built-in) from {} locations in {} ms; {} failed",
                registry.plugins.size(),
                registry.plugins.stream().filter(PluginDescriptor::builtin).count(),
                loaders.size(),
                (System.nanoTime() - start) / 1_000_000,
                failures.size());
        return registry;
    }

    private static void claim(Map<String, Set<String>> claims, String name, String className) {
        claims.computeIfAbsent(name, n -> new TreeSet<>()).add(className);
    }

    /** Discovers a foreign location (or records why it cannot be loaded) under the same budget as a Kanal one. */
    private static void loadForeign(
            PluginLocation location,
            ForeignLocation claimed,
            Duration budget,
            List<PluginDescriptor> plugins,
            List<PluginLoadFailure> failures,
            List<URLClassLoader> loaders) {
        if (claimed.refusal() != null) {
            failures.add(claimed.refusal());
            return;
        }
        loaders.add(claimed.loader());
        ForeignScanner scanner = new ForeignScanner(location.path(), claimed);
        Throwable abandoned = scanWithin(scanner::scan, location.path().toString(), budget);
        if (abandoned == null) {
            plugins.addAll(scanner.plugins());
            failures.addAll(scanner.failures());
        } else {
            failures.add(
                    new PluginLoadFailure(location.path(), PluginLoadFailure.Stage.DEADLINE, null, null, abandoned));
        }
    }

    /**
     * Scans one location on its own thread; null when it finished in time (its results are then safe to read:
     * {@link Thread#join} orders them before us), else why it was abandoned. An abandoned scanner is never read again.
     */
    private static Throwable scanWithin(Runnable scan, String location, Duration budget) {
        Thread thread = new Thread(scan, "kanal-plugin-scan-" + location);
        thread.setDaemon(true);
        thread.start();
        try {
            thread.join(Math.max(1, budget.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.interrupt();
            return e;
        }
        if (!thread.isAlive()) {
            return null;
        }
        TimeoutException stuck = new TimeoutException(
                "plugin discovery did not finish within " + budget.toMillis() + " ms; the stack is where it was stuck");
        stuck.setStackTrace(thread.getStackTrace());
        thread.interrupt(); // best effort: a plugin blocked interruptibly may still finish and let its thread end
        return stuck;
    }

    /**
     * @return every loaded plugin: built-ins first, then by location in {@code plugin.path} order
     */
    public List<PluginDescriptor> plugins() {
        return plugins;
    }

    /**
     * @param type a plugin type
     * @return the loaded plugins of that type, sorted by class name and then version
     */
    public List<PluginDescriptor> plugins(PluginType type) {
        return plugins.stream()
                .filter(p -> p.type() == type)
                .sorted(Comparator.comparing(PluginDescriptor::className).thenComparing(PluginDescriptor::version))
                .toList();
    }

    /**
     * What could not be loaded, with where and why, for the REST layer and the logs.
     *
     * @return the failures: unreadable {@code plugin.path} entries first, then plugins in discovery order
     */
    public List<PluginLoadFailure> failures() {
        return failures;
    }

    /**
     * The foreign class name a plugin stands in for (Connect's {@code org.apache.kafka.connect.file.FileStreamSourceConnector}
     * for Kanal's file source), from the built-ins' and the plugin locations' extra names.
     *
     * @param pluginClassName the plugin's class name
     * @return the foreign name, when exactly one has a package
     */
    public Optional<String> foreignName(String pluginClassName) {
        return Optional.ofNullable(names.foreignName(pluginClassName));
    }

    /**
     * @return the unique aliases, alias → class name
     */
    public Map<String, String> aliases() {
        return names.aliases();
    }

    /**
     * @param className a plugin class name
     * @return its unique aliases, sorted
     */
    public List<String> aliasesOf(String className) {
        return names.aliases().entrySet().stream()
                .filter(e -> e.getValue().equals(className))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    /**
     * Picks the connector a {@code connector.class} and {@code connector.plugin.version} name.
     *
     * @param name a class name or alias
     * @param version a version or range; null or {@code latest} for the newest
     * @return the source or sink connector
     * @throws PluginResolutionException if none fits
     */
    public PluginDescriptor resolveConnector(String name, String version) {
        return resolve(PluginType.CONNECTORS, name, version, null);
    }

    /**
     * Picks a plugin by name and version.
     *
     * @param types the types the config key accepts
     * @param name a class name or alias
     * @param version a version or range; null or {@code latest} for the newest
     * @return the plugin
     * @throws PluginResolutionException if none fits
     */
    public PluginDescriptor resolve(Set<PluginType> types, String name, String version) {
        return resolve(types, name, version, null);
    }

    /**
     * Picks a plugin by name and version, preferring when no version is requested the one that {@code preferred}
     * defines: a connector's converters and transforms default to the copies in the connector's own location.
     *
     * @param types the types the config key accepts
     * @param name a class name or alias
     * @param version a version or range; null or {@code latest} for the newest
     * @param preferred the loader whose plugin wins when no version is requested; null for none
     * @return the plugin
     * @throws PluginResolutionException if none fits
     */
    public PluginDescriptor resolve(Set<PluginType> types, String name, String version, ClassLoader preferred) {
        Objects.requireNonNull(name, "name");
        PluginVersionRange range = PluginVersionRange.parse(version);
        String className = className(types, name.trim());
        List<PluginDescriptor> candidates = byClassName.get(className).stream()
                .filter(p -> types.contains(p.type()))
                .toList();
        if (candidates.isEmpty()) {
            Set<PluginType> actual = byClassName.get(className).stream()
                    .map(PluginDescriptor::type)
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(PluginType.class)));
            throw new PluginTypeMismatchException(className, actual, types);
        }
        if (range.isAny() && preferred != null) {
            List<PluginDescriptor> own =
                    candidates.stream().filter(p -> p.loader() == preferred).toList();
            if (!own.isEmpty()) {
                return newest(own);
            }
        }
        List<PluginDescriptor> matching =
                candidates.stream().filter(p -> range.matches(p.version())).toList();
        if (matching.isEmpty()) {
            List<String> available = candidates.stream()
                    .map(PluginDescriptor::version)
                    .sorted()
                    .map(PluginVersion::toString)
                    .distinct()
                    .toList();
            throw new PluginVersionNotFoundException(className, range.spec(), available);
        }
        return newest(matching);
    }

    /** Closes every plugin loader; plugin classes must not be used afterwards. */
    @Override
    public void close() {
        for (URLClassLoader loader : loaders) {
            try {
                loader.close();
            } catch (IOException e) {
                LOG.warn("Could not close {}", loader, e);
            }
        }
    }

    private String className(Set<PluginType> types, String name) {
        if (byClassName.containsKey(name)) {
            return name;
        }
        String extra = names.extraName(name);
        if (extra != null && byClassName.containsKey(extra)) {
            return extra;
        }
        String aliased = names.alias(name);
        if (aliased != null) {
            return aliased;
        }
        List<String> clash = names.ambiguous(name);
        if (clash != null) {
            throw new AmbiguousPluginAliasException(name, clash);
        }
        Set<String> ofTypes = plugins.stream()
                .filter(p -> types.contains(p.type()))
                .map(PluginDescriptor::className)
                .collect(Collectors.toCollection(TreeSet::new));
        throw new UnknownPluginException(
                name,
                types,
                PluginNames.closest(name, names.namesFor(ofTypes), SUGGESTIONS),
                failures.stream()
                        .filter(f -> name.equals(f.className()))
                        .map(PluginLoadFailure::describe)
                        .toList());
    }

    /** The highest version; among equals, the first found (built-ins, then plugin.path order). */
    private static PluginDescriptor newest(List<PluginDescriptor> candidates) {
        PluginDescriptor best = candidates.get(0);
        for (PluginDescriptor candidate : candidates) {
            if (candidate.version().compareTo(best.version()) > 0) {
                best = candidate;
            }
        }
        return best;
    }

    /** Names a set of types for messages: {@code connector}, {@code converter}, {@code source or sink connector}. */
    static String describeTypes(Set<PluginType> types) {
        if (types.equals(PluginType.CONNECTORS)) {
            return "connector";
        }
        return types.stream().sorted().map(PluginType::displayName).collect(Collectors.joining(" or "));
    }
}
