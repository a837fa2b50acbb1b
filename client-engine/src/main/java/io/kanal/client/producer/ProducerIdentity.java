package io.kanal.client.producer;

import io.kanal.client.common.ExponentialBackoff;
import io.kanal.client.errors.KafkaException;

/**
 * The idempotent producer's id and epoch (from InitProducerId), and the client-side epoch bump of KIP-360: after a
 * sequence gap the epoch goes up by one and every partition restarts its sequences at 0 once nothing it sent under
 * the old epoch is still in flight. At the epoch's maximum, a new InitProducerId is needed instead.
 *
 * <p>For a transactional producer the {@link TransactionStateMachine} obtains and replaces the id and epoch (at
 * initialisation, at an abort's epoch bump, after every EndTxn of transactions V2); the client-side bump is never
 * used there.
 *
 * <p>Sender loop only, except {@link #fatalError()}, which other threads read.
 */
final class ProducerIdentity {
    private long producerId = -1;
    private short epoch = -1;
    private boolean requestInFlight;
    private long nextAttemptMs;
    private int failures;
    private volatile KafkaException fatal;

    long producerId() {
        return producerId;
    }

    short epoch() {
        return epoch;
    }

    boolean ready() {
        return producerId >= 0;
    }

    /** Whether an InitProducerId request should go now. */
    boolean shouldRequest(long nowMs) {
        return !ready() && !requestInFlight && fatal == null && nowMs >= nextAttemptMs;
    }

    long nextAttemptMs() {
        return nextAttemptMs;
    }

    void requestSent() {
        requestInFlight = true;
    }

    /** Applies a successful InitProducerId response. */
    void assigned(long id, short newEpoch) {
        requestInFlight = false;
        failures = 0;
        producerId = id;
        epoch = newEpoch;
    }

    /** Drops the id and epoch, for a transactional producer that re-initialises after a fatal error. */
    void forget() {
        producerId = -1;
        epoch = -1;
        requestInFlight = false;
        fatal = null;
    }

    /** Notes a failed attempt and schedules the next with exponential back-off. */
    void failed(long nowMs, long backoffMs, long backoffMaxMs) {
        requestInFlight = false;
        failures++;
        nextAttemptMs = nowMs + new ExponentialBackoff(backoffMs, backoffMaxMs).delayMs(failures);
    }

    /** Makes the producer unusable: every later record fails with this error. */
    void fatal(KafkaException error) {
        requestInFlight = false;
        fatal = error;
    }

    KafkaException fatalError() {
        return fatal;
    }

    /**
     * Bumps the epoch on the client (KIP-360), or drops the id when the epoch is exhausted so that a new one is
     * requested.
     *
     * @return true if a new id must be requested
     */
    boolean bumpEpoch() {
        if (epoch == Short.MAX_VALUE) {
            producerId = -1;
            epoch = -1;
            return true;
        }
        epoch++;
        return false;
    }
}
