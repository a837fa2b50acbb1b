package io.kanal.config;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Resolves {@code ${dir:/path/to/dir:filename}} to the content of a file in a directory, read as UTF-8, as
 * Connect's {@code DirectoryConfigProvider} does; suited to secrets mounted one file per key, as Kubernetes does.
 * Only regular files directly in the directory count: a key naming a subdirectory, a nested path, {@code .} or
 * {@code ..} is left unresolved, as is every key when the path is not a directory.
 *
 * <p>Accepts Connect's {@value AllowedPaths#CONFIG} parameter; when set, both the directory and each file are
 * checked after following links, so a symbolic link in an allowed directory cannot lead out of it. Thread-safe: it
 * holds no state besides its immutable {@link AllowedPaths}.
 */
public final class DirectoryConfigProvider implements ConfigProvider {

    /** The name this provider is conventionally registered under. */
    public static final String NAME = "dir";

    private final AllowedPaths allowedPaths;

    /** A provider that may read any directory. */
    public DirectoryConfigProvider() {
        this(AllowedPaths.unrestricted());
    }

    /**
     * A provider restricted to some directories.
     *
     * @param allowedPaths where files may be read
     */
    public DirectoryConfigProvider(AllowedPaths allowedPaths) {
        this.allowedPaths = Objects.requireNonNull(allowedPaths, "allowedPaths");
    }

    /**
     * Creates the provider from Connect-style parameters ({@code config.providers.<name>.param.*} with the prefix
     * removed). Unknown parameters are ignored, as in Connect.
     *
     * @param params the parameters
     * @return the provider
     * @throws InvalidConfigValueException when {@value AllowedPaths#CONFIG} is malformed
     */
    public static DirectoryConfigProvider fromParams(Map<String, String> params) {
        return new DirectoryConfigProvider(AllowedPaths.parse(params.get(AllowedPaths.CONFIG)));
    }

    /**
     * Reads files of a directory.
     *
     * @param path the directory
     * @param keys file names
     * @return file name to content, for the regular files that exist; empty when no path is given
     * @throws ConfigProviderException when the path is not allowed or a file exists but cannot be read
     */
    @Override
    public Map<String, String> resolve(String path, Set<String> keys) {
        if (path.isEmpty()) {
            return Map.of();
        }
        Path directory = allowedPaths.check(NAME, path);
        if (!Files.isDirectory(directory)) {
            return Map.of();
        }
        Map<String, String> found = new HashMap<>();
        for (String key : keys) {
            Path file = fileIn(directory, key);
            if (file != null && Files.isRegularFile(file)) {
                found.put(key, read(path, key, allowedPaths.check(NAME, file.toString())));
            }
        }
        return found;
    }

    /** The file a key names, or {@code null} when the key is not a plain file name. */
    private static Path fileIn(Path directory, String key) {
        if (key.isEmpty() || key.equals(".") || key.equals("..") || key.indexOf('/') >= 0 || key.indexOf('\\') >= 0) {
            return null;
        }
        try {
            Path file = directory.resolve(key);
            return directory.equals(file.getParent()) ? file : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static String read(String path, String key, Path file) {
        try {
            return Files.readString(file);
        } catch (MalformedInputException e) {
            throw new ConfigProviderException(
                    "config provider '" + NAME + "': file '" + key + "' in '" + path + "' is not valid UTF-8");
        } catch (IOException e) {
            throw new ConfigProviderException(
                    "config provider '" + NAME + "' could not read file '" + key + "' in '" + path + "'", e);
        }
    }

    /**
     * Names the provider and its restriction.
     *
     * @return for example {@code DirectoryConfigProvider[allowed.paths=<any>]}
     */
    @Override
    public String toString() {
        return "DirectoryConfigProvider[" + allowedPaths + "]";
    }
}
