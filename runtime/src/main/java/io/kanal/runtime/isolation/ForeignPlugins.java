package io.kanal.runtime.isolation;

/**
 * Where the plugins of a foreign API (Apache Kafka Connect's) come from: for each {@code plugin.path} location, whether
 * it belongs to the foreign API and, if so, the loader and adapter to discover it with. {@link PluginRegistry#load}
 * asks it before treating a location as a Kanal one. The Connect bridge's implementation is {@code
 * io.kanal.runtime.isolation.connect.ConnectLayer}.
 *
 * <p>Implementations are immutable and thread-safe; {@link #claim} reads only the location's manifests (no plugin code
 * runs), on the worker's start thread.
 */
@FunctionalInterface
public interface ForeignPlugins {

    /** No foreign plugins: every location is a Kanal one. */
    ForeignPlugins NONE = location -> null;

    /**
     * Claims a location for the foreign API.
     *
     * @param location a plugin location
     * @return null for a Kanal location; else how to discover it, or why it cannot be loaded
     */
    ForeignLocation claim(PluginLocation location);
}
