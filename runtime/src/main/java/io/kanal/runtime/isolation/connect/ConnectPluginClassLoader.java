package io.kanal.runtime.isolation.connect;

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
 * The class loader of one Apache Kafka Connect plugin location: child-first, except for the names {@link
 * ConnectIsolationRule} sends to the parent first, which is the bridge layer (Connect's API, kafka-clients, JSON and
 * transforms, at the layer's version). As in Kanal's own plugin loader, a name missing on the preferred side is looked
 * up on the other, so a parent-first class that only the plugin has still loads, and a plugin still reaches a layer
 * library it does not bundle.
 *
 * <p>Parallel-capable. Immutable after construction; any thread may use it. Closed by the plugin registry when the
 * worker stops.
 */
public final class ConnectPluginClassLoader extends URLClassLoader {

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private final Path location;
    private final ConnectIsolationRule rule;

    /**
     * @param location the plugin location, for messages
     * @param urls its jars or class directories
     * @param layer the bridge layer's loader
     * @param rule the parent-first rule
     */
    public ConnectPluginClassLoader(Path location, List<URL> urls, ClassLoader layer, ConnectIsolationRule rule) {
        super("connect-plugin:" + location, urls.toArray(new URL[0]), Objects.requireNonNull(layer, "layer"));
        this.location = location;
        this.rule = rule;
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

    @Override
    public String toString() {
        return "ConnectPluginClassLoader[" + location + "]";
    }
}
