package io.kanal.bridge.config;

import io.kanal.api.connector.Versioned;
import io.kanal.config.ConfigProvider;
import io.kanal.config.ConfigProviderException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigData;

/**
 * A Connect {@code ConfigProvider} (from a {@code plugin.path} location) as Kanal's {@link ConfigProvider}, so that the
 * worker resolves {@code ${name:path:key}} with it in worker and connector configs as Connect's worker does. Configured
 * once with its {@code config.providers.<name>.param.*} parameters, then asked for keys under a path.
 *
 * <p>What it returns are secrets: they go into Kanal's resolver only. Failures name the provider class and the path,
 * never a value; the provider's own exception is the cause. A value's TTL and Connect's subscriptions are not used:
 * a connector picks a changed value up when it or its task restarts.
 *
 * <p>Thread-safe when the Connect provider is (Connect's worker calls it from several threads too); {@link #configure}
 * and {@link #close()} are called once, by the worker's start and stop thread.
 */
public final class BridgedConfigProvider implements ConfigProvider, Versioned {

    private final org.apache.kafka.common.config.provider.ConfigProvider provider;

    /**
     * @param provider a new Connect config provider, not yet configured
     */
    public BridgedConfigProvider(org.apache.kafka.common.config.provider.ConfigProvider provider) {
        this.provider = provider;
    }

    /**
     * Configures the Connect provider, as Connect's worker does, with the parameters without their prefix.
     *
     * @param params {@code config.providers.<name>.param.*} with {@code config.providers.<name>.param.} removed
     */
    public void configure(Map<String, String> params) {
        provider.configure(Map.copyOf(params));
    }

    @Override
    public Map<String, String> resolve(String path, Set<String> keys) {
        ConfigData data;
        try {
            data = provider.get(path, keys);
        } catch (RuntimeException e) {
            throw new ConfigProviderException(
                    "config provider " + provider.getClass().getName() + " could not resolve keys under path '" + path
                            + "' (" + e.getClass().getName() + ")",
                    e);
        }
        Map<String, String> values = new HashMap<>();
        if (data != null && data.data() != null) {
            // Only what was asked for, and no nulls: a key left out stays unresolved, as in Connect.
            data.data().forEach((key, value) -> {
                if (value != null && keys.contains(key)) {
                    values.put(key, value);
                }
            });
        }
        return values;
    }

    /** The Connect provider's version when it declares one (Connect's {@code Versioned}); null otherwise. */
    @Override
    public String version() {
        return provider instanceof org.apache.kafka.connect.components.Versioned versioned ? versioned.version() : null;
    }

    @Override
    public void close() {
        try {
            provider.close();
        } catch (IOException e) {
            throw new ConfigProviderException(
                    "config provider " + provider.getClass().getName() + " failed to close", e);
        }
    }

    /** The Connect class only: a provider's state may hold secrets. */
    @Override
    public String toString() {
        return "BridgedConfigProvider[" + provider.getClass().getName() + "]";
    }
}
