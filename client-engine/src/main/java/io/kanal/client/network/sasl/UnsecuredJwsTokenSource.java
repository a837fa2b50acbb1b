package io.kanal.client.network.sasl;

import io.kanal.client.security.OAuthBearerToken;
import io.kanal.client.security.OAuthBearerTokenSource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds unsecured JWS tokens ({@code alg: none}, RFC 7515 §A.5), as Kafka's {@code OAuthBearerLoginModule} does with
 * its {@code unsecuredLogin*} options: for tests and development against a broker that runs Kafka's unsecured
 * validator, never for production. Each call makes a fresh token with {@code iat} now and {@code exp} after the
 * lifetime. Immutable and thread-safe.
 */
public final class UnsecuredJwsTokenSource implements OAuthBearerTokenSource {
    private static final String HEADER = "{\"alg\":\"none\"}";

    private final String principalClaim;
    private final Map<String, Object> claims;
    private final long lifetimeMs;
    private final Clock clock;

    /**
     * Creates the source.
     *
     * @param principalClaim the claim that names the principal ({@code sub} by default in Kafka)
     * @param claims claims to include: strings, numbers, or lists of strings; must hold the principal claim
     * @param lifetimeMs how long each token is valid
     * @param clock the wall clock for {@code iat} and {@code exp}
     */
    public UnsecuredJwsTokenSource(String principalClaim, Map<String, Object> claims, long lifetimeMs, Clock clock) {
        this.principalClaim = Objects.requireNonNull(principalClaim, "principalClaim");
        this.claims = Map.copyOf(claims);
        this.lifetimeMs = lifetimeMs;
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!(claims.get(principalClaim) instanceof String)) {
            throw new IllegalArgumentException("the principal claim '" + principalClaim + "' must be a string");
        }
        if (lifetimeMs <= 0) {
            throw new IllegalArgumentException("lifetimeMs must be positive");
        }
    }

    /**
     * A source of tokens for one subject, valid for an hour (Kafka's default).
     *
     * @param subject the {@code sub} claim
     * @return the source
     */
    public static UnsecuredJwsTokenSource forSubject(String subject) {
        return new UnsecuredJwsTokenSource("sub", Map.of("sub", subject), 3_600_000L, Clock.systemUTC());
    }

    @Override
    public OAuthBearerToken token() {
        long now = clock.millis();
        long expires = now + lifetimeMs;
        Map<String, Object> payload = new LinkedHashMap<>(claims);
        payload.putIfAbsent("iat", now / 1000.0);
        payload.putIfAbsent("exp", expires / 1000.0);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String token = b64.encodeToString(HEADER.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(json(payload).getBytes(StandardCharsets.UTF_8)) + ".";
        return new OAuthBearerToken(token, (String) claims.get(principalClaim), expires);
    }

    static String json(Map<String, Object> values) {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (out.length() > 1) {
                out.append(',');
            }
            quote(out, e.getKey());
            out.append(':');
            value(out, e.getValue());
        }
        return out.append('}').toString();
    }

    private static void value(StringBuilder out, Object value) {
        if (value instanceof Number n) {
            out.append(n);
        } else if (value instanceof Iterable<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                quote(out, String.valueOf(item));
            }
            out.append(']');
        } else {
            quote(out, String.valueOf(value));
        }
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return "UnsecuredJwsTokenSource[principal=" + claims.get(principalClaim) + ", lifetimeMs=" + lifetimeMs + "]";
    }
}
