package io.kanal.runtime.isolation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The plugin locations of a worker's {@code plugin.path}, as Kafka Connect reads it: a comma-separated list of
 * entries, each either
 *
 * <ul>
 *   <li>an archive ({@code .jar} or {@code .zip}): one uber-jar plugin; or
 *   <li>a directory whose every child is a plugin location: an uber-jar, a directory of jars (found at any depth; its
 *       class files, if any, are ignored, as Connect ignores them), or a directory of classes (a package tree and no
 *       jars). Other files are skipped.
 * </ul>
 *
 * Symbolic links are followed, loops are cut, and a location reached twice (through two links) is kept once.
 * Problems (a missing entry, an unreadable directory) do not stop the others; they are kept as {@link
 * #problems()}. Immutable once parsed; reads the file system only in {@link #parse}.
 */
public final class PluginPath {

    /** The worker config key. */
    public static final String CONFIG = "plugin.path";

    private final List<PluginLocation> locations;
    private final List<PluginLoadFailure> problems;

    private PluginPath(List<PluginLocation> locations, List<PluginLoadFailure> problems) {
        this.locations = List.copyOf(locations);
        this.problems = List.copyOf(problems);
    }

    /**
     * @return a path without plugins, for a worker that runs only built-ins
     */
    public static PluginPath empty() {
        return new PluginPath(List.of(), List.of());
    }

    /**
     * Parses a {@code plugin.path} value; relative entries resolve against the working directory.
     *
     * @param value the comma-separated entries; null or blank for none
     * @return the locations found
     */
    public static PluginPath parse(String value) {
        List<Path> entries = new ArrayList<>();
        if (value != null) {
            for (String entry : value.split(",")) {
                if (!entry.isBlank()) {
                    entries.add(Path.of(entry.trim()));
                }
            }
        }
        return of(entries);
    }

    /**
     * Reads the given entries in order.
     *
     * @param entries {@code plugin.path} entries
     * @return the locations found
     */
    public static PluginPath of(List<Path> entries) {
        List<PluginLocation> locations = new ArrayList<>();
        List<PluginLoadFailure> problems = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (Path entry : entries) {
            try {
                if (!Files.exists(entry)) {
                    throw new NoSuchFileException(entry.toString(), null, "plugin.path entry does not exist");
                }
                if (Files.isDirectory(entry)) {
                    for (Path child : children(entry)) {
                        addLocation(child, locations, problems, seen);
                    }
                } else if (isArchive(entry)) {
                    addLocation(entry, locations, problems, seen);
                } else {
                    throw new IOException("plugin.path entry is neither a directory nor a .jar or .zip file");
                }
            } catch (IOException | UncheckedIOException e) {
                problems.add(new PluginLoadFailure(entry, PluginLoadFailure.Stage.LOCATION, null, null, e));
            }
        }
        return new PluginPath(locations, problems);
    }

    /**
     * @return the plugin locations, in {@code plugin.path} order and by name within a directory
     */
    public List<PluginLocation> locations() {
        return locations;
    }

    /**
     * @return entries and locations that could not be read
     */
    public List<PluginLoadFailure> problems() {
        return problems;
    }

    private static void addLocation(
            Path path, List<PluginLocation> locations, List<PluginLoadFailure> problems, Set<Path> seen) {
        try {
            if (!seen.add(path.toRealPath())) {
                return;
            }
            PluginLocation location = Files.isDirectory(path) ? directoryLocation(path) : archiveLocation(path);
            if (location != null) {
                locations.add(location);
            }
        } catch (IOException | UncheckedIOException e) {
            problems.add(new PluginLoadFailure(path, PluginLoadFailure.Stage.LOCATION, null, null, e));
        }
    }

    private static PluginLocation archiveLocation(Path path) throws MalformedURLException {
        if (!isArchive(path)) {
            return null; // a README or a checksum file next to the plugins
        }
        return new PluginLocation(
                path, PluginLocation.Layout.ARCHIVE, List.of(path.toUri().toURL()));
    }

    private static PluginLocation directoryLocation(Path dir) throws IOException {
        List<Path> archives = new ArrayList<>();
        boolean[] hasClasses = {false};
        Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && isArchive(file)) {
                    archives.add(file);
                } else if (file.getFileName().toString().endsWith(".class")) {
                    hasClasses[0] = true;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof FileSystemLoopException) {
                    return FileVisitResult.CONTINUE; // a link back up the tree: everything under it is seen already
                }
                throw e;
            }
        });
        if (!archives.isEmpty()) {
            archives.sort(null);
            List<URL> urls = new ArrayList<>();
            for (Path archive : archives) {
                urls.add(archive.toUri().toURL());
            }
            return new PluginLocation(dir, PluginLocation.Layout.DIRECTORY_OF_ARCHIVES, urls);
        }
        if (hasClasses[0]) {
            return new PluginLocation(
                    dir,
                    PluginLocation.Layout.DIRECTORY_OF_CLASSES,
                    List.of(dir.toRealPath().toUri().toURL()));
        }
        throw new IOException("plugin location holds neither jars nor class files");
    }

    private static List<Path> children(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.sorted().toList();
        }
    }

    private static boolean isArchive(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return (name.endsWith(".jar") || name.endsWith(".zip")) && Files.isRegularFile(path);
    }
}
