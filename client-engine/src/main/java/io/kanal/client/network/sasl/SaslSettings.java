package io.kanal.client.network.sasl;

import io.kanal.client.errors.InvalidConfigException;
import io.kanal.client.security.OAuthBearerTokenSource;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a client authenticates with SASL: the mechanism and a factory of fresh {@link SaslMechanism} clients, one per
 * (re-)authentication. Built from Kafka's keys by {@link #from}. Holds credentials: {@link #toString()} names the
 * mechanism and the user only. Immutable and thread-safe.
 *
 * @param mechanism the mechanism name sent in SaslHandshake
 * @param principal the user (or token subject) for logs, never a secret
 * @param clients makes the client side of one exchange; called on the connection's I/O thread
 */
public record SaslSettings(String mechanism, String principal, Supplier<SaslMechanism> clients) {
    /** The mechanisms Kanal implements. */
    public static final java.util.List<String> MECHANISMS =
            java.util.List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER");

    private static final String UNSECURED_CLAIM = "unsecuredLoginStringClaim_";
    private static final String UNSECURED_NUMBER_CLAIM = "unsecuredLoginNumberClaim_";
    private static final String UNSECURED_LIST_CLAIM = "unsecuredLoginListClaim_";
    private static final String UNSECURED_EXTENSION = "unsecuredLoginExtension_";

    /** Validates the components. */
    public SaslSettings {
        Objects.requireNonNull(mechanism, "mechanism");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(clients, "clients");
    }

    /**
     * Builds the settings from Kafka's keys.
     *
     * @param mechanism {@code sasl.mechanism}
     * @param jaasConfig {@code sasl.jaas.config}, or null
     * @param username {@code sasl.username} (Kanal's simpler key), or null
     * @param password {@code sasl.password} (Kanal's simpler key), or null
     * @param tokenSource a token source for OAUTHBEARER that wins over the JAAS options, or null
     * @return the settings
     * @throws InvalidConfigException if the keys do not fit together; the message never holds a secret
     */
    public static SaslSettings from(
            String mechanism, String jaasConfig, String username, String password, OAuthBearerTokenSource tokenSource) {
        String name = mechanism.trim().toUpperCase(Locale.ROOT);
        if (!MECHANISMS.contains(name)) {
            throw new InvalidConfigException("sasl.mechanism " + mechanism + " is not supported; Kanal supports "
                    + MECHANISMS + (name.equals("GSSAPI") ? " (Kerberos/GSSAPI is not implemented)" : ""));
        }
        if (jaasConfig != null && (username != null || password != null)) {
            throw new InvalidConfigException("set either sasl.jaas.config or sasl.username/sasl.password, not both");
        }
        JaasConfig jaas = jaasConfig == null ? null : JaasConfig.parse(jaasConfig);
        if (jaas != null) {
            String expected =
                    switch (name) {
                        case "PLAIN" -> "PlainLoginModule";
                        case "OAUTHBEARER" -> "OAuthBearerLoginModule";
                        default -> "ScramLoginModule";
                    };
            if (!jaas.moduleSimpleName().equals(expected)) {
                throw new InvalidConfigException("sasl.jaas.config names " + jaas.loginModule() + " but sasl.mechanism "
                        + name + " needs a " + expected);
            }
        }
        if (name.equals("OAUTHBEARER")) {
            return oauth(jaas, username, tokenSource);
        }
        String user = jaas != null ? jaas.options().get("username") : username;
        String secret = jaas != null ? jaas.options().get("password") : password;
        if (user == null || secret == null) {
            throw new InvalidConfigException("SASL " + name + " needs a username and a password: set sasl.jaas.config"
                    + " with username=\"...\" password=\"...\", or sasl.username and sasl.password");
        }
        if (name.equals("PLAIN")) {
            return new SaslSettings(name, user, () -> new PlainMechanism(user, secret));
        }
        ScramMechanism.Algorithm algorithm =
                name.equals("SCRAM-SHA-256") ? ScramMechanism.Algorithm.SHA_256 : ScramMechanism.Algorithm.SHA_512;
        boolean tokenAuth =
                jaas != null && "true".equalsIgnoreCase(jaas.options().get("tokenauth"));
        SecureRandom random = new SecureRandom();
        Supplier<String> nonces = () -> {
            byte[] bytes = new byte[24];
            random.nextBytes(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        };
        return new SaslSettings(name, user, () -> new ScramMechanism(algorithm, user, secret, nonces, tokenAuth));
    }

    private static SaslSettings oauth(JaasConfig jaas, String username, OAuthBearerTokenSource tokenSource) {
        Map<String, String> extensions = new LinkedHashMap<>();
        OAuthBearerTokenSource source = tokenSource;
        String principal = "token";
        if (jaas != null) {
            Map<String, Object> claims = new LinkedHashMap<>();
            for (Map.Entry<String, String> option : jaas.options().entrySet()) {
                String key = option.getKey();
                if (key.startsWith(UNSECURED_CLAIM)) {
                    claims.put(key.substring(UNSECURED_CLAIM.length()), option.getValue());
                } else if (key.startsWith(UNSECURED_NUMBER_CLAIM)) {
                    claims.put(key.substring(UNSECURED_NUMBER_CLAIM.length()), number(key, option.getValue()));
                } else if (key.startsWith(UNSECURED_LIST_CLAIM)) {
                    claims.put(key.substring(UNSECURED_LIST_CLAIM.length()), list(option.getValue()));
                } else if (key.startsWith(UNSECURED_EXTENSION)) {
                    extensions.put(key.substring(UNSECURED_EXTENSION.length()), option.getValue());
                }
            }
            String principalClaim = jaas.options().getOrDefault("unsecuredLoginPrincipalClaimName", "sub");
            if (source == null) {
                if (!(claims.get(principalClaim) instanceof String subject)) {
                    throw new InvalidConfigException("OAUTHBEARER without a token source needs the unsecured token"
                            + " option unsecuredLoginStringClaim_" + principalClaim + " in sasl.jaas.config");
                }
                long lifetimeSeconds = number(
                                "unsecuredLoginLifetimeSeconds",
                                jaas.options().getOrDefault("unsecuredLoginLifetimeSeconds", "3600"))
                        .longValue();
                source = new UnsecuredJwsTokenSource(principalClaim, claims, lifetimeSeconds * 1000, Clock.systemUTC());
                principal = subject;
            }
        } else if (source == null && username != null) {
            source = UnsecuredJwsTokenSource.forSubject(username);
            principal = username;
        }
        if (source == null) {
            throw new InvalidConfigException("OAUTHBEARER needs a token source, or sasl.jaas.config with"
                    + " OAuthBearerLoginModule and unsecuredLoginStringClaim_sub for tests");
        }
        OAuthBearerTokenSource tokens = source;
        return new SaslSettings("OAUTHBEARER", principal, () -> new OAuthBearerMechanism(tokens, extensions));
    }

    private static Number number(String key, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidConfigException("sasl.jaas.config option " + key + " must be a whole number", e);
        }
    }

    private static java.util.List<String> list(String value) {
        // Kafka's format: the first character is the separator, e.g. ",a,b".
        if (value.isEmpty()) {
            return java.util.List.of();
        }
        String separator = value.substring(0, 1);
        return java.util.Arrays.stream(value.substring(1).split(java.util.regex.Pattern.quote(separator), -1))
                .filter(s -> !s.isEmpty())
                .toList();
    }

    @Override
    public String toString() {
        return "SaslSettings[" + mechanism + ", principal=" + principal + "]";
    }
}
