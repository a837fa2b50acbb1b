package io.kanal.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A configuration parsed against a {@link ConfigSpec}: every defined key with its typed value (supplied or
 * default), plus the names of keys the spec does not define. Immutable and thread-safe.
 *
 * <p>Values are read through their {@link ConfigKey}, which carries the type: {@code get(LINGER_MS)} is a {@code
 * Duration}. {@link #toString()} hides passwords and shows provider references instead of what they resolved to.
 */
public final class ParsedConfig {

    private final ConfigSpec spec;
    private final Map<String, Object> values;
    private final Set<String> supplied;
    private final Map<String, String> templates;
    private final Set<String> unknownKeys;
    private final Map<String, String> originals;

    ParsedConfig(
            ConfigSpec spec,
            Map<String, Object> values,
            Set<String> supplied,
            Map<String, String> templates,
            Set<String> unknownKeys,
            Map<String, String> originals) {
        this.spec = spec;
        this.values = Map.copyOf(values);
        this.supplied = Set.copyOf(supplied);
        this.templates = Map.copyOf(templates);
        this.unknownKeys = unknownKeys;
        this.originals = originals;
    }

    /**
     * Every key the user supplied, defined by the spec or not, with its value as text: secrets and provider-resolved
     * values are revealed. For what a spec cannot declare key by key: a family of keys passed through to a driver or
     * a client ({@code connection.*}), or a Kafka Connect plugin run through the bridge, which reads its own map.
     * Typed access through {@link #get} is the rule; this is the exception. Never log or show the result: it holds
     * secrets in clear text ({@link #toString()} does not).
     *
     * @return the supplied keys and their text, in the order given; unmodifiable
     */
    public Map<String, String> originals() {
        return originals;
    }

    /**
     * The supplied keys that start with a prefix, such as {@code connection.}; see {@link #originals()} for what the
     * values hold.
     *
     * @param prefix the prefix
     * @param strip whether to remove the prefix from the returned names
     * @return the matching keys and their text, in the order given; unmodifiable
     */
    public Map<String, String> originalsWithPrefix(String prefix, boolean strip) {
        Map<String, String> matching = new LinkedHashMap<>();
        originals.forEach((name, value) -> {
            if (name.startsWith(prefix)) {
                matching.put(strip ? name.substring(prefix.length()) : name, value);
            }
        });
        return Collections.unmodifiableMap(matching);
    }

    /**
     * The spec this configuration was parsed against.
     *
     * @return the spec
     */
    public ConfigSpec spec() {
        return spec;
    }

    /**
     * The value of a key that has one: supplied, defaulted, or required (and therefore present).
     *
     * @param key a key of this configuration's spec
     * @param <T> the value type
     * @return the typed value
     * @throws NoSuchElementException when the key is optional and was not supplied; use {@link #find(ConfigKey)}
     * @throws IllegalArgumentException when the key is not part of the spec
     */
    public <T> T get(ConfigKey<T> key) {
        return find(key)
                .orElseThrow(() ->
                        new NoSuchElementException("configuration '" + key.name() + "' has no value and no default"));
    }

    /**
     * The value of a key, if it has one.
     *
     * @param key a key of this configuration's spec
     * @param <T> the value type
     * @return the typed value, or empty for an optional key that was not supplied
     * @throws IllegalArgumentException when the key is not part of the spec
     */
    public <T> Optional<T> find(ConfigKey<T> key) {
        requireDefined(key);
        Object value = values.get(key.name());
        // Safe: the spec stores under each name only values that its key's type parsed.
        @SuppressWarnings("unchecked")
        T typed = (T) value;
        return Optional.ofNullable(typed);
    }

    /**
     * The value of a key by name, for generic code (the REST layer, a runtime passing values through) that does not
     * hold the typed key.
     *
     * @param name a key name
     * @return the typed value as an object; empty when the key is undefined or has no value
     */
    public Optional<Object> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /**
     * Whether the user supplied the key, as opposed to it taking its default.
     *
     * @param key a key of this configuration's spec
     * @return {@code true} when supplied
     */
    public boolean isSupplied(ConfigKey<?> key) {
        requireDefined(key);
        return supplied.contains(key.name());
    }

    /**
     * A key's value as it may be shown to a human: passwords hidden, provider-resolved values shown as their
     * {@code ${...}} reference.
     *
     * @param name a key name
     * @return the safe string form; empty when the key has no value
     */
    public Optional<String> shownValue(String name) {
        Optional<ConfigKey<?>> key = spec.key(name);
        if (key.isEmpty() || !values.containsKey(name)) {
            return Optional.empty();
        }
        return Optional.of(show(key.get()));
    }

    private <T> String show(ConfigKey<T> key) {
        if (key.type().isSecret()) {
            return Password.HIDDEN;
        }
        String template = templates.get(key.name());
        if (template != null) {
            return template;
        }
        return key.type().format(find(key).orElseThrow());
    }

    /**
     * Keys in the original map that the spec does not define, so a client can warn about them once (they are often
     * typos, or settings meant for another component).
     *
     * @return the names, sorted
     */
    public Set<String> unknownKeys() {
        return unknownKeys;
    }

    private void requireDefined(ConfigKey<?> key) {
        Optional<ConfigKey<?>> defined = spec.key(key.name());
        if (defined.isEmpty() || !defined.get().equals(key)) {
            throw new IllegalArgumentException("configuration '" + key.name() + "' is not defined by this spec");
        }
    }

    /**
     * Compares specs, values and supplied keys.
     *
     * @param other another object
     * @return {@code true} for the same parse result
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof ParsedConfig config
                && spec.equals(config.spec)
                && values.equals(config.values)
                && supplied.equals(config.supplied)
                && templates.equals(config.templates)
                && unknownKeys.equals(config.unknownKeys);
    }

    /**
     * Hashes the values.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        return Objects.hash(values, supplied);
    }

    /**
     * Every key with a value, in spec order, redacted.
     *
     * @return for example {@code ParsedConfig{linger.ms=5, sasl.password=[hidden]}}
     */
    @Override
    public String toString() {
        return spec.keys().stream()
                .filter(key -> values.containsKey(key.name()))
                .map(key -> key.name() + "=" + show(key))
                .collect(Collectors.joining(", ", "ParsedConfig{", "}"));
    }
}
