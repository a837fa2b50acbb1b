package io.kanal.client.network;

import io.kanal.client.Endpoint;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.SaslAuthenticationException;
import io.kanal.client.network.sasl.SaslMechanism;
import io.kanal.client.network.sasl.SaslSettings;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.ApiMessage;
import io.kanal.client.protocol.message.SaslAuthenticateRequest;
import io.kanal.client.protocol.message.SaslAuthenticateResponse;
import io.kanal.client.protocol.message.SaslHandshakeRequest;
import io.kanal.client.protocol.message.SaslHandshakeResponse;
import java.nio.ByteBuffer;

/**
 * Drives one SASL exchange on a connection (KIP-43, KIP-152): SaslHandshake v1 naming the mechanism, then
 * SaslAuthenticate requests carrying the mechanism's messages until the broker and the mechanism both say it is done.
 * Used for the first authentication after ApiVersions and for every re-authentication (KIP-368), which repeats the
 * same exchange on the open connection. Every refusal or malformed answer is a {@link SaslAuthenticationException}
 * naming the mechanism and the broker's reason.
 *
 * <p>Owned by the I/O thread of its connection; one instance per exchange.
 */
final class SaslAuthenticator {
    private final SaslSettings settings;
    private final Endpoint endpoint;
    private SaslMechanism client;
    private long sessionLifetimeMs;
    private boolean done;

    SaslAuthenticator(SaslSettings settings, Endpoint endpoint) {
        this.settings = settings;
        this.endpoint = endpoint;
    }

    /**
     * The first request of the exchange.
     *
     * @return the SaslHandshake request, v1 only (v0 would mean unframed SASL tokens)
     */
    ApiRequest start() {
        SaslHandshakeRequest request = new SaslHandshakeRequest(settings.mechanism());
        return new ApiRequest(ApiKey.SASL_HANDSHAKE, (short) 1, (short) 1, v -> request);
    }

    /**
     * Takes the broker's answer to the last request.
     *
     * @param body the decoded response
     * @return the next request, or null once authenticated
     * @throws SaslAuthenticationException if the broker refused or the mechanism rejects the broker's message
     */
    ApiRequest onResponse(ApiMessage body) {
        if (body instanceof SaslHandshakeResponse handshake) {
            Errors error = Errors.forCode(handshake.errorCode());
            if (error == Errors.UNSUPPORTED_SASL_MECHANISM) {
                throw new SaslAuthenticationException(
                        settings.mechanism(),
                        "broker " + endpoint + " does not enable it; it enables " + handshake.mechanisms(),
                        error);
            }
            if (error != Errors.NONE) {
                throw new SaslAuthenticationException(
                        settings.mechanism(), "broker " + endpoint + " refused the SaslHandshake: " + error, error);
            }
            client = settings.clients().get();
            return authenticate(client.initialResponse());
        }
        if (body instanceof SaslAuthenticateResponse response && client != null) {
            Errors error = Errors.forCode(response.errorCode());
            if (error != Errors.NONE) {
                String reason = response.errorMessage() != null ? response.errorMessage() : error.message();
                throw new SaslAuthenticationException(
                        settings.mechanism(), "broker " + endpoint + " says: " + reason, error);
            }
            sessionLifetimeMs = response.sessionLifetimeMs();
            byte[] next = client.isComplete() ? null : client.evaluateChallenge(bytes(response.authBytes()));
            if (next != null) {
                return authenticate(next);
            }
            if (!client.isComplete()) {
                throw new SaslAuthenticationException(
                        settings.mechanism(), "the exchange ended before the mechanism completed");
            }
            done = true;
            return null;
        }
        throw new SaslAuthenticationException(
                settings.mechanism(), "unexpected " + body.apiKey().apiName() + " response during authentication");
    }

    /**
     * How long the broker keeps the session, from SaslAuthenticate v1+.
     *
     * @return milliseconds, 0 when the broker does not expire sessions (or spoke v0)
     */
    long sessionLifetimeMs() {
        return sessionLifetimeMs;
    }

    private static ApiRequest authenticate(byte[] message) {
        SaslAuthenticateRequest request = SaslAuthenticateRequest.builder()
                .authBytes(ByteBuffer.wrap(message).asReadOnlyBuffer())
                .build();
        return new ApiRequest(ApiKey.SASL_AUTHENTICATE, (short) 0, (short) 2, v -> request);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return new byte[0];
        }
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
