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
import io.kanal.client.errors.ProducerFencedException;
import io.kanal.client.errors.RetriableException;
import io.kanal.client.errors.TransactionAbortableException;
import io.kanal.client.errors.TransactionAbortedException;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.ApiMessage;
import io.kanal.client.protocol.message.EndTxnResponse;
import io.kanal.client.protocol.message.InitProducerIdResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * any --fenced, not authorized, protocol misuse--> FATAL_ERROR --init (a new epoch)--> INITIALIZING
 * </pre>
 *
 * <p>Every broker error has one outcome: coordinator moved or unavailable → look it up again and retry; coordinator
 * loading, CONCURRENT_TRANSACTIONS → retry after back-off; PRODUCER_FENCED, INVALID_PRODUCER_EPOCH from the
 * coordinator, transactional-id or cluster authorization → fatal (the application must close, or re-initialise,
 * which fences whoever else holds the id); TRANSACTION_ABORTABLE, a failed record, a refused partition or offset →
 * abortable (abort, then go on). An outcome the producer cannot know (a record timed out in flight, the broker lost
 * the producer's state) makes the abort bump the epoch (transactions V1: InitProducerId with the current id and epoch;
 * V2: the coordinator bumps it on every EndTxn), so that a late record of this transaction can never be committed by
 * the next one.
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

    /**
     * The coordinator a request goes to.
     *
     * @param type transaction or group coordinator
     * @param key the transactional id or the group id
     */
    record Target(CoordinatorType type, String key) {}

    /**
     * A request to send now.
     *
     * @param id identifies its outcome
     * @param target its coordinator
     * @param api the API
     * @param minVersion the lowest acceptable version
     * @param maxVersion the highest acceptable version
     * @param body the body
     */
    record Request(long id, Target target, ApiKey api, short minVersion, short maxVersion, ApiMessage body) {}

    /**
     * What {@link #poll} decided.
     *
     * @param request the request to send now, or null
     * @param staleCoordinators coordinators to look up again before the next request to them
     * @param nextWakeupMs when to poll again at the latest
     */
    record Poll(Request request, List<Target> staleCoordinators, long nextWakeupMs) {}

    /** A sendOffsetsToTransaction in progress; under V1 it first adds the group to the transaction. */
    private static final class Offsets {
        final ConsumerGroupMetadata group;
        final Map<TopicPartition, OffsetAndMetadata> remaining;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        boolean groupAdded;

        Offsets(ConsumerGroupMetadata group, Map<TopicPartition, OffsetAndMetadata> offsets, boolean groupAdded) {
            this.group = group;
            this.remaining = new HashMap<>(offsets);
            this.groupAdded = groupAdded;
        }
    }

    private final String transactionalId;
    private final int timeoutMs;
    private final ExponentialBackoff backoff;
    private final ProducerIdentity identity;
    private final Target coordinator;
    private final TransactionResponses responses;
    private volatile State state = State.UNINITIALIZED;
    private volatile KafkaException error;
    // Sender loop only.
    final Set<TopicPartition> inTransaction = new HashSet<>();
    final Set<TopicPartition> toAdd = new LinkedHashSet<>();
    Set<TopicPartition> adding = Set.of();
    Offsets offsets;
    boolean v2;
    boolean epochBumpRequired;
    boolean anythingAdded;
    private CompletableFuture<Void> pending;
    private Request inFlight;
    private final List<Target> stale = new ArrayList<>();
    private long nextId;
    private long retryAtMs;
    private int failures;

    TransactionStateMachine(
            String transactionalId, int timeoutMs, ExponentialBackoff backoff, ProducerIdentity identity) {
        this.transactionalId = transactionalId;
        this.timeoutMs = timeoutMs;
        this.backoff = backoff;
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

    // ----- the application's operations (on the sender loop) -----

    /** Starts (or, after a fatal error, restarts with a new epoch) the transactional session. */
    CompletableFuture<Void> initTransactions() {
        if (state == State.INITIALIZING) {
            return pending;
        }
        if (state != State.UNINITIALIZED && state != State.FATAL_ERROR) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "initTransactions() was already called for transactional.id " + transactionalId));
        }
        resetTransaction();
        error = null;
        failures = 0;
        retryAtMs = 0;
        // After a fatal error the old epoch is useless: ask for a new one, which also ends whatever the old one left.
        identity.forget();
        state = State.INITIALIZING;
        pending = new CompletableFuture<>();
        return pending;
    }

    /** Begins a transaction, with transactions V2 if the cluster has it. */
    void begin(boolean v2Available) {
        requireState("beginTransaction()", State.READY);
        resetTransaction();
        v2 = v2Available;
        state = State.IN_TRANSACTION;
    }

    CompletableFuture<Void> sendOffsets(Map<TopicPartition, OffsetAndMetadata> committed, ConsumerGroupMetadata group) {
        requireState("sendOffsetsToTransaction()", State.IN_TRANSACTION);
        if (offsets != null) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("sendOffsetsToTransaction() is already in progress"));
        }
        if (committed.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        offsets = new Offsets(group, committed, v2);
        return offsets.done;
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
        toAdd.clear();
        if (offsets != null) {
            offsets.done.completeExceptionally(
                    new TransactionAbortedException("The transaction of " + transactionalId + " was aborted"));
            offsets = null;
        }
        pending = new CompletableFuture<>();
        return pending;
    }

    private void requireState(String operation, State required) {
        State now = state;
        if (now == required) {
            return;
        }
        if (now == State.FATAL_ERROR || now == State.ABORTABLE_ERROR) {
            throw error;
        }
        throw new IllegalStateException(operation + " needs the transactional producer " + transactionalId + " to be "
                + required + " but it is " + now);
    }

    // ----- the sender's side -----

    /**
     * Whether a batch of this partition may go now. Under V1 a partition goes only once AddPartitionsToTxn added it,
     * which this call asks for; under V2 the Produce request adds it.
     */
    boolean mayProduce(TopicPartition tp) {
        if (state != State.IN_TRANSACTION && state != State.COMMITTING) {
            return false;
        }
        if (v2) {
            return true;
        }
        if (inTransaction.contains(tp)) {
            return true;
        }
        if (!adding.contains(tp)) {
            toAdd.add(tp);
        }
        return false;
    }

    /** A batch of the partition is being sent: under V2 the Produce request adds the partition to the transaction. */
    void produced(TopicPartition tp) {
        if (v2) {
            anythingAdded |= inTransaction.add(tp);
        }
    }

    /** Whether the sender must fail the batches still queued, because the transaction is being aborted. */
    boolean aborting() {
        return state == State.ABORTING || state == State.ABORTABLE_ERROR || state == State.FATAL_ERROR;
    }

    /** Whether every batch is flushed regardless of linger (commit and abort wait for all of them). */
    boolean ending() {
        return state == State.COMMITTING || state == State.ABORTING;
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
            epochBumpRequired = true;
        }
        if (failure instanceof ProducerFencedException || isFatalAuthorization(failure)) {
            fatal(failure);
        } else {
            abortable(failure);
        }
    }

    private static boolean isFatalAuthorization(KafkaException e) {
        return e instanceof AuthorizationException
                && e.error()
                        .map(c -> c == Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED
                                || c == Errors.CLUSTER_AUTHORIZATION_FAILED)
                        .orElse(false);
    }

    /**
     * The request to send now, if any.
     *
     * @param nowMs monotonic time
     * @param batchesDone whether no batch of the producer is queued or in flight
     * @return the decision
     */
    Poll poll(long nowMs, boolean batchesDone) {
        List<Target> staleNow = List.copyOf(stale);
        stale.clear();
        if (inFlight != null) {
            return new Poll(null, staleNow, Long.MAX_VALUE);
        }
        if (nowMs < retryAtMs) {
            return new Poll(null, staleNow, retryAtMs);
        }
        Request next = nextRequest(batchesDone);
        inFlight = next;
        return new Poll(next, staleNow, Long.MAX_VALUE);
    }

    private Request nextRequest(boolean batchesDone) {
        long pid = identity.producerId();
        short epoch = identity.epoch();
        switch (state) {
            case INITIALIZING -> {
                return request(
                        coordinator,
                        ApiKey.INIT_PRODUCER_ID,
                        (short) 0,
                        ApiKey.INIT_PRODUCER_ID.highestVersion(),
                        TransactionRequests.initProducerId(transactionalId, timeoutMs, -1, (short) -1));
            }
            case IN_TRANSACTION, COMMITTING, ABORTING -> {
                if (state != State.ABORTING && !v2 && !toAdd.isEmpty()) {
                    adding = Set.copyOf(toAdd);
                    toAdd.clear();
                    return request(
                            coordinator,
                            ApiKey.ADD_PARTITIONS_TO_TXN,
                            (short) 0,
                            TransactionRequests.ADD_PARTITIONS_MAX,
                            TransactionRequests.addPartitions(transactionalId, pid, epoch, adding));
                }
                if (offsets != null) {
                    return offsetsRequest(pid, epoch);
                }
                boolean ending = state == State.COMMITTING || state == State.ABORTING;
                if (!ending || !batchesDone || !adding.isEmpty() || (state == State.COMMITTING && !toAdd.isEmpty())) {
                    return null;
                }
                if (state == State.ABORTING && epochBumpRequired && !v2) {
                    // V1: InitProducerId with our id and epoch bumps the epoch and aborts the open transaction; a
                    // late record of it can then never be written (KIP-360, KIP-588).
                    return request(
                            coordinator,
                            ApiKey.INIT_PRODUCER_ID,
                            TransactionRequests.INIT_PRODUCER_ID_BUMP_MIN,
                            ApiKey.INIT_PRODUCER_ID.highestVersion(),
                            TransactionRequests.initProducerId(transactionalId, timeoutMs, pid, epoch));
                }
                if (!anythingAdded) {
                    // Nothing reached the coordinator: there is no transaction to end.
                    completeTransaction();
                    return null;
                }
                short min = v2 ? TransactionRequests.END_TXN_V2 : 0;
                short max = v2 ? TransactionRequests.END_TXN_V2 : TransactionRequests.END_TXN_V1_MAX;
                return request(
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

    private Request offsetsRequest(long pid, short epoch) {
        if (!offsets.groupAdded) {
            return request(
                    coordinator,
                    ApiKey.ADD_OFFSETS_TO_TXN,
                    (short) 0,
                    ApiKey.ADD_OFFSETS_TO_TXN.highestVersion(),
                    TransactionRequests.addOffsets(transactionalId, pid, epoch, offsets.group.groupId()));
        }
        short min = v2 ? TransactionRequests.TXN_OFFSET_COMMIT_V2 : TransactionRequests.TXN_OFFSET_COMMIT_MIN;
        short max = v2 ? TransactionRequests.TXN_OFFSET_COMMIT_V2 : TransactionRequests.TXN_OFFSET_COMMIT_V1_MAX;
        return request(
                new Target(CoordinatorType.GROUP, offsets.group.groupId()),
                ApiKey.TXN_OFFSET_COMMIT,
                min,
                max,
                TransactionRequests.txnOffsetCommit(transactionalId, pid, epoch, offsets.group, offsets.remaining));
    }

    private Request request(Target target, ApiKey api, short min, short max, ApiMessage body) {
        return new Request(++nextId, target, api, min, max, body);
    }

    /**
     * The response to a request from {@link #poll}; one the machine no longer waits for is ignored.
     *
     * @param id the request's id
     * @param body the response body
     * @param nowMs monotonic time
     */
    void onResponse(long id, ApiMessage body, long nowMs) {
        Request r = take(id);
        if (r == null) {
            return;
        }
        responses.handle(r, body, nowMs);
    }

    /**
     * A request from {@link #poll} failed without a response: retriable failures are retried after looking the
     * coordinator up again; others are fatal.
     *
     * @param id the request's id
     * @param failure why
     * @param nowMs monotonic time
     */
    void onRequestFailed(long id, Throwable failure, long nowMs) {
        Request r = take(id);
        if (r == null) {
            return;
        }
        Throwable cause = Causes.unwrap(failure);
        if (cause instanceof RetriableException) {
            LOG.debug("[{}] {} failed, retrying: {}", transactionalId, r.api().apiName(), cause.toString());
            if (r.api() == ApiKey.ADD_PARTITIONS_TO_TXN) {
                requeueAdding();
            }
            retryAfterStale(r.target(), nowMs);
        } else {
            fatal(
                    cause instanceof KafkaException k
                            ? k
                            : new KafkaException(r.api().apiName() + " failed: " + cause, cause));
        }
    }

    private Request take(long id) {
        if (inFlight == null || inFlight.id() != id) {
            return null;
        }
        Request r = inFlight;
        inFlight = null;
        return r;
    }

    // ----- transitions, used by TransactionResponses -----

    void succeeded() {
        failures = 0;
        retryAtMs = 0;
    }

    void retry(long nowMs) {
        failures++;
        retryAtMs = nowMs + backoff.delayMs(failures);
    }

    void retryAfterStale(Target target, long nowMs) {
        stale.add(target);
        retry(nowMs);
    }

    void requeueAdding() {
        toAdd.addAll(adding);
        adding = Set.of();
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
        resetTransaction();
        error = null;
        state = State.READY;
        LOG.debug("[{}] transaction {}", transactionalId, committed ? "committed" : "aborted");
        complete(pending);
    }

    void fatal(KafkaException e) {
        if (state != State.FATAL_ERROR) {
            LOG.error("[{}] transactional producer failed for good: {}", transactionalId, e.getMessage());
        }
        state = State.FATAL_ERROR;
        error = e;
        fail(pending, e);
        if (offsets != null) {
            offsets.done.completeExceptionally(e);
            offsets = null;
        }
    }

    /** The transaction can no longer commit; an abort in progress goes on. */
    void abortable(KafkaException cause) {
        if (state == State.ABORTING || state == State.FATAL_ERROR || state == State.ABORTABLE_ERROR) {
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
        LOG.warn("[{}] {}", transactionalId, e.getMessage());
        state = State.ABORTABLE_ERROR;
        error = e;
        fail(pending, e);
        toAdd.clear();
        if (offsets != null) {
            offsets.done.completeExceptionally(e);
            offsets = null;
        }
    }

    void offsetsAdded() {
        offsets.groupAdded = true;
        anythingAdded = true;
    }

    /** Partitions of the TxnOffsetCommit that succeeded; completes the operation when none is left. */
    void offsetsCommitted(Set<TopicPartition> partitions) {
        offsets.remaining.keySet().removeAll(partitions);
        anythingAdded |= !partitions.isEmpty();
        if (offsets.remaining.isEmpty()) {
            offsets.done.complete(null);
            offsets = null;
        }
    }

    void partitionsAdded() {
        inTransaction.addAll(adding);
        anythingAdded |= !adding.isEmpty();
        adding = Set.of();
    }

    Offsets offsetsInProgress() {
        return offsets;
    }

    private void resetTransaction() {
        inTransaction.clear();
        toAdd.clear();
        adding = Set.of();
        anythingAdded = false;
        epochBumpRequired = false;
        offsets = null;
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

    /** For responses: the error to raise for a fenced producer. */
    ProducerFencedException fenced(Errors code, String brokerMessage) {
        return new ProducerFencedException(
                "Producer with transactional.id " + transactionalId + " was fenced by a newer instance (" + code
                        + (brokerMessage == null || brokerMessage.isEmpty() ? "" : ": " + brokerMessage) + ")",
                Errors.PRODUCER_FENCED);
    }

    static boolean endTxnCarriesEpoch(EndTxnResponse r) {
        return r.producerId() >= 0 && r.producerEpoch() >= 0;
    }

    static boolean initSucceeded(InitProducerIdResponse r) {
        return r.errorCode() == Errors.NONE.code();
    }
}
