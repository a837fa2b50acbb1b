package io.kanal.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A set of configuration key definitions: the single declaration that parses user maps into a typed {@link
 * ParsedConfig}, validates them for the REST API and renders documentation ({@link ConfigDocs}). Immutable and
 * thread-safe; declare one per component in a static field.
 *
 * <pre>{@code
 * static final ConfigKey<Duration> LINGER_MS = ConfigKey.builder("linger.ms", ConfigType.DURATION)
 *         .defaultValue(Duration.ofMillis(5)).validator(Validators.atLeast(Duration.ZERO))
 *         .importance(Importance.MEDIUM).documentation("How long to wait for more records.").build();
 * static final ConfigSpec SPEC = ConfigSpec.builder().define(LINGER_MS).build();
 *
 * ParsedConfig config = SPEC.parse(Map.of("linger.ms", "10"));
 * Duration linger = config.get(LINGER_MS);
 * }</pre>
 */
public final class ConfigSpec {

    private final Map<String, ConfigKey<?>> keys;
    private final List<ConfigKey<?>> ordered;

    private ConfigSpec(Map<String, ConfigKey<?>> keys) {
        this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
        this.ordered = List.copyOf(keys.values());
    }

    /**
     * Starts an empty spec.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Every key, in definition order.
     *
     * @return the keys
     */
    public List<ConfigKey<?>> keys() {
        return ordered;
    }

    /**
     * Looks a key up by name.
     *
     * @param name the key name
     * @return the definition, or empty when the spec does not define it
     */
    public Optional<ConfigKey<?>> key(String name) {
        return Optional.ofNullable(keys.get(name));
    }

    /**
     * Parses a raw map. Values may be strings or already typed objects; {@code null} values count as absent;
     * {@link ResolvedValue}s from a {@link ConfigVariableResolver} are accepted where strings are.
     *
     * @param originals the raw configuration
     * @return the typed configuration
     * @throws ConfigValidationException listing every problem, when there is at least one
     */
    public ParsedConfig parse(Map<String, ?> originals) {
        SpecParser.Outcome outcome = SpecParser.parse(this, originals);
        if (!outcome.problems().isEmpty()) {
            throw new ConfigValidationException(outcome.allProblems());
        }
        return outcome.config();
    }

    /**
     * Validates a raw map without throwing, reporting per key its shown value, recommendations, problems and
     * visibility.
     *
     * @param originals the raw configuration
     * @return the result, valid or not
     */
    public ConfigValidationResult validate(Map<String, ?> originals) {
        SpecParser.Outcome outcome = SpecParser.parse(this, originals);
        ParsedConfig partial = outcome.config();
        List<ConfigValueResult> results = new ArrayList<>(keys.size());
        for (ConfigKey<?> key : keys.values()) {
            ConfigProblem problem = outcome.problems().get(key.name());
            results.add(new ConfigValueResult(
                    key.name(),
                    outcome.shownValues().get(key.name()),
                    SpecParser.recommendations(key, partial),
                    problem == null ? List.of() : List.of(problem),
                    key.recommender().visible(partial)));
        }
        return new ConfigValidationResult(results, partial.unknownKeys());
    }

    /**
     * The keys of a raw map that this spec does not define.
     *
     * @param originals the raw configuration
     * @return the unknown names, sorted
     */
    public Set<String> unknownKeys(Map<String, ?> originals) {
        return SpecParser.unknownKeys(this, originals);
    }

    /**
     * Specs are equal when they define equal keys in the same order.
     *
     * @param other another object
     * @return {@code true} for equal definitions
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof ConfigSpec spec && ordered.equals(spec.ordered);
    }

    /**
     * Hashes the key names.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        return keys.keySet().hashCode();
    }

    /**
     * The key names.
     *
     * @return for example {@code ConfigSpec[bootstrap.servers, linger.ms]}
     */
    @Override
    public String toString() {
        return "ConfigSpec" + keys.keySet();
    }

    /** Fluent builder for {@link ConfigSpec}. Not thread-safe. */
    public static final class Builder {
        private final Map<String, ConfigKey<?>> keys = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Adds a key.
         *
         * @param key the definition
         * @return this builder
         * @throws ConfigDefinitionException when a key of that name is already defined
         */
        public Builder define(ConfigKey<?> key) {
            if (keys.putIfAbsent(key.name(), key) != null) {
                throw new ConfigDefinitionException("key '" + key.name() + "' is defined twice");
            }
            return this;
        }

        /**
         * Adds every key of another spec, so that specs can share a common part (client settings shared by the
         * producer and the consumer).
         *
         * @param other the spec to include
         * @return this builder
         * @throws ConfigDefinitionException when a name clashes
         */
        public Builder include(ConfigSpec other) {
            other.keys.values().forEach(this::define);
            return this;
        }

        /**
         * Builds the spec.
         *
         * @return the spec
         * @throws ConfigDefinitionException when a key names a dependent that is not defined
         */
        public ConfigSpec build() {
            for (ConfigKey<?> key : keys.values()) {
                for (String dependent : key.dependents()) {
                    if (!keys.containsKey(dependent)) {
                        throw new ConfigDefinitionException(
                                "key '" + key.name() + "' names dependent '" + dependent + "', which is not defined");
                    }
                }
            }
            return new ConfigSpec(keys);
        }
    }
}
