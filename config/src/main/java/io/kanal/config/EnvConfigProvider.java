package io.kanal.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Resolves {@code ${env:NAME}} from environment variables. Takes no path. Thread-safe. */
public final class EnvConfigProvider implements ConfigProvider {

    /** The name this provider is conventionally registered under. */
    public static final String NAME = "env";

    private final Map<String, String> environment;

    /** A provider over the process environment. */
    public EnvConfigProvider() {
        this(System.getenv());
    }

    /**
     * A provider over a given environment, so tests need not change the process's.
     *
     * @param environment variable names to values
     */
    public EnvConfigProvider(Map<String, String> environment) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    }

    /**
     * Looks environment variables up.
     *
     * @param path must be empty
     * @param keys variable names
     * @return the variables that are set
     * @throws ConfigProviderException when a path is given
     */
    @Override
    public Map<String, String> resolve(String path, Set<String> keys) {
        if (!path.isEmpty()) {
            throw new ConfigProviderException(
                    "the env config provider takes no path: write ${env:NAME}, not ${env:" + path + ":NAME}");
        }
        Map<String, String> found = new HashMap<>();
        for (String key : keys) {
            String value = environment.get(key);
            if (value != null) {
                found.put(key, value);
            }
        }
        return found;
    }

    /**
     * Names the provider without listing the environment.
     *
     * @return a description with the number of variables
     */
    @Override
    public String toString() {
        return "EnvConfigProvider[" + environment.size() + " variables]";
    }
}
