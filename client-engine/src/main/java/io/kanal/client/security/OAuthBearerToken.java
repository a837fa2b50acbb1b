package io.kanal.client.security;

import java.util.Objects;

/**
 * A bearer token for SASL OAUTHBEARER. The value is a secret: {@link #toString()} shows the principal and lifetime
 * only.
 *
 * @param value the compact token (a JWT, or any opaque string the broker's validator accepts)
 * @param principal who the token names, for logs
 * @param expiresAtEpochMs when the token stops being valid, in wall-clock epoch ms
 */
public record OAuthBearerToken(String value, String principal, long expiresAtEpochMs) {
    /** Validates the components. */
    public OAuthBearerToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(principal, "principal");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("empty token");
        }
    }

    @Override
    public String toString() {
        return "OAuthBearerToken[principal=" + principal + ", expiresAtEpochMs=" + expiresAtEpochMs
                + ", value=[hidden]]";
    }
}
