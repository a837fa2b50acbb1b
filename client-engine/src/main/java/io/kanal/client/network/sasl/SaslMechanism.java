package io.kanal.client.network.sasl;

import io.kanal.client.errors.SaslAuthenticationException;

/**
 * The client side of one SASL exchange, without I/O: the connection sends {@link #initialResponse()}, then feeds each
 * server message to {@link #evaluateChallenge(byte[])} and sends what it returns, until the broker reports success and
 * {@link #isComplete()} is true. A new instance serves each authentication (and each re-authentication).
 *
 * <p>Owned by the I/O thread of the connection that authenticates; not thread-safe.
 */
public interface SaslMechanism {
    /**
     * The mechanism's name as Kafka's SaslHandshake spells it.
     *
     * @return e.g. {@code PLAIN}, {@code SCRAM-SHA-256}
     */
    String name();

    /**
     * The client's first message.
     *
     * @return the bytes to send in the first SaslAuthenticate request
     * @throws SaslAuthenticationException if the credentials cannot be turned into a message
     */
    byte[] initialResponse();

    /**
     * Answers a server message.
     *
     * @param challenge the broker's auth bytes from the last SaslAuthenticate response
     * @return the bytes to send next, or {@code null} when the exchange needs no further request
     * @throws SaslAuthenticationException if the message is malformed, unexpected, or proves the server wrong
     */
    byte[] evaluateChallenge(byte[] challenge);

    /**
     * Whether the client considers the exchange finished and the server verified (where the mechanism can).
     *
     * @return true once no further message is expected
     */
    boolean isComplete();
}
