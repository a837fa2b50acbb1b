package io.kanal.client.producer;

import io.kanal.client.ConsumerGroupMetadata;
import io.kanal.client.OffsetAndMetadata;
import io.kanal.client.TopicPartition;
import io.kanal.client.cluster.CoordinatorType;
import io.kanal.client.common.ExponentialBackoff;
import io.kanal.client.errors.AuthorizationException;
import io.kanal.client.errors.Causes;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.RetriableException;
import io.kanal.client.errors.TransactionAbortableException;
import io.kanal.client.errors.TransactionAbortedException;
import io.kanal.client.producer.TransactionRequestSlot.Poll;
import io.kanal.client.producer.TransactionRequestSlot.Request;
import io.kanal.client.producer.TransactionRequestSlot.Target;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.ApiMessage;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transactional producer's transactions (KIP-98, KIP-447, KIP-890) as a state machine without I/O:
 *
 * <pre>
 * UNINITIALIZED --init--> INITIALIZING --InitProducerId--> READY --begin--> IN_TRANSACTION
 * IN_TRANSACTION --commit--> COMMITTING --EndTxn(commit)--> READY
 * IN_TRANSACTION | ABORTABLE_ERROR --abort--> ABORTING --EndTxn(abort) or epoch bump--> READY
 * IN_TRANSACTION | COMMITTING --a record, a partition, the offsets or the outcome failed--> ABORTABLE_ERROR
 * any --fenced, not authorized, protocol misuse, closed--> FATAL_ERROR --init with the current epoch--> INITIALIZING
 * </pre>
 *
 * <p>Every broker error has one outcome (the tables are in {@link TransactionResponses}): coordinator moved or
 * unavailable → look it up again and retry; coordinator loading, CONCURRENT_TRANSACTIONS → retry after back-off;
 * PRODUCER_FENCED, INVALID_PRODUCER_EPOCH, transactional-id or cluster authorization, unsupported version, a producer
 * id mapping the coordinator no longer has → fatal; TRANSACTION_ABORTABLE, a failed record, a refused partition or
 * offset → abortable (abort, then go on). An outcome the producer cannot know (a record timed out in flight, a gap in
 * a partition's sequences, the broker lost the producer's state) makes the abort bump the epoch (V1: InitProducerId
 * with the current id and epoch; V2: every EndTxn bumps it), so that a late record of this transaction can never be
 * committed by the next one.
 *
 * <p>After a fatal error {@link #initTransactions} may be called again: it sends InitProducerId with the current id
 * and epoch (KIP-588), which the coordinator accepts only if no other instance took the transactional id since (the
 * case of a transaction the coordinator timed out). A fenced zombie is thus told again that it is fenced, and never
 * fences its successor.
 *
 * <p>Transactions V2 (KIP-890 part 2) is chosen at {@link #begin} from the cluster's finalized
 * {@code transaction.version} and kept for the whole transaction: partitions and the group join the transaction
 * implicitly (Produce v12+, TxnOffsetCommit v5), and each EndTxn answers with the next producer epoch. Under V1 the
 * machine sends AddPartitionsToTxn before a partition's first batch, and AddOffsetsToTxn before TxnOffsetCommit.
 *
 * <p>Sans-IO and single-threaded: the sender loop owns it, calls {@link #poll} for the one request to send (one at a
 * time, as Kafka's client does) and feeds back responses and failures. {@link #state()} and {@link #error()} are
 * volatile, for application threads.
 */
final class TransactionStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionStateMachine.class);

    /** Where a transaction is. */
    enum State {
        UNINITIALIZED,
        INITIALIZING,
        READY,
        IN_TRANSACTION,
        COMMITTING,
        ABORTING,
        ABORTABLE_ERROR,
        FATAL_ERROR
    }

    private final String transactionalId;
    private final String logPrefix;
    private final int timeoutMs;
    private final ProducerIdentity identity;
    private final Target coordinator;
    private final TransactionResponses responses;
    private final TransactionRequestSlot slot;
    private volatile State state = State.UNINITIALIZED;
    private volatile KafkaException error;
    // Sender loop only.
    private final CurrentTransaction current = new CurrentTransaction();
    private long reinitProducerId = -1;
    private short reinitEpoch = -1;
    private CompletableFuture<Void> pending;

    TransactionStateMachine(
            String clientId,
            String transactionalId,
            int timeoutMs,
            ExponentialBackoff backoff,
            ProducerIdentity identity) {
        this.transactionalId = transactionalId;
        this.logPrefix = "[Producer clientId=" + clientId + ", transactionalId=" + transactionalId + "]";
        this.timeoutMs = timeoutMs;
        this.slot = new TransactionRequestSlot(backoff);
        this.identity = identity;
        this.coordinator = new Target(CoordinatorType.TRANSACTION, transactionalId);
        this.responses = new TransactionResponses(this);
    }

    State state() {
        return state;
    }

    /** The error of ABORTABLE_ERROR or FATAL_ERROR, else null. Any thread. */
    KafkaException error() {
        return error;
    }

    String transactionalId() {
        return transactionalId;
    }

    String logPrefix() {
        return logPrefix;
    }

    boolean v2() {
        return current.v2;
    }

    // ----- the application's operations (on the sender loop) -----

    /**
     * Starts the transactional session; after a fatal error, starts it again from the current producer id and epoch
     * (KIP-588), which the coordinator refuses if another instance has taken over.
     */
    CompletableFuture<Void> initTransactions() {
        if (state == State.INITIALIZING) {
            return pending;
        }
        if (state != State.UNINITIALIZED && state != State.FATAL_ERROR) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "initTransactions() was already called for transactional.id " + transactionalId));
        }
        current.reset();
        error = null;
        // A response to a request of the failed session must not touch the new one.
        slot.reset();
        if (identity.ready()) {
            // Kept across failed attempts: once this producer had an epoch, it never asks for a blind new one.
            reinitProducerId = identity.producerId();
            reinitEpoch = identity.epoch();
        }
        identity.forget();
        state = State.INITIALIZING;
        pending = new CompletableFuture<>();
        return pending;
    }

    /** Begins a transaction, with transactions V2 if the cluster has it. */
    void begin(boolean v2Available) {
        requireState("beginTransaction()", State.READY);
        current.reset();
        current.v2 = v2Available;
        state = State.IN_TRANSACTION;
    }

    /** Stages consumer offsets in the transaction; a call again with the same arguments waits for the same one. */
    CompletableFuture<Void> sendOffsets(Map<TopicPartition, OffsetAndMetadata> committed, ConsumerGroupMetadata group) {
        if (current.offsets != null && current.offsets.isSameAs(group, committed)) {
            return current.offsets.future();
        }
        requireState("sendOffsetsToTransaction()", State.IN_TRANSACTION);
        if (current.offsets != null) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "sendOffsetsToTransaction() is still staging other offsets in this transaction"));
        }
        if (committed.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        current.offsets = new TransactionOffsets(group, committed, current.v2);
        return current.offsets.future();
    }

    CompletableFuture<Void> commit() {
        if (state == State.COMMITTING) {
            return pending;
        }
        requireState("commitTransaction()", State.IN_TRANSACTION);
        state = State.COMMITTING;
        pending = new CompletableFuture<>();
        return pending;
    }

    CompletableFuture<Void> abort() {
        if (state == State.ABORTING) {
            return pending;
        }
        if (state != State.ABORTABLE_ERROR) {
            requireState("abortTransaction()", State.IN_TRANSACTION);
        }
        state = State.ABORTING;
        current.partitions.stopAdding();
        current.failOffsets(new TransactionAbortedException("The transaction of " + transactionalId + " was aborted"));
        pending = new CompletableFuture<>();
        return pending;
    }

    private void requireState(String operation, State required) {
        State now = state;
        if (now == required) {
            return;
        }
        if (now == State.FATAL_ERROR || now == State.ABORTABLE_ERROR) {
            throw errorForCaller(operation);
        }
        throw new IllegalStateException(operation + " needs the transactional producer " + transactionalId + " to be "
                + required + " but it is " + now);
    }

    /** The stored error as a new exception of the same kind, for an application thread. Any thread. */
    KafkaException errorForCaller(String operation) {
        return TransactionErrors.forCaller(error, operation, transactionalId);
    }

    // ----- the sender's side -----

    /**
     * Whether a batch of this partition may go now. Under V1 a partition goes only once AddPartitionsToTxn added it,
     * which this call asks for; under V2 the Produce request adds it.
     */
    boolean mayProduce(TopicPartition tp) {
        if ((state != State.IN_TRANSACTION && state != State.COMMITTING) || current.endSent) {
            return false;
        }
        return current.v2 || current.partitions.addedOrRequested(tp);
    }

    /**
     * Whether the batches still queued must fail rather than go: the transaction is being aborted or failed, or the
     * records came after the transaction had ended (a send racing commitTransaction).
     */
    boolean refusesQueued() {
        return state != State.IN_TRANSACTION && (state != State.COMMITTING || current.endSent);
    }

    /** Why a queued record fails while {@link #refusesQueued()} holds. */
    KafkaException queuedRecordError() {
        return TransactionErrors.queuedRecordRefused(state, error, transactionalId);
    }

    /** Whether every batch is flushed regardless of linger (commit and abort wait for all of them). */
    boolean ending() {
        return state == State.COMMITTING || state == State.ABORTING;
    }

    /** The producer is closing: an open transaction is aborted, as nothing will commit it. */
    void onClose() {
        if (state == State.IN_TRANSACTION || state == State.ABORTABLE_ERROR) {
            LOG.info("{} aborting the open transaction: the producer is closing", logPrefix);
            abort();
        }
    }

    /** Whether nothing is in progress with the coordinator, so that the sender may stop. */
    boolean idle() {
        return !slot.busy() && state != State.COMMITTING && state != State.ABORTING && state != State.INITIALIZING;
    }

    /** The sender stopped: every waiting operation fails with this error. */
    void closed(KafkaException reason) {
        slot.reset();
        state = State.FATAL_ERROR;
        error = reason;
        fail(pending, reason);
        current.failOffsets(reason);
    }

    /**
     * A record of the transaction failed.
     *
     * @param failure why
     * @param outcomeUnknown whether the broker may still write it (a time-out in flight, a lost connection)
     */
    void onBatchFailed(KafkaException failure, boolean outcomeUnknown) {
        if (failure instanceof TransactionAbortedException) {
            return;
        }
        Errors code = failure.error().orElse(null);
        if (outcomeUnknown || code == Errors.UNKNOWN_PRODUCER_ID || code == Errors.OUT_OF_ORDER_SEQUENCE_NUMBER) {
            current.epochBumpRequired = true;
        }
        if (TransactionErrors.isFatal(failure)) {
            fatal(failure);
        } else {
            abortable(failure);
        }
    }

    /** A batch's sequence left a gap: only a new epoch restarts the partition's sequences. */
    void requireEpochBump() {
        current.epochBumpRequired = true;
    }

    /**
     * The request to send now, if any.
     *
     * @param nowMs monotonic time
     * @param batchesDone whether no batch of the producer is queued or in flight
     * @return the decision
     */
    Poll poll(long nowMs, boolean batchesDone) {
        return slot.poll(nowMs, () -> nextRequest(batchesDone));
    }

    private Request nextRequest(boolean batchesDone) {
        long pid = identity.producerId();
        short epoch = identity.epoch();
        switch (state) {
            case INITIALIZING -> {
                return slot.request(
                        coordinator,
                        ApiKey.INIT_PRODUCER_ID,
                        reinitProducerId >= 0 ? TransactionRequests.INIT_PRODUCER_ID_BUMP_MIN : 0,
                        ApiKey.INIT_PRODUCER_ID.highestVersion(),
                        TransactionRequests.initProducerId(transactionalId, timeoutMs, reinitProducerId, reinitEpoch));
            }
            case IN_TRANSACTION, COMMITTING, ABORTING -> {
                if (state != State.ABORTING && !current.v2 && current.partitions.hasToAdd()) {
                    return slot.request(
                            coordinator,
                            ApiKey.ADD_PARTITIONS_TO_TXN,
                            (short) 0,
                            TransactionRequests.ADD_PARTITIONS_MAX,
                            TransactionRequests.addPartitions(
                                    transactionalId, pid, epoch, current.partitions.startAdding()));
                }
                if (current.offsets != null) {
                    return current.offsetsRequest(slot, coordinator, transactionalId, pid, epoch);
                }
                if (!ending() || !batchesDone || current.partitions.addInFlight() || current.partitions.hasToAdd()) {
                    return null;
                }
                if (!current.started) {
                    // Nothing reached the coordinator or a partition: there is no transaction to end.
                    completeTransaction();
                    return null;
                }
                current.endSent = true;
                if (state == State.ABORTING && current.epochBumpRequired && !current.v2) {
                    // V1: InitProducerId with our id and epoch bumps the epoch and aborts the open transaction; a
                    // late record of it can then never be written (KIP-360, KIP-588).
                    return slot.request(
                            coordinator,
                            ApiKey.INIT_PRODUCER_ID,
                            TransactionRequests.INIT_PRODUCER_ID_BUMP_MIN,
                            ApiKey.INIT_PRODUCER_ID.highestVersion(),
                            TransactionRequests.initProducerId(transactionalId, timeoutMs, pid, epoch));
                }
                short min = current.v2 ? TransactionRequests.END_TXN_V2 : 0;
                short max = current.v2 ? TransactionRequests.END_TXN_V2 : TransactionRequests.END_TXN_V1_MAX;
                return slot.request(
                        coordinator,
                        ApiKey.END_TXN,
                        min,
                        max,
                        TransactionRequests.endTxn(transactionalId, pid, epoch, state == State.COMMITTING));
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * The response to a request from {@link #poll}; one the machine no longer waits for is ignored.
     *
     * @param id the request's id
     * @param body the response body
     * @param nowMs monotonic time
     */
    void onResponse(long id, ApiMessage body, long nowMs) {
        Request r = slot.take(id);
        if (r == null) {
            return;
        }
        responses.handle(r, body, nowMs);
    }

    /**
     * A request from {@link #poll} failed without a response: retriable failures are retried after looking the
     * coordinator up again; others are fatal, except a group the principal may not write, which is abortable.
     *
     * @param id the request's id
     * @param failure why
     * @param nowMs monotonic time
     */
    void onRequestFailed(long id, Throwable failure, long nowMs) {
        Request r = slot.take(id);
        if (r == null) {
            return;
        }
        Throwable cause = Causes.unwrap(failure);
        if (cause instanceof RetriableException) {
            LOG.debug("{} {} failed, retrying: {}", logPrefix, r.api().apiName(), cause.toString());
            if (r.api() == ApiKey.ADD_PARTITIONS_TO_TXN) {
                current.partitions.addingFailed();
            }
            slot.retryAfterStale(r.target(), nowMs);
        } else if (r.target().type() == CoordinatorType.GROUP
                && cause instanceof AuthorizationException a
                && a.error().orElse(null) == Errors.GROUP_AUTHORIZATION_FAILED) {
            // Finding the group's coordinator was refused: these offsets cannot join, the transaction can abort.
            abortable(a);
        } else {
            fatal(
                    cause instanceof KafkaException k
                            ? k
                            : new KafkaException(r.api().apiName() + " failed: " + cause, cause));
        }
    }

    // ----- transitions, used by TransactionResponses -----

    /** The current transaction's bookkeeping: partitions, offsets, whether it started or ended. */
    CurrentTransaction transaction() {
        return current;
    }

    /** The request slot, whose back-off and coordinator re-lookups the responses drive. */
    TransactionRequestSlot slot() {
        return slot;
    }

    void producerIdAssigned(long producerId, short epoch) {
        identity.assigned(producerId, epoch);
    }

    /** InitProducerId answered: the first, a re-initialisation, or the epoch bump of an abort. */
    void initialized() {
        if (state == State.ABORTING) {
            completeTransaction();
        } else if (state == State.INITIALIZING) {
            state = State.READY;
            complete(pending);
        }
    }

    void completeTransaction() {
        boolean committed = state == State.COMMITTING;
        current.reset();
        error = null;
        state = State.READY;
        LOG.debug("{} transaction {}", logPrefix, committed ? "committed" : "aborted");
        complete(pending);
    }

    void fatal(KafkaException e) {
        if (state != State.FATAL_ERROR) {
            LOG.error("{} transactional producer failed: {}", logPrefix, e.getMessage());
        }
        state = State.FATAL_ERROR;
        error = e;
        fail(pending, e);
        current.failOffsets(e);
    }

    /** The transaction can no longer commit; an abort in progress goes on (the caller schedules its retry). */
    void abortable(KafkaException cause) {
        if (state == State.FATAL_ERROR || state == State.ABORTABLE_ERROR || state == State.ABORTING) {
            return;
        }
        if (state != State.IN_TRANSACTION && state != State.COMMITTING) {
            fatal(new KafkaException(
                    "Transactional producer " + transactionalId + " failed outside a transaction (" + state + "): "
                            + cause.getMessage(),
                    cause));
            return;
        }
        TransactionAbortableException e = new TransactionAbortableException(
                "The transaction of " + transactionalId + " cannot commit and must be aborted: " + cause.getMessage(),
                cause);
        LOG.warn("{} {}", logPrefix, e.getMessage());
        state = State.ABORTABLE_ERROR;
        error = e;
        fail(pending, e);
        current.partitions.stopAdding();
        current.failOffsets(e);
    }

    private static void complete(CompletableFuture<Void> f) {
        if (f != null) {
            f.complete(null);
        }
    }

    private static void fail(CompletableFuture<Void> f, KafkaException e) {
        if (f != null) {
            f.completeExceptionally(e);
        }
    }
}
