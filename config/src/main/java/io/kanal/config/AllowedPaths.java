package io.kanal.config;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The directories a file-reading config provider may read under, from Connect's {@code allowed.paths} parameter
 * (KIP-993): a comma-separated list of absolute directories. When it is not set every path is allowed, as in
 * Connect.
 *
 * <p>A requested path is checked after resolving symbolic links and {@code ..} segments, so neither can lead out
 * of an allowed directory. Unlike Connect, which answers a refused path with no values, a refusal here is a {@link
 * ConfigProviderException}, so a misconfigured reference fails loudly instead of reaching a plugin as literal
 * {@code ${...}} text.
 *
 * <p>Immutable and thread-safe.
 */
public final class AllowedPaths {

    /** The provider parameter, as Connect names it. */
    public static final String CONFIG = "allowed.paths";

    private static final AllowedPaths UNRESTRICTED = new AllowedPaths(List.of(), false);

    private final List<Path> roots;
    private final boolean restricted;

    private AllowedPaths(List<Path> roots, boolean restricted) {
        this.roots = List.copyOf(roots);
        this.restricted = restricted;
    }

    /**
     * Allows every path, as when {@code allowed.paths} is not set.
     *
     * @return the unrestricted instance
     */
    public static AllowedPaths unrestricted() {
        return UNRESTRICTED;
    }

    /**
     * Parses the parameter.
     *
     * @param value the comma-separated directories; {@code null} or blank allows every path
     * @return the allowed paths
     * @throws InvalidConfigValueException naming {@value #CONFIG} when an entry is not absolute or does not exist
     */
    public static AllowedPaths parse(String value) {
        if (value == null || value.isBlank()) {
            return UNRESTRICTED;
        }
        List<Path> roots = new ArrayList<>();
        for (String entry : value.split(",", -1)) {
            String trimmed = entry.trim();
            if (!trimmed.isEmpty()) {
                roots.add(root(value, trimmed));
            }
        }
        if (roots.isEmpty()) {
            throw new InvalidConfigValueException(CONFIG, value, "must list at least one directory");
        }
        return new AllowedPaths(roots, true);
    }

    private static Path root(String value, String entry) {
        Path path;
        try {
            path = Path.of(entry).normalize();
        } catch (InvalidPathException e) {
            throw new InvalidConfigValueException(CONFIG, value, "'" + entry + "' is not a valid path");
        }
        if (!path.isAbsolute()) {
            throw new InvalidConfigValueException(
                    CONFIG, value, "every entry must be absolute; '" + entry + "' is not");
        }
        try {
            // The real path, so that a root reached through a symbolic link still matches the files under it.
            return path.toRealPath();
        } catch (IOException e) {
            throw new InvalidConfigValueException(CONFIG, value, "'" + entry + "' does not exist or cannot be read");
        }
    }

    /**
     * Whether a list was given.
     *
     * @return {@code false} when every path is allowed
     */
    public boolean isRestricted() {
        return restricted;
    }

    /**
     * The allowed directories, as real paths.
     *
     * @return the directories; empty when unrestricted
     */
    public List<Path> roots() {
        return roots;
    }

    /**
     * Checks a path taken from a reference, before anything is read from it.
     *
     * @param provider the provider's name, for the message
     * @param path the path as written in the reference
     * @return the path to read: when restricted, the resolved path that was checked, so that what is read is what
     *     was allowed
     * @throws ConfigProviderException when the path is malformed or outside every allowed directory
     */
    Path check(String provider, String path) {
        Path parsed;
        try {
            parsed = Path.of(path);
        } catch (InvalidPathException e) {
            throw new ConfigProviderException("config provider '" + provider + "': '" + path + "' is not a valid path");
        }
        if (!restricted) {
            return parsed;
        }
        Path resolved = resolve(parsed);
        for (Path root : roots) {
            if (resolved.startsWith(root)) {
                return resolved;
            }
        }
        throw new ConfigProviderException("config provider '" + provider + "' refuses path '" + path
                + "': it is outside " + CONFIG + " " + roots);
    }

    private static Path resolve(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            // A path that does not exist cannot be followed through links; its normalised form is checked, and the
            // read that follows fails anyway.
            return path.toAbsolutePath().normalize();
        }
    }

    /**
     * Describes the restriction; directory names are not secret.
     *
     * @return for example {@code allowed.paths=[/etc/kanal]} or {@code allowed.paths=<any>}
     */
    @Override
    public String toString() {
        return CONFIG + "=" + (restricted ? roots.toString() : "<any>");
    }
}
