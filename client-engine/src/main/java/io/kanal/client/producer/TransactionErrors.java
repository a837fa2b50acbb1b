package io.kanal.client.producer;

import io.kanal.client.errors.AuthorizationException;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.ProducerFencedException;
import io.kanal.client.errors.TransactionAbortableException;
import io.kanal.client.errors.TransactionAbortedException;
import io.kanal.client.errors.UnsupportedVersionException;

/** The exceptions a transactional producer raises, and which failures of a record end it for good. Stateless. */
final class TransactionErrors {
    private TransactionErrors() {}

    /**
     * Whether a record's failure ends the producer rather than only its transaction: fenced, not authorized for the
     * transactional id or the cluster, or a version the broker does not support (Kafka's client classifies the same).
     */
    static boolean isFatal(KafkaException failure) {
        if (failure instanceof ProducerFencedException || failure instanceof UnsupportedVersionException) {
            return true;
        }
        return failure instanceof AuthorizationException
                && failure.error()
                        .map(c -> c == Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED
                                || c == Errors.CLUSTER_AUTHORIZATION_FAILED)
                        .orElse(false);
    }

    /**
     * The stored error as a new exception of the same kind, for an application thread: the stored instance is shared,
     * and throwing it from several threads would mix their stack traces and suppressed exceptions.
     *
     * <p>A refused transactional id stays an {@link AuthorizationException} and says which id and what the principal
     * needs: the broker's "Transactional Id authorization failed." names neither.
     *
     * @param stored the machine's error, or null
     * @param operation the application's call, for the message
     * @param transactionalId the producer's {@code transactional.id}, for the message
     * @return the exception to throw
     */
    static KafkaException forCaller(KafkaException stored, String operation, String transactionalId) {
        String message = operation + ": " + (stored == null ? "the producer failed" : stored.getMessage());
        if (stored instanceof ProducerFencedException fenced) {
            return new ProducerFencedException(message, fenced);
        }
        if (stored instanceof AuthorizationException denied
                && denied.error().orElse(null) == Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED) {
            return new AuthorizationException(
                    operation + ": the principal of this producer may not use transactional.id '" + transactionalId
                            + "': it needs WRITE and DESCRIBE on TransactionalId '" + transactionalId + "' ("
                            + denied.getMessage() + ")",
                    Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
                    stored);
        }
        if (stored instanceof TransactionAbortableException) {
            return new TransactionAbortableException(message, stored);
        }
        return new KafkaException(message, stored);
    }

    /**
     * Why a queued record must fail instead of being sent.
     *
     * @param state the machine's state, in which queued records may not go
     * @param error the machine's error, or null
     * @param transactionalId for the message
     * @return the failure of the record
     */
    static KafkaException queuedRecordRefused(
            TransactionStateMachine.State state, KafkaException error, String transactionalId) {
        return switch (state) {
            case FATAL_ERROR ->
                new KafkaException(
                        "Transactional producer " + transactionalId + " failed, the record was not sent: "
                                + (error == null ? "" : error.getMessage()),
                        error);
            case ABORTING, ABORTABLE_ERROR ->
                new TransactionAbortedException(
                        "The transaction of " + transactionalId + " is being aborted: the record was not sent");
            default ->
                new TransactionAbortedException("The record came while the transaction of " + transactionalId
                        + " was ending (a send() racing commitTransaction()): it was not sent");
        };
    }
}
