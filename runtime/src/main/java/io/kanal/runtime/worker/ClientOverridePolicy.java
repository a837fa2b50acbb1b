package io.kanal.runtime.worker;

import io.kanal.config.ConfigProblem;
import io.kanal.config.ConfigValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which client settings a connector may override with {@code producer.override.*}, {@code consumer.override.*} and
 * {@code admin.override.*}: the worker's {@value #POLICY_CONFIG} with Kafka Connect's policies {@code All}, {@code
 * None}, {@code Principal} and {@code Allowlist} (KIP-1188, with {@value #ALLOWLIST_CONFIG}).
 *
 * <p>Kanal's default is {@code Allowlist} with an empty list (no overrides) where Connect 4.x still defaults to
 * {@code All}: a connector config must not be able to point a worker's clients at another cluster or identity unless
 * the operator allowed it. Names are matched case-insensitively, with or without Connect's class-name suffix
 * ({@code AllowlistConnectorClientConfigOverridePolicy}).
 *
 * <p>Immutable and thread-safe.
 */
public final class ClientOverridePolicy {

    /** The worker key choosing the policy. */
    public static final String POLICY_CONFIG = "connector.client.config.override.policy";
    /** The worker key listing what {@code Allowlist} permits. */
    public static final String ALLOWLIST_CONFIG = "connector.client.config.override.allowlist";

    /** What the {@code Principal} policy permits, as Connect's. */
    static final Set<String> PRINCIPAL_KEYS = Set.of("sasl.jaas.config", "sasl.mechanism", "security.protocol");

    /** The kinds of policy. */
    public enum Kind {
        /** Every override is allowed (Connect's default). */
        ALL,
        /** No override is allowed. */
        NONE,
        /** Only the SASL principal settings (deprecated in Connect). */
        PRINCIPAL,
        /** Only the listed settings (KIP-1188); Kanal's default. */
        ALLOWLIST
    }

    private final Kind kind;
    private final Set<String> allowed;

    private ClientOverridePolicy(Kind kind, Set<String> allowed) {
        this.kind = kind;
        this.allowed = Set.copyOf(allowed);
    }

    /**
     * Reads the policy from the worker's configuration.
     *
     * @param workerConfig the worker's configuration
     * @return the policy
     * @throws ConfigValidationException naming {@value #POLICY_CONFIG} and the accepted values when unknown
     */
    public static ClientOverridePolicy fromWorkerConfig(Map<String, String> workerConfig) {
        String name = workerConfig.getOrDefault(POLICY_CONFIG, "Allowlist").trim();
        String simple = name.substring(name.lastIndexOf('.') + 1).replace("ConnectorClientConfigOverridePolicy", "");
        Kind kind;
        try {
            kind = Kind.valueOf(simple.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigValidationException(List.of(
                    ConfigProblem.invalidValue(POLICY_CONFIG, name, "must be one of All, None, Principal, Allowlist")));
        }
        Set<String> list = new TreeSet<>();
        String raw = workerConfig.getOrDefault(ALLOWLIST_CONFIG, "");
        for (String key : raw.split(",")) {
            if (!key.isBlank()) {
                list.add(key.trim());
            }
        }
        return new ClientOverridePolicy(kind, kind == Kind.PRINCIPAL ? PRINCIPAL_KEYS : list);
    }

    /**
     * The policy's kind.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Checks a connector's overrides for one client.
     *
     * @param prefix the connector key prefix, such as {@code producer.override.}
     * @param overrides the overrides, without the prefix
     * @throws ConfigValidationException naming every refused key (with its prefix) and the rule
     */
    public void check(String prefix, Map<String, String> overrides) {
        if (kind == Kind.ALL) {
            return;
        }
        List<ConfigProblem> problems = new ArrayList<>();
        for (String key : new TreeSet<>(overrides.keySet())) {
            if (kind == Kind.NONE || !allowed.contains(key)) {
                problems.add(ConfigProblem.invalidValue(
                        prefix + key,
                        "[hidden]",
                        "is not allowed by the worker's " + POLICY_CONFIG + "="
                                + kind.name().toLowerCase(Locale.ROOT)
                                + (kind == Kind.NONE ? "" : " (allowed: " + new TreeSet<>(allowed) + ")")));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigValidationException(problems);
        }
    }
}
