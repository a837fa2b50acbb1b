package io.kanal.runtime.isolation;

import java.net.URL;
import java.nio.file.Path;
import java.util.List;

/**
 * One plugin location found on {@code plugin.path}: what gets its own {@link PluginClassLoader}. Immutable value.
 *
 * @param path the location as found (a symlink stays a symlink here, for messages)
 * @param layout what kind of location it is
 * @param urls the class path of its loader: the archive, the archives of the directory, or the directory itself
 */
public record PluginLocation(Path path, Layout layout, List<URL> urls) {

    /** The layouts of a plugin location, as Connect's {@code plugin.path} documents them. */
    public enum Layout {
        /** An uber-jar (or zip) holding the plugin and its dependencies. */
        ARCHIVE,
        /** A directory holding the plugin's jars and their dependencies, at any depth. */
        DIRECTORY_OF_ARCHIVES,
        /** A directory holding the package tree of the plugin's classes (and no jars). */
        DIRECTORY_OF_CLASSES
    }

    /** Copies the URLs. */
    public PluginLocation {
        urls = List.copyOf(urls);
    }
}
