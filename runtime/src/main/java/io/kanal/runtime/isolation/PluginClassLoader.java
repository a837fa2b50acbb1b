package io.kanal.runtime.isolation;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;

/**
 * The class loader of one plugin location (an uber-jar, a directory of jars or a directory of classes): child-first
 * for every class and resource except those {@link IsolationRule} sends to the parent first. When the preferred side
 * lacks a name the other side is asked, so a plugin still reaches a runtime library it does not bundle, and a
 * parent-first name that only the plugin has (a newer SLF4J binding class, say) still loads.
 *
 * <p>Parallel-capable: classes load under a per-name lock, so plugins loading on several task threads do not
 * serialize on the loader. Immutable after construction; any thread may use it. Closed by {@link PluginRegistry#close}
 * when the worker stops.
 */
public final class PluginClassLoader extends URLClassLoader {

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private final Path location;
    private final LoadOrder rule;

    /**
     * A loader for one of Kanal's own plugin locations.
     *
     * @param location the plugin location, for messages and {@link #toString()}
     * @param urls the jars and class directories of the location
     * @param parent the runtime's loader; never null (the boot loader is not a valid parent)
     * @param rule the isolation rule
     */
    public PluginClassLoader(Path location, List<URL> urls, ClassLoader parent, IsolationRule rule) {
        this("plugin", location, urls, parent, rule);
    }

    /**
     * A loader for a plugin location of another kind (an Apache Kafka Connect location under the bridge layer).
     *
     * @param kind the kind of location, the prefix of the loader's name ({@code connect-plugin})
     * @param location the plugin location, for messages and {@link #toString()}
     * @param urls the jars and class directories of the location
     * @param parent the parent: the runtime's loader, or the bridge layer; never null
     * @param order the names the parent is asked for first
     */
    public PluginClassLoader(String kind, Path location, List<URL> urls, ClassLoader parent, LoadOrder order) {
        super(kind + ":" + location, urls.toArray(new URL[0]), Objects.requireNonNull(parent, "parent"));
        this.location = location;
        this.rule = order;
    }

    /**
     * @return the plugin location this loader serves
     */
    public Path location() {
        return location;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (rule.isParentFirst(name)) {
            // URLClassLoader's own order: the parent, then this loader's jars.
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                try {
                    loaded = findClass(name);
                } catch (ClassNotFoundException notInPlugin) {
                    loaded = getParent().loadClass(name);
                }
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    @Override
    public URL getResource(String name) {
        if (rule.isParentFirstResource(name)) {
            return super.getResource(name);
        }
        URL own = findResource(name);
        return own != null ? own : getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (rule.isParentFirstResource(name)) {
            return super.getResources(name);
        }
        List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
        all.addAll(Collections.list(getParent().getResources(name)));
        return Collections.enumeration(all);
    }

    /**
     * The resources of this location only, never the parent's: plugin discovery reads only the location's own
     * {@code META-INF/services} manifests, so the runtime's built-ins are not found again in every plugin.
     *
     * @param name a resource name
     * @return this location's resources of that name
     * @throws IOException if a jar cannot be read
     */
    Enumeration<URL> ownResources(String name) throws IOException {
        return findResources(name);
    }

    @Override
    public String toString() {
        return "PluginClassLoader[" + location + "]";
    }
}
