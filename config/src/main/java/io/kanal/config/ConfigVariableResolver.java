package io.kanal.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${provider:path:key}} references in configuration values through registered {@link
 * ConfigProvider}s, before the map is parsed by a {@link ConfigSpec}.
 *
 * <p>Rules, each chosen so that a resolver can be applied to any map safely:
 *
 * <ul>
 *   <li>Only string values are scanned; other values pass through.
 *   <li>A reference to a provider that is not registered, or to a key its provider does not have, is left as
 *       written, so a map can carry references meant for a later stage.
 *   <li>Resolution is a single pass: text a provider returns is never scanned again, so a secret that happens to
 *       contain {@code ${...}} cannot pull in other values.
 *   <li>A value with at least one resolved reference becomes a {@link ResolvedValue}, whose every display form is
 *       the original reference; the resolver itself never logs or reports resolved text.
 * </ul>
 *
 * <p>Immutable and thread-safe when its providers are. Providers are owned by the caller, who closes them.
 */
public final class ConfigVariableResolver {

    private static final Pattern PROVIDER_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    private final Map<String, ConfigProvider> providers;

    private ConfigVariableResolver(Map<String, ConfigProvider> providers) {
        this.providers = Map.copyOf(providers);
    }

    /**
     * Starts a resolver with no providers.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The registered provider names.
     *
     * @return the names
     */
    public Set<String> providerNames() {
        return providers.keySet();
    }

    /**
     * Resolves every reference in a map.
     *
     * @param originals the raw configuration
     * @return a new map in the same iteration order, with resolved values wrapped in {@link ResolvedValue}
     * @throws ConfigProviderException when a provider fails
     */
    public Map<String, Object> resolve(Map<String, ?> originals) {
        return resolveReporting(originals).values();
    }

    /**
     * Resolves every reference in a map and reports the references left as written, so that a caller can warn
     * about them by key and reference, never by value.
     *
     * @param originals the raw configuration
     * @return the values as {@link #resolve(Map)} returns them, and the unresolved references by key
     * @throws ConfigProviderException when a provider fails
     */
    public Resolution resolveReporting(Map<String, ?> originals) {
        Map<String, Map<String, String>> lookups = lookUp(originals);
        Map<String, Object> resolved = new LinkedHashMap<>();
        Map<String, List<VariableReference>> unresolved = new LinkedHashMap<>();
        originals.forEach((name, value) -> {
            List<VariableReference> left = new ArrayList<>();
            resolved.put(name, substitute(value, lookups, left));
            if (!left.isEmpty()) {
                unresolved.put(name, List.copyOf(left));
            }
        });
        return new Resolution(Collections.unmodifiableMap(resolved), Collections.unmodifiableMap(unresolved));
    }

    /** Calls each provider once per referenced path, keyed by {@code provider + '\0' + path}. */
    private Map<String, Map<String, String>> lookUp(Map<String, ?> originals) {
        Map<String, Map<String, Set<String>>> wanted = new HashMap<>();
        for (Object value : originals.values()) {
            if (value instanceof String text) {
                for (VariableReference reference : VariableReference.findAll(text)) {
                    if (providers.containsKey(reference.provider())) {
                        wanted.computeIfAbsent(reference.provider(), provider -> new HashMap<>())
                                .computeIfAbsent(reference.path(), path -> new TreeSet<>())
                                .add(reference.key());
                    }
                }
            }
        }
        Map<String, Map<String, String>> found = new HashMap<>();
        wanted.forEach((provider, paths) -> paths.forEach((path, keys) -> {
            found.put(lookupId(provider, path), callProvider(provider, path, keys));
        }));
        return found;
    }

    private Map<String, String> callProvider(String provider, String path, Set<String> keys) {
        Map<String, String> values;
        try {
            values = providers.get(provider).resolve(path, Collections.unmodifiableSet(keys));
        } catch (ConfigProviderException failure) {
            throw failure;
        } catch (RuntimeException failure) {
            // The provider's own message is its responsibility; ours names only the provider and the path.
            throw new ConfigProviderException(
                    "config provider '" + provider + "' failed to resolve path '" + path + "'", failure);
        }
        if (values == null) {
            throw new ConfigProviderException(
                    "config provider '" + provider + "' returned no result for path '" + path + "'");
        }
        return values;
    }

    private static Object substitute(
            Object value, Map<String, Map<String, String>> lookups, List<VariableReference> unresolved) {
        if (!(value instanceof String template)) {
            return value;
        }
        boolean[] changed = {false};
        String result = VariableReference.substitute(template, reference -> {
            Map<String, String> values = lookups.get(lookupId(reference.provider(), reference.path()));
            String resolved = values == null ? null : values.get(reference.key());
            if (resolved != null) {
                changed[0] = true;
            } else {
                unresolved.add(reference);
            }
            return resolved;
        });
        return changed[0] ? new ResolvedValue(template, result) : template;
    }

    private static String lookupId(String provider, String path) {
        return provider + '\0' + path;
    }

    /**
     * Names the registered providers.
     *
     * @return for example {@code ConfigVariableResolver[env]}
     */
    @Override
    public String toString() {
        return "ConfigVariableResolver" + new TreeSet<>(providers.keySet());
    }

    /**
     * The outcome of {@link #resolveReporting(Map)}. Its {@code toString} shows templates only, as {@link
     * ResolvedValue} does.
     *
     * @param values the map in its original order, resolved values wrapped in {@link ResolvedValue}
     * @param unresolved per key, the references left as written, in order; keys without any are absent
     */
    public record Resolution(Map<String, Object> values, Map<String, List<VariableReference>> unresolved) {

        /**
         * Checks presence.
         *
         * @param values the map in its original order, resolved values wrapped in {@link ResolvedValue}
         * @param unresolved per key, the references left as written, in order; keys without any are absent
         */
        public Resolution {
            Objects.requireNonNull(values, "values");
            Objects.requireNonNull(unresolved, "unresolved");
        }
    }

    /** Fluent builder for {@link ConfigVariableResolver}. Not thread-safe. */
    public static final class Builder {
        private final Map<String, ConfigProvider> providers = new HashMap<>();

        private Builder() {}

        /**
         * Registers a provider.
         *
         * @param name the name used in references, letters, digits, {@code _}, {@code .} and {@code -}
         * @param provider the provider
         * @return this builder
         * @throws IllegalArgumentException when the name is malformed or already registered
         */
        public Builder provider(String name, ConfigProvider provider) {
            Objects.requireNonNull(provider, "provider");
            if (!PROVIDER_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("not a valid config provider name: '" + name + "'");
            }
            if (providers.putIfAbsent(name, provider) != null) {
                throw new IllegalArgumentException("config provider '" + name + "' is registered twice");
            }
            return this;
        }

        /**
         * Builds the resolver.
         *
         * @return the resolver
         */
        public ConfigVariableResolver build() {
            return new ConfigVariableResolver(providers);
        }
    }
}
