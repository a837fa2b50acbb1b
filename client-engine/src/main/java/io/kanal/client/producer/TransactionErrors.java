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
     * <p>A refusal stays an {@link AuthorizationException} with its error code, whatever was refused (the
     * transactional id, a topic, the cluster, the consumer group of {@code sendOffsetsToTransaction}), so that a caller
     * can tell a missing ACL from another failure. An abortable error stays a {@link TransactionAbortableException}
     * (the refusal is its cause): the caller must abort, and a type cannot say both. A refused transactional id also says which id and what the
     * principal needs: the broker's "Transactional Id authorization failed." names neither.
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
        AuthorizationException denied = refusal(stored);
        if (denied != null) {
            Errors code = denied.error().orElse(null);
            if (code == Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED) {
                return new AuthorizationException(
                        operation + ": the principal of this producer may not use transactional.id '"
                                + transactionalId + "': it needs WRITE and DESCRIBE on TransactionalId '"
                                + transactionalId + "' (" + denied.getMessage() + ")",
                        code,
                        stored);
            }
            return new AuthorizationException(message, code, stored);
        }
        if (stored instanceof TransactionAbortableException) {
            return new TransactionAbortableException(message, stored);
        }
        return new KafkaException(message, stored);
    }

    /**
     * The refusal that ended the producer, if one did: the stored error itself or its cause (a refusal outside a
     * transaction is stored wrapped). Not for an abortable error, which must stay a {@link
     * TransactionAbortableException} so that the caller aborts; the refusal is its cause.
     */
    private static AuthorizationException refusal(KafkaException stored) {
        if (stored instanceof TransactionAbortableException) {
            return null;
        }
        for (Throwable t = stored; t != null; t = t.getCause()) {
            if (t instanceof AuthorizationException denied) {
                return denied;
            }
        }
        return null;
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
            case FATAL_ERROR -> {
                String message = "Transactional producer " + transactionalId + " failed, the record was not sent: "
                        + (error == null ? "" : error.getMessage());
                AuthorizationException denied = refusal(error);
                yield denied == null
                        ? new KafkaException(message, error)
                        : new AuthorizationException(message, denied.error().orElse(null), error);
            }
            case ABORTING, ABORTABLE_ERROR ->
                new TransactionAbortedException(
                        "The transaction of " + transactionalId + " is being aborted: the record was not sent");
            default ->
                new TransactionAbortedException("The record came while the transaction of " + transactionalId
                        + " was ending (a send() racing commitTransaction()): it was not sent");
        };
    }
}
