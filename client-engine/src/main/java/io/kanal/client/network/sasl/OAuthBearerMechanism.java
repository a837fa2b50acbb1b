package io.kanal.client.network.sasl;

import io.kanal.client.errors.SaslAuthenticationException;
import io.kanal.client.security.OAuthBearerToken;
import io.kanal.client.security.OAuthBearerTokenSource;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The client side of SASL OAUTHBEARER (RFC 7628, Kafka's KIP-255): one message {@code n,,^Aauth=Bearer <token>^A
 * [key=value^A]^A}. A broker that refuses the token answers with an error JSON as a challenge; the client must reply
 * with a single {@code ^A} (RFC 7628 §3.2.3), after which the broker fails the exchange with its error code. The JSON
 * is kept so that the failure can say why. Owned by one connection's I/O thread.
 */
final class OAuthBearerMechanism implements SaslMechanism {
    private static final char SEPARATOR = '\u0001';

    private final OAuthBearerTokenSource tokens;
    private final Map<String, String> extensions;
    private boolean sent;
    private boolean complete;
    private String serverError;

    OAuthBearerMechanism(OAuthBearerTokenSource tokens, Map<String, String> extensions) {
        this.tokens = tokens;
        this.extensions = Map.copyOf(extensions);
    }

    @Override
    public String name() {
        return "OAUTHBEARER";
    }

    @Override
    public byte[] initialResponse() {
        OAuthBearerToken token;
        try {
            token = tokens.token();
        } catch (RuntimeException e) {
            if (e instanceof SaslAuthenticationException) {
                throw e;
            }
            // The source's message could quote a credential: only its type goes into ours, the exception as cause.
            throw new SaslAuthenticationException(
                    "OAUTHBEARER",
                    "the token source failed with " + e.getClass().getName(),
                    e);
        }
        if (token == null) {
            throw new SaslAuthenticationException("OAUTHBEARER", "the token source returned no token");
        }
        StringBuilder message = new StringBuilder("n,,").append(SEPARATOR);
        message.append("auth=Bearer ").append(token.value()).append(SEPARATOR);
        extensions.forEach((k, v) -> message.append(k).append('=').append(v).append(SEPARATOR));
        message.append(SEPARATOR);
        sent = true;
        return message.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) {
        if (!sent || complete) {
            throw new SaslAuthenticationException("OAUTHBEARER", "unexpected server message");
        }
        if (challenge.length == 0) {
            complete = true;
            return null;
        }
        if (serverError != null) {
            throw new SaslAuthenticationException("OAUTHBEARER", "the server refused the token: " + serverError);
        }
        String text = new String(challenge, StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", "?");
        serverError = text.length() > 300 ? text.substring(0, 300) + "..." : text;
        return new byte[] {SEPARATOR};
    }

    /**
     * The error the server sent before failing the exchange, if any.
     *
     * @return the server's error JSON, or null
     */
    String serverError() {
        return serverError;
    }

    @Override
    public boolean isComplete() {
        return complete;
    }

    @Override
    public String toString() {
        return "OAuthBearerMechanism[" + tokens + "]";
    }
}
