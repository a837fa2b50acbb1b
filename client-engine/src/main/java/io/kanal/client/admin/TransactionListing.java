package io.kanal.client.admin;

import java.util.Objects;

/**
 * A transactional id as ListTransactions reports it.
 *
 * @param transactionalId the transactional id
 * @param producerId the producer id its coordinator assigned
 * @param state the state of its transaction
 */
public record TransactionListing(String transactionalId, long producerId, TransactionState state) {
    /** Validates the components. */
    public TransactionListing {
        Objects.requireNonNull(transactionalId, "transactionalId");
        Objects.requireNonNull(state, "state");
    }
}
