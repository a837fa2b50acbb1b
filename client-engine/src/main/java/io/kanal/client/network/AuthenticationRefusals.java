package io.kanal.client.network;

import io.kanal.client.errors.AuthenticationException;

/**
 * The authentication failures of one {@link BrokerConnection} since it was last READY, whether a TLS handshake failed
 * ({@code SslAuthenticationException}) or the broker refused the SASL login: the last failure, which requests for that
 * broker fail with at once until the next attempt, and how long that attempt waits.
 *
 * <p>The wait starts at {@link #INITIAL_MS} (or {@code reconnect.backoff.max.ms} if that is longer) and doubles per
 * failure up to {@link #MAX_MS}: far slower than a reconnect on purpose, for both kinds. An untrusted, expired or
 * mismatched certificate does not fix itself any more than a wrong password does, and a storm of attempts only fills
 * the broker's log (and, for a login, can lock the account).
 *
 * <p>Owned by the I/O thread of its connection.
 */
final class AuthenticationRefusals {
    /** The first wait after a failure; doubles per failure up to {@link #MAX_MS}. */
    static final long INITIAL_MS = 5_000;

    static final long MAX_MS = 60_000;

    private AuthenticationException last;
    private int count;

    /**
     * Records a failure.
     *
     * @param failure the failed TLS handshake or refused login
     * @param nowMs now, in monotonic ms
     * @param reconnectBackoffMaxMs {@code reconnect.backoff.max.ms}: the wait never starts below it
     * @return when to try again, in monotonic ms
     */
    long failed(AuthenticationException failure, long nowMs, long reconnectBackoffMaxMs) {
        last = failure;
        count++;
        long window = Math.max(INITIAL_MS, reconnectBackoffMaxMs) << Math.min(count - 1, 4);
        return nowMs + Math.min(window, Math.max(MAX_MS, reconnectBackoffMaxMs));
    }

    /**
     * The connection failed for another reason (a socket error, a timeout): its requests no longer fail with the last
     * authentication failure, but the count stays, so the next refusal still waits longer.
     */
    void otherFailure() {
        last = null;
    }

    /** The connection became READY: the next failure starts from the first wait again. */
    void succeeded() {
        last = null;
        count = 0;
    }

    /**
     * The failure that requests for this broker fail with until the next attempt.
     *
     * @return the last failure, or null if the connection's last failure was not an authentication failure
     */
    AuthenticationException last() {
        return last;
    }
}
