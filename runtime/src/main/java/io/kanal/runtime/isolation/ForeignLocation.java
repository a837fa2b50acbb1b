package io.kanal.runtime.isolation;

import io.kanal.runtime.isolation.spi.ForeignPluginAdapter;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Objects;

/**
 * A plugin location of a foreign API, claimed by {@link ForeignPlugins}: either ready to discover (a loader of its
 * own, the adapter, the foreign plugin interfaces whose manifests list its plugins) or refused with a reason (no bridge
 * layer installed, say). Immutable value; the registry closes the loader when the worker stops.
 *
 * @param loader the location's own loader, child-first with the foreign API's rules; null when refused
 * @param adapter the bridge's adapter; null when refused
 * @param manifestInterfaces the foreign plugin interfaces, loaded from the bridge layer, whose {@code
 *     META-INF/services} manifests discovery reads
 * @param scan whether to look at every class of the location too, for plugins without manifests, and what a plugin
 *     found that way means
 * @param refusal why the location cannot be loaded; null when it can
 */
public record ForeignLocation(
        URLClassLoader loader,
        ForeignPluginAdapter adapter,
        List<Class<?>> manifestInterfaces,
        Scan scan,
        PluginLoadFailure refusal) {

    /** Copies the list; a location is either loadable or refused. */
    public ForeignLocation {
        manifestInterfaces = List.copyOf(manifestInterfaces);
        if ((refusal == null) == (loader == null || adapter == null)) {
            throw new IllegalArgumentException("a foreign location has a loader and an adapter, or a refusal");
        }
    }

    /**
     * A location that cannot be loaded.
     *
     * @param refusal why
     * @return the refused location
     */
    public static ForeignLocation refused(PluginLoadFailure refusal) {
        return new ForeignLocation(null, null, List.of(), Scan.NONE, Objects.requireNonNull(refusal, "refusal"));
    }

    /** Class scanning for plugins without manifests, as Connect's {@code plugin.discovery} asks for it. */
    public enum Scan {
        /** Manifests only ({@code service_load}). */
        NONE,
        /** Scan; a plugin without a manifest loads, with a warning ({@code only_scan}, {@code hybrid_warn}). */
        WARN,
        /**
         * Scan; a plugin without a manifest is a failure ({@link MissingManifestsException}) and is not loaded
         * ({@code hybrid_fail}); the worker then refuses to start, as Connect's does.
         */
        FAIL
    }
}
