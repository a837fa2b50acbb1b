package io.kanal.config;

import java.util.Map;
import java.util.Set;

/**
 * A source of configuration values referenced as {@code ${provider:path:key}} or {@code ${provider:key}}, for
 * example {@code ${env:DB_PASSWORD}} or {@code ${file:/etc/kanal/secrets.properties:db.password}}. Registered
 * under a name with a {@link ConfigVariableResolver}.
 *
 * <p>Implementations must be thread-safe and must never log or put in an exception message the values they
 * return, which are usually secrets.
 */
public interface ConfigProvider extends AutoCloseable {

    /**
     * Looks keys up under one path. The resolver batches every key referenced under the same path into one call,
     * so a file is read once per resolution.
     *
     * @param path the part between the provider name and the key; empty for {@code ${provider:key}}
     * @param keys the keys to look up, never empty
     * @return the values of the keys that exist; a key left out stays unresolved in the configuration
     * @throws ConfigProviderException when the path cannot be read at all
     */
    Map<String, String> resolve(String path, Set<String> keys);

    /** Releases what the provider holds; nothing by default. */
    @Override
    default void close() {}
}
