package io.kanal.runtime.isolation;

import io.kanal.api.connector.Versioned;
import io.kanal.runtime.isolation.spi.ForeignPluginAdapter;
import io.kanal.runtime.isolation.spi.MissingMember;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the plugins of one foreign plugin location: the classes its own {@code META-INF/services} manifests of the
 * foreign plugin interfaces list and, when asked ({@link ForeignLocation#scan()}), every other concrete class of
 * its jars or class directories that the adapter can run. Each plugin is instantiated once through the adapter, with
 * the location's loader as the context loader, to read its version; failures become {@link PluginLoadFailure}s.
 *
 * <p>Not thread-safe: confined to the location's scan thread; the registry reads its results after that thread ended.
 */
final class ForeignScanner {

    private static final Logger LOG = LoggerFactory.getLogger(ForeignScanner.class);
    private static final int MAX_ERRORS_PER_MANIFEST = 1000;

    private final Path location;
    private final ForeignLocation foreign;
    private final List<PluginDescriptor> plugins = new ArrayList<>();
    private final List<PluginLoadFailure> failures = new ArrayList<>();
    private final ApiLinkCheck linkCheck;

    ForeignScanner(Path location, ForeignLocation foreign) {
        this.location = location;
        this.foreign = foreign;
        this.linkCheck = new ApiLinkCheck(foreign.loader(), foreign.adapter().linkedApiPackages());
    }

    List<PluginDescriptor> plugins() {
        return plugins;
    }

    List<PluginLoadFailure> failures() {
        return failures;
    }

    /** Discovers the location's plugins: manifests first, then (when asked) the classes the manifests do not list. */
    void scan() {
        Set<Class<?>> found = new LinkedHashSet<>();
        ClassLoader manifests = new OwnManifests(foreign.loader());
        for (Class<?> pluginInterface : foreign.manifestInterfaces()) {
            Iterator<? extends ServiceLoader.Provider<?>> providers =
                    ServiceLoader.load(pluginInterface, manifests).stream().iterator();
            int errors = 0;
            while (errors < MAX_ERRORS_PER_MANIFEST) {
                try {
                    if (!providers.hasNext()) {
                        break;
                    }
                    found.add(providers.next().type());
                } catch (ServiceConfigurationError | LinkageError e) {
                    failures.add(new PluginLoadFailure(location, PluginLoadFailure.Stage.CLASS, null, null, e));
                    errors++;
                }
            }
        }
        if (foreign.scan() != ForeignLocation.Scan.NONE) {
            Set<Class<?>> unlisted = new LinkedHashSet<>();
            scanClasses(found, unlisted);
            List<String> names = unlisted.stream().map(Class::getName).toList();
            if (!unlisted.isEmpty() && foreign.scan() == ForeignLocation.Scan.FAIL) {
                failures.add(new PluginLoadFailure(
                        location,
                        PluginLoadFailure.Stage.LOCATION,
                        null,
                        null,
                        new MissingManifestsException(java.util.Map.of(location, names))));
            } else if (!unlisted.isEmpty()) {
                found.addAll(unlisted);
                LOG.warn(
                        "{}: plugins without a META-INF/services manifest, found by scanning its classes"
                                + " (plugin.discovery); add manifests to start faster: {}",
                        location,
                        names);
            }
        }
        for (Class<?> foreignClass : found) {
            describe(foreignClass);
        }
    }

    @SuppressWarnings("try") // the swap is used for its effect on the thread only
    private void describe(Class<?> foreignClass) {
        ForeignPluginAdapter adapter = foreign.adapter();
        if (!linksToLayer(foreignClass, adapter)) {
            return;
        }
        Set<Class<?>> kanalTypes;
        try (LoaderSwap swap = LoaderSwap.to(foreign.loader())) {
            kanalTypes = adapter.kanalTypes(foreignClass);
        } catch (RuntimeException | LinkageError e) {
            failures.add(
                    new PluginLoadFailure(location, PluginLoadFailure.Stage.CLASS, null, foreignClass.getName(), e));
            return;
        }
        if (kanalTypes.isEmpty()) {
            failures.add(new PluginLoadFailure(
                    location,
                    PluginLoadFailure.Stage.CLASS,
                    null,
                    foreignClass.getName(),
                    new UnsupportedOperationException(adapter.family() + " cannot run this kind of plugin yet")));
            return;
        }
        for (PluginType type : PluginType.values()) {
            if (kanalTypes.contains(type.pluginInterface())) {
                describe(type, foreignClass, adapter);
            }
        }
    }

    /**
     * Whether everything the class (and its package's classes it uses) refers to in the foreign API exists in the
     * layer; if not, records a {@link PluginLoadFailure.Stage#LINK} failure naming the missing members.
     */
    private boolean linksToLayer(Class<?> foreignClass, ForeignPluginAdapter adapter) {
        if (adapter.linkedApiPackages().isEmpty()) {
            return true;
        }
        List<MissingMember> missing;
        try {
            missing = linkCheck.missing(foreignClass);
        } catch (IOException e) {
            // The check is a courtesy: a class file it cannot parse (a newer format) still loads, and the JVM decides.
            LOG.warn("{}: could not check what {} links against: {}", location, foreignClass.getName(), e.toString());
            return true;
        }
        if (missing.isEmpty()) {
            return true;
        }
        String message = adapter.linkageFailure(foreignClass.getName(), missing);
        failures.add(new PluginLoadFailure(
                location,
                PluginLoadFailure.Stage.LINK,
                null,
                foreignClass.getName(),
                new ForeignApiLinkageException(foreignClass.getName(), missing, message)));
        return false;
    }

    @SuppressWarnings("try") // the swaps are used for their effect on the thread only
    private void describe(PluginType type, Class<?> foreignClass, ForeignPluginAdapter adapter) {
        Object instance;
        Class<?> adapterClass;
        try (LoaderSwap swap = LoaderSwap.to(foreign.loader())) {
            adapterClass = adapter.adapterClass(foreignClass, type.pluginInterface());
            instance = adapter.adapt(foreignClass, type.pluginInterface());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            failures.add(
                    new PluginLoadFailure(location, PluginLoadFailure.Stage.INSTANCE, type, foreignClass.getName(), e));
            return;
        }
        String version;
        try (LoaderSwap swap = LoaderSwap.to(foreign.loader())) {
            version = instance instanceof Versioned versioned ? versioned.version() : null;
        } catch (RuntimeException | LinkageError e) {
            failures.add(
                    new PluginLoadFailure(location, PluginLoadFailure.Stage.VERSION, type, foreignClass.getName(), e));
            return;
        }
        plugins.add(new PluginDescriptor(
                foreignClass.getName(),
                type,
                PluginVersion.of(version),
                adapterClass,
                foreign.loader(),
                location,
                new PluginDescriptor.Bridged(foreignClass, adapter)));
    }

    /** Adds to {@code unlisted} every other concrete public class of the location the adapter can run. */
    private void scanClasses(Set<Class<?>> found, Set<Class<?>> unlisted) {
        for (URL url : foreign.loader().getURLs()) {
            List<String> classNames;
            try {
                classNames = classNames(Path.of(url.toURI()));
            } catch (IOException | URISyntaxException | RuntimeException e) {
                failures.add(new PluginLoadFailure(location, PluginLoadFailure.Stage.LOCATION, null, null, e));
                continue;
            }
            for (String className : classNames) {
                Class<?> candidate;
                try {
                    candidate = Class.forName(className, false, foreign.loader());
                } catch (ClassNotFoundException | LinkageError e) {
                    // A class whose dependencies the location lacks (an optional integration): Connect skips it too.
                    LOG.debug("{}: skipped {} while scanning: {}", location, className, e.toString());
                    continue;
                }
                if (found.contains(candidate)
                        || !Modifier.isPublic(candidate.getModifiers())
                        || Modifier.isAbstract(candidate.getModifiers())
                        || candidate.getClassLoader() != foreign.loader()) {
                    continue;
                }
                try {
                    if (!foreign.adapter().kanalTypes(candidate).isEmpty()) {
                        unlisted.add(candidate);
                    }
                } catch (RuntimeException | LinkageError e) {
                    LOG.debug("{}: skipped {} while scanning: {}", location, className, e.toString());
                }
            }
        }
    }

    private static List<String> classNames(Path path) throws IOException {
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.walk(path)) {
                files.filter(f -> f.toString().endsWith(".class")).forEach(f -> {
                    String relative = path.relativize(f).toString().replace('\\', '/');
                    names.add(toClassName(relative));
                });
            }
            return names;
        }
        try (JarFile jar = new JarFile(path.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.endsWith(".class") && !name.startsWith("META-INF/")) {
                    names.add(toClassName(name));
                }
            }
        }
        return names;
    }

    private static String toClassName(String resource) {
        return resource.substring(0, resource.length() - ".class".length()).replace('/', '.');
    }

    /** The loader's classes, but only its own manifests: the layer's are not read again for every location. */
    private static final class OwnManifests extends ClassLoader {

        private final URLClassLoader plugin;

        OwnManifests(URLClassLoader plugin) {
            super("manifests:" + plugin.getName(), plugin);
            this.plugin = plugin;
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return plugin.findResources(name);
        }

        @Override
        public URL getResource(String name) {
            return plugin.findResource(name);
        }
    }
}
