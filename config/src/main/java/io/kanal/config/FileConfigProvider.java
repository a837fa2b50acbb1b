package io.kanal.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * Resolves {@code ${file:/path/to/file.properties:key}} from a Java properties file read as UTF-8, as Connect's
 * {@code FileConfigProvider} does. A key the file does not have is left out, so its reference stays unresolved; a
 * reference without a path resolves nothing. The file is read on every resolution, so a changed secret is picked
 * up the next time a connector starts.
 *
 * <p>Accepts Connect's {@value AllowedPaths#CONFIG} parameter. Thread-safe: it holds no state besides its
 * immutable {@link AllowedPaths}.
 */
public final class FileConfigProvider implements ConfigProvider {

    /** The name this provider is conventionally registered under. */
    public static final String NAME = "file";

    private final AllowedPaths allowedPaths;

    /** A provider that may read any file. */
    public FileConfigProvider() {
        this(AllowedPaths.unrestricted());
    }

    /**
     * A provider restricted to some directories.
     *
     * @param allowedPaths where files may be read
     */
    public FileConfigProvider(AllowedPaths allowedPaths) {
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
    public static FileConfigProvider fromParams(Map<String, String> params) {
        return new FileConfigProvider(AllowedPaths.parse(params.get(AllowedPaths.CONFIG)));
    }

    /**
     * Reads the keys from a properties file.
     *
     * @param path the file
     * @param keys property names
     * @return the properties that exist; empty when no path is given
     * @throws ConfigProviderException when the path is not allowed or the file cannot be read or parsed
     */
    @Override
    public Map<String, String> resolve(String path, Set<String> keys) {
        if (path.isEmpty()) {
            return Map.of();
        }
        Path file = allowedPaths.check(NAME, path);
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            // IOException messages name the file or the charset problem, never the content.
            throw new ConfigProviderException(
                    "config provider '" + NAME + "' could not read properties from '" + path + "'", e);
        } catch (IllegalArgumentException e) {
            // Thrown for a malformed \\uXXXX escape; no cause attached, because none is needed to fix the file.
            throw new ConfigProviderException("config provider '" + NAME + "': '" + path
                    + "' is not a valid properties file (malformed \\uXXXX escape)");
        }
        Map<String, String> found = new HashMap<>();
        for (String key : keys) {
            String value = properties.getProperty(key);
            if (value != null) {
                found.put(key, value);
            }
        }
        return found;
    }

    /**
     * Names the provider and its restriction.
     *
     * @return for example {@code FileConfigProvider[allowed.paths=<any>]}
     */
    @Override
    public String toString() {
        return "FileConfigProvider[" + allowedPaths + "]";
    }
}
