package io.kanal.testkit.internal;

import io.kanal.testkit.ClusterSpec;
import io.kanal.testkit.ListenerSecurity;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The broker side of a SASL client listener: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 and OAUTHBEARER (Kafka's unsecured
 * JWS validator, for tests only) are all enabled on the {@code CLIENT} listener, with one user, {@link #USERNAME},
 * known to PLAIN (in its JAAS line) and to both SCRAM mechanisms (stored when the node's storage is formatted,
 * KIP-900).
 * Stateless.
 */
public final class SaslBrokerConfig {
    /** The user the testkit creates. */
    public static final String USERNAME = "kanal";
    /** Its password (a test credential, generated into the broker's config at run time). */
    public static final String PASSWORD = "kanal-secret";
    /** The mechanisms the client listener enables. */
    public static final List<String> MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER");
    /** Where {@link NodeMain} finds extra arguments for the storage format, next to {@code server.properties}. */
    public static final String FORMAT_ARGUMENTS_SUFFIX = ".format-args";

    private SaslBrokerConfig() {}

    /**
     * Whether the cluster's client listener authenticates with SASL.
     *
     * @param spec the cluster
     * @return true for SASL_PLAINTEXT and SASL_SSL
     */
    public static boolean enabled(ClusterSpec spec) {
        return spec.clientListener() == ListenerSecurity.SASL_PLAINTEXT
                || spec.clientListener() == ListenerSecurity.SASL_SSL;
    }

    /**
     * The broker properties for the SASL client listener.
     *
     * @param spec the cluster
     * @return the properties, empty when the listener does not use SASL
     */
    public static Map<String, String> serverProperties(ClusterSpec spec) {
        Map<String, String> config = new TreeMap<>();
        if (!enabled(spec)) {
            return config;
        }
        String prefix = "listener.name.client.";
        config.put(prefix + "sasl.enabled.mechanisms", String.join(",", MECHANISMS));
        config.put(
                prefix + "plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required user_" + USERNAME + "=\"" + PASSWORD
                        + "\";");
        config.put(
                prefix + "scram-sha-256.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        config.put(
                prefix + "scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        config.put(
                prefix + "oauthbearer.sasl.jaas.config",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required"
                        + " unsecuredLoginStringClaim_sub=\"broker\";");
        return config;
    }

    /**
     * Extra arguments of {@code kafka-storage format}: the SCRAM credentials of {@link #USERNAME} for both hashes.
     *
     * @param spec the cluster
     * @return the arguments, empty when the listener does not use SASL
     */
    public static List<String> formatArguments(ClusterSpec spec) {
        if (!enabled(spec)) {
            return List.of();
        }
        String user = "[name=" + USERNAME + ",password=" + PASSWORD + "]";
        return List.of("--add-scram", "SCRAM-SHA-256=" + user, "--add-scram", "SCRAM-SHA-512=" + user);
    }
}
