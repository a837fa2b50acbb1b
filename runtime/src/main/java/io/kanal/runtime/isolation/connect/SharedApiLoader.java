package io.kanal.runtime.isolation.connect;

import io.kanal.runtime.isolation.IsolationRule;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The parent of the bridge layer: the JDK (through the platform loader) and, from the runtime's loader, only the
 * packages the layer shares with the runtime: Kanal's plugin API and config model, SLF4J and the bridge SPI. Every
 * other runtime class (and whatever else the runtime's class path holds) is invisible to the layer and to the Connect
 * plugins below it.
 *
 * <p>Immutable; parallel-capable; any thread.
 */
final class SharedApiLoader extends ClassLoader {

    static {
        ClassLoader.registerAsParallelCapable();
    }

    /** The runtime packages the layer sees besides {@link IsolationRule#SHARED_PREFIXES}. */
    static final String SPI_PREFIX = "io.kanal.runtime.isolation.spi.";

    private final ClassLoader runtime;

    SharedApiLoader(ClassLoader runtime) {
        super("kanal-shared-api", ClassLoader.getPlatformClassLoader());
        this.runtime = runtime;
    }

    static boolean isShared(String className) {
        if (className.startsWith(SPI_PREFIX)) {
            return true;
        }
        for (String prefix : IsolationRule.SHARED_PREFIXES) {
            if (!prefix.equals("java.") && className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSharedResource(String resourceName) {
        int slash = resourceName.lastIndexOf('/');
        return slash > 0 && isShared(resourceName.substring(0, slash).replace('/', '.') + ".");
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (isShared(name)) {
            return runtime.loadClass(name);
        }
        // The platform loader; findClass of ClassLoader throws ClassNotFoundException for the rest.
        return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
        return isSharedResource(name) ? runtime.getResource(name) : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (!isSharedResource(name)) {
            return super.getResources(name);
        }
        List<URL> all = new ArrayList<>(Collections.list(runtime.getResources(name)));
        return Collections.enumeration(all);
    }
}
