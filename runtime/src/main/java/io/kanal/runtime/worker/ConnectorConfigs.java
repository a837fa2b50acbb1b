package io.kanal.runtime.worker;

import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.runtime.invoke.Redactor;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Resolves connector and task configs just before they are used (config provider references such as {@code
 * ${file:/etc/secrets.properties:db.password}} stay unresolved in the stores, so that no secret reaches a config file
 * or topic) and knows which resolved values are secrets: the values of the connector's {@code PASSWORD} keys, values
 * that came from a config provider, and values of keys named like a password. Everything the worker logs or puts in a
 * status about a connector goes through that connector's {@link Redactor}.
 *
 * <p>Thread-safe: called from the herder thread, the worker's operations threads and the connector threads.
 */
public final class ConnectorConfigs {

    /** Endings of key names whose values are masked even before the connector's spec is known. */
    private static final List<String> SECRET_ENDINGS =
            List.of("password", "secret", "api.key", "token", "jaas.config", "key.password", "credentials");

    private final UnaryOperator<Map<String, String>> providers;
    private final Set<String> workerSecrets;
    private final Map<String, Set<String>> passwordKeys = new ConcurrentHashMap<>();
    private final Map<String, Redactor> redactors = new ConcurrentHashMap<>();

    /**
     * A resolved config and the redactor for its secrets.
     *
     * @param values the config with provider references replaced
     * @param redactor masks its secrets
     */
    public record Resolved(Map<String, String> values, Redactor redactor) {
        /**
         * Copies the values.
         *
         * @param values the config
         * @param redactor the redactor
         */
        public Resolved {
            values = Map.copyOf(values);
            Objects.requireNonNull(redactor, "redactor");
        }

        /**
         * Renders the record without values.
         *
         * @return the rendering
         */
        @Override
        public String toString() {
            return "Resolved" + new java.util.TreeSet<>(values.keySet());
        }
    }

    /**
     * Creates the resolver.
     *
     * @param providers replaces config provider references in a config (identity when there are no providers)
     * @param workerSecrets the worker config's secret values, masked for every connector too (a client error can
     *     quote the worker's {@code producer.sasl.jaas.config})
     */
    public ConnectorConfigs(UnaryOperator<Map<String, String>> providers, Set<String> workerSecrets) {
        this.providers = Objects.requireNonNull(providers, "providers");
        this.workerSecrets = Set.copyOf(workerSecrets);
    }

    /**
     * The secret values of a config: those a provider supplied and those of keys named like secrets.
     *
     * @param raw the config as written
     * @param resolved the config with provider references replaced
     * @return the secret values
     */
    public static Set<String> secretsOf(Map<String, String> raw, Map<String, String> resolved) {
        Set<String> secrets = new HashSet<>();
        for (Map.Entry<String, String> e : resolved.entrySet()) {
            String before = raw.get(e.getKey());
            boolean fromProvider = before != null && !before.equals(e.getValue());
            if (fromProvider || namedLikeSecret(e.getKey())) {
                secrets.add(e.getValue());
            }
        }
        return secrets;
    }

    /**
     * Resolves a connector's config and remembers its secrets for the connector's redactor.
     *
     * @param connector the connector's name
     * @param raw the config as stored
     * @return the resolved config
     */
    public Resolved resolve(String connector, Map<String, String> raw) {
        Map<String, String> resolved = providers.apply(raw);
        Redactor redactor = Redactor.of(secrets(connector, raw, resolved)).with(workerSecrets);
        redactors.put(connector, redactor);
        return new Resolved(resolved, redactor);
    }

    /**
     * Resolves a config to validate it, remembering nothing: a validation must not change the running connector's
     * redactor.
     *
     * @param connector the connector's name
     * @param raw the config as it would be stored
     * @return the resolved config
     */
    public Resolved resolveForValidation(String connector, Map<String, String> raw) {
        Map<String, String> resolved = providers.apply(raw);
        return new Resolved(resolved, Redactor.of(secretsOf(raw, resolved)).with(workerSecrets));
    }

    /**
     * The values of a spec's {@code PASSWORD} keys in a config: what a task's own spec says is secret.
     *
     * @param spec a plugin's spec
     * @param config its config
     * @return the secret values
     */
    public static Set<String> passwordValues(ConfigSpec spec, Map<String, String> config) {
        Set<String> values = new HashSet<>();
        for (ConfigKey<?> key : spec.keys()) {
            if (key.type().isSecret() && config.get(key.name()) != null) {
                values.add(config.get(key.name()));
            }
        }
        return values;
    }

    /**
     * Resolves a task's config; its redactor also masks the connector's secrets.
     *
     * @param connector the connector's name
     * @param raw the task config as stored
     * @return the resolved config
     */
    public Resolved resolveTask(String connector, Map<String, String> raw) {
        Map<String, String> resolved = providers.apply(raw);
        Set<String> secrets = secrets(connector, raw, resolved);
        return new Resolved(resolved, redactor(connector).with(secrets));
    }

    /**
     * The connector's redactor, as of its last resolution.
     *
     * @param connector the connector's name
     * @return the redactor; {@link Redactor#NONE} before the first resolution
     */
    public Redactor redactor(String connector) {
        return redactors.getOrDefault(connector, Redactor.of(workerSecrets));
    }

    /**
     * Learns the connector's {@code PASSWORD} keys from its spec (the connector thread calls this once it has it).
     *
     * @param connector the connector's name
     * @param spec the connector's config spec
     * @param config its resolved config, whose values of those keys join the redactor
     */
    public void learn(String connector, ConfigSpec spec, Map<String, String> config) {
        Set<String> keys = new HashSet<>();
        for (ConfigKey<?> key : spec.keys()) {
            if (key.type().isSecret()) {
                keys.add(key.name());
            }
        }
        passwordKeys.put(connector, Set.copyOf(keys));
        Set<String> values = new HashSet<>();
        keys.forEach(k -> values.add(config.get(k)));
        redactors.merge(connector, Redactor.of(values), (a, b) -> a.with(values));
    }

    private Set<String> secrets(String connector, Map<String, String> raw, Map<String, String> resolved) {
        Set<String> secrets = secretsOf(raw, resolved);
        for (String key : passwordKeys.getOrDefault(connector, Set.of())) {
            secrets.add(resolved.get(key));
        }
        secrets.remove(null);
        return secrets;
    }

    /**
     * Whether a key's name says its value is a secret ({@code ...password}, {@code ...secret}, {@code ...api.key},
     * {@code ...token}, {@code ...jaas.config}, {@code ...credentials}), whatever its type: the rule for values masked
     * before, or without, the plugin's spec.
     *
     * @param key the key
     * @return whether its value is treated as a secret
     */
    public static boolean namedLikeSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return SECRET_ENDINGS.stream().anyMatch(lower::endsWith);
    }
}
