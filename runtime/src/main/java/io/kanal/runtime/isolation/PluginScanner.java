package io.kanal.runtime.isolation;

import io.kanal.api.connector.Versioned;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the plugins of one loader: for a plugin location, {@link ServiceLoader} over the location's own {@code
 * META-INF/services} manifests, one per {@link PluginType}; for the built-ins, the classes given. Each plugin is
 * instantiated once, with its loader as the context loader, to read its version (as Connect does); the instance is
 * then dropped. Every failure becomes a {@link PluginLoadFailure} and the scan goes on with the next entry.
 *
 * <p>Not thread-safe: confined to one thread, the scan thread of its location (or the start thread for the
 * built-ins); the registry reads its results only after that thread has ended.
 */
final class PluginScanner {

    private static final Logger LOG = LoggerFactory.getLogger(PluginScanner.class);

    /** A bound on errors from one manifest, in case a broken provider iterator cannot move past its error. */
    private static final int MAX_ERRORS_PER_MANIFEST = 1000;

    private final List<PluginDescriptor> plugins = new ArrayList<>();
    private final List<PluginLoadFailure> failures = new ArrayList<>();
    private final Map<String, String> extraNames = new HashMap<>();

    List<PluginDescriptor> plugins() {
        return plugins;
    }

    List<PluginLoadFailure> failures() {
        return failures;
    }

    /** The extra names the scanned location gives its plugins ({@link PluginExtraNames}), name → class name. */
    Map<String, String> extraNames() {
        return extraNames;
    }

    /** Discovers the plugins of one location's loader, every type, and the extra names it gives them. */
    void scanLocation(PluginClassLoader loader) {
        ClassLoader manifests = new OwnManifests(loader);
        for (PluginType type : PluginType.values()) {
            ServiceLoader<?> services = ServiceLoader.load(type.pluginInterface(), manifests);
            Iterator<? extends ServiceLoader.Provider<?>> providers =
                    services.stream().iterator();
            int errors = 0;
            while (errors < MAX_ERRORS_PER_MANIFEST) {
                ServiceLoader.Provider<?> provider;
                try {
                    if (!providers.hasNext()) {
                        break;
                    }
                    provider = providers.next();
                } catch (ServiceConfigurationError | LinkageError e) {
                    // ServiceLoader documents that its iterator moves on to the next provider after an error.
                    failures.add(
                            new PluginLoadFailure(loader.location(), PluginLoadFailure.Stage.CLASS, type, null, e));
                    errors++;
                    continue;
                }
                Class<?> pluginClass = provider.type();
                if (pluginClass.getClassLoader() != loader) {
                    // The manifest names a class the location does not hold; the runtime's copy is a built-in.
                    LOG.debug("{} lists {}, which is not in the plugin; skipped", loader.location(), pluginClass);
                    continue;
                }
                describe(type, pluginClass, loader, loader.location(), null, provider::get);
            }
        }
        Set<String> found = new HashSet<>();
        plugins.forEach(p -> found.add(p.className()));
        PluginExtraNames.read(loader, found, extraNames, failures);
    }

    /** Registers built-in classes, each under every plugin type it implements. */
    void scanBuiltins(List<String> classNames, String runtimeVersion, ClassLoader runtimeLoader) {
        for (String className : classNames) {
            Class<?> pluginClass;
            try {
                pluginClass = Class.forName(className, false, runtimeLoader);
            } catch (ClassNotFoundException | LinkageError e) {
                failures.add(new PluginLoadFailure(null, PluginLoadFailure.Stage.CLASS, null, className, e));
                continue;
            }
            for (PluginType type : PluginType.values()) {
                if (type.pluginInterface().isAssignableFrom(pluginClass)
                        && !Modifier.isAbstract(pluginClass.getModifiers())) {
                    describe(type, pluginClass, runtimeLoader, null, runtimeVersion, () -> newInstance(pluginClass));
                }
            }
        }
    }

    @SuppressWarnings("try") // the swaps are used for their effect on the thread only
    private void describe(
            PluginType type,
            Class<?> pluginClass,
            ClassLoader loader,
            Path location,
            String defaultVersion,
            InstanceFactory factory) {
        Object instance;
        try (LoaderSwap swap = LoaderSwap.to(loader)) {
            instance = factory.create();
        } catch (ServiceConfigurationError | ReflectiveOperationException | RuntimeException | LinkageError e) {
            failures.add(
                    new PluginLoadFailure(location, PluginLoadFailure.Stage.INSTANCE, type, pluginClass.getName(), e));
            return;
        }
        String version;
        try (LoaderSwap swap = LoaderSwap.to(loader)) {
            version = instance instanceof Versioned versioned ? versioned.version() : defaultVersion;
        } catch (RuntimeException | LinkageError e) {
            failures.add(
                    new PluginLoadFailure(location, PluginLoadFailure.Stage.VERSION, type, pluginClass.getName(), e));
            return;
        }
        plugins.add(new PluginDescriptor(
                pluginClass.getName(), type, PluginVersion.of(version), pluginClass, loader, location));
    }

    private static Object newInstance(Class<?> pluginClass) throws ReflectiveOperationException {
        try {
            return pluginClass.getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            // The constructor threw: report what it threw, not the reflective wrapper.
            if (e.getCause() instanceof RuntimeException thrown) {
                throw thrown;
            }
            throw e;
        }
    }

    @FunctionalInterface
    private interface InstanceFactory {
        Object create() throws ReflectiveOperationException;
    }

    /**
     * The view of a plugin loader that {@link ServiceLoader} reads manifests through: classes come from the plugin's
     * loader (which defines them), resources only from the location's own jars, so that the runtime's manifests,
     * which a child-first loader also sees, are not read again for every plugin.
     */
    private static final class OwnManifests extends ClassLoader {

        private final PluginClassLoader plugin;

        OwnManifests(PluginClassLoader plugin) {
            super("manifests:" + plugin.getName(), plugin);
            this.plugin = plugin;
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return plugin.ownResources(name);
        }

        @Override
        public URL getResource(String name) {
            return plugin.findResource(name);
        }
    }
}
