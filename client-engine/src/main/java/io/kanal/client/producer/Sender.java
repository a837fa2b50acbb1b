package io.kanal.client.producer;

import io.kanal.client.cluster.MetadataSnapshot;
import io.kanal.client.cluster.Node;
import io.kanal.client.cluster.PartitionInfo;
import io.kanal.client.cluster.TopicMetadata;
import io.kanal.client.cluster.internals.ClusterMetadata;
import io.kanal.client.cluster.internals.CoordinatorLookup;
import io.kanal.client.common.ExponentialBackoff;
import io.kanal.client.common.Time;
import io.kanal.client.common.internals.SerialLoop;
import io.kanal.client.errors.Causes;
import io.kanal.client.errors.ClientClosedException;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.TimeoutException;
import io.kanal.client.network.ApiRequest;
import io.kanal.client.network.ApiResponse;
import io.kanal.client.network.Lane;
import io.kanal.client.network.RequestSender;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.ProduceResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer's sender: finds ready batches, closes them (compression, header, CRC, sequence numbers happen here, not
 * on the I/O thread), groups them into one Produce request per broker, and handles the outcomes. It is the step of the
 * producer's {@link SerialLoop}, which runs on a thread of the client resources' loop pool: network futures complete
 * on the I/O thread, which only queues the outcome on the loop; user callbacks run on the producer's ordered callback
 * executor.
 *
 * <p>Owns (sender loop only): the in-flight counts per broker, the sequence state of every {@link PartitionBuffer},
 * and {@link ProducerIdentity}. Woken by {@link #wakeup()} when a batch is created or a response arrives.
 *
 * <p>Its I/O goes through a {@link RequestSender}, so that unit tests can drive it with scripted broker answers and a
 * manual clock by calling {@link #step(long)} themselves.
 */
final class Sender {
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
    private static final long EXPIRY_CHECK_MS = 50;
    private static final short MIN_PRODUCE_VERSION = 3;

    private final String clientId;
    private final ProducerSettings settings;
    private final Accumulator accumulator;
    private final RequestSender network;
    private final ClusterMetadata metadata;
    private final Time time;
    private final ProducerMetrics metrics;
    private final BatchCloser closer;
    private final ProducerIdentity identity = new ProducerIdentity();
    private final BatchOutcomes outcomes;
    private final TransactionDriver transactions;
    private final Executor callbacks;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final Map<Integer, Integer> inFlightPerNode = new HashMap<>();
    private final List<InFlightProduce> inFlight = new ArrayList<>();
    private final ProduceRequests requests;
    private final Sequencer sequencer;
    private final IdempotentProducerId producerId;
    private Executor loop = Runnable::run;
    private Runnable wakeup = () -> {};
    private volatile boolean closing;
    private volatile boolean forceClose;
    private volatile String forceCloseReason;
    private long nextExpiryMs;
    private long nextRefreshMs;

    Sender(
            String clientId,
            ProducerSettings settings,
            Accumulator accumulator,
            RequestSender network,
            ClusterMetadata metadata,
            Time time,
            ProducerMetrics metrics,
            BatchCloser closer,
            Executor callbacks,
            CoordinatorLookup coordinators,
            BooleanSupplier transactionsV2) {
        this.clientId = clientId;
        this.settings = settings;
        this.accumulator = accumulator;
        this.network = network;
        this.metadata = metadata;
        this.time = time;
        this.metrics = metrics;
        this.closer = closer;
        this.callbacks = callbacks;
        this.requests = new ProduceRequests(settings);
        this.sequencer = new Sequencer(settings, identity);
        // The loop is read when the response comes, as it may be attached after construction.
        this.producerId = new IdempotentProducerId(
                clientId,
                settings,
                identity,
                network,
                metadata,
                time,
                task -> loop.execute(task),
                this::requestRefresh);
        this.transactions = settings.transactional()
                ? new TransactionDriver(
                        new TransactionStateMachine(
                                clientId,
                                settings.transactionalId(),
                                settings.transactionTimeoutMs(),
                                new ExponentialBackoff(settings.retryBackoffMs(), settings.retryBackoffMaxMs()),
                                identity),
                        coordinators,
                        network,
                        time,
                        settings.requestTimeoutMs(),
                        transactionsV2)
                : null;
        this.outcomes = new BatchOutcomes(
                clientId,
                settings,
                accumulator,
                identity,
                metadata,
                metrics,
                () -> requestRefresh(time.monotonicMs()),
                callbacks,
                transactions == null ? null : transactions.machine());
    }

    /**
     * The transaction driver of a transactional producer.
     *
     * @return the driver, or null for a producer that is not transactional
     */
    TransactionDriver transactions() {
        return transactions;
    }

    /**
     * Attaches the loop that runs {@link #step}: outcomes are queued on {@code loop} and {@code wakeup} makes it run.
     * Until then (unit tests), outcomes run on the thread that completes the request.
     *
     * @param loop runs the sender's tasks one at a time
     * @param wakeup makes the loop run its step soon
     */
    void attach(Executor loop, Runnable wakeup) {
        this.loop = loop;
        this.wakeup = wakeup;
        if (transactions != null) {
            transactions.attach(loop);
        }
    }

    /** Makes the sender look at its batches soon; cheap, callable from any thread. */
    void wakeup() {
        wakeup.run();
    }

    /** The error that made the producer unusable, or null. Any thread. */
    KafkaException fatalError() {
        return identity.fatalError();
    }

    /** Sends everything that is queued, ignoring linger, then stops. Any thread. */
    void initiateClose() {
        closing = true;
        wakeup();
    }

    /** Stops at once, failing whatever is not acknowledged. Any thread. */
    void forceClose(String reason) {
        forceCloseReason = reason;
        forceClose = true;
        closing = true;
        wakeup();
    }

    /**
     * Completes once the sender stopped: everything sent and acknowledged after {@link #initiateClose()}, or failed
     * after {@link #forceClose}.
     *
     * @return the future
     */
    CompletableFuture<Void> terminated() {
        return terminated;
    }

    /**
     * One step of the sender loop: sends what is ready, expires what is late, and says when to run again.
     *
     * @param now the monotonic time
     * @return when to run again at the latest; {@link Long#MAX_VALUE} once stopped
     */
    long step(long now) {
        if (terminated.isDone()) {
            return Long.MAX_VALUE;
        }
        try {
            if (forceClose) {
                failEverything(new ClientClosedException(forceCloseReason));
                terminated.complete(null);
                return Long.MAX_VALUE;
            }
            long next = runOnce(now);
            if (closing
                    && !accumulator.hasIncomplete()
                    && inFlight.isEmpty()
                    && (transactions == null || transactions.machine().idle())) {
                if (transactions != null) {
                    transactions.machine().closed(new ClientClosedException("The producer closed"));
                }
                terminated.complete(null);
                return Long.MAX_VALUE;
            }
            return next;
        } catch (RuntimeException | Error e) {
            LOG.error("[Producer clientId={}] sender failed; failing every record", clientId, e);
            failEverything(new KafkaException("The producer's sender failed: " + e, e));
            terminated.complete(null);
            return Long.MAX_VALUE;
        }
    }

    private long runOnce(long now) {
        long next = now + 1_000;
        KafkaException fatal = identity.fatalError();
        if (fatal != null) {
            failQueued(fatal);
            return next;
        }
        if (transactions != null) {
            TransactionStateMachine txn = transactions.machine();
            if (closing) {
                txn.onClose();
            }
            if (txn.refusesQueued()) {
                // Queued records of an aborted (or doomed, or already ended) transaction are never sent. The error is
                // built only if there is such a record: this runs on every step outside a transaction.
                failQueued(txn::queuedRecordError);
            }
            if (identity.ready()) {
                // First: under V1 this is where the machine learns which partitions to add to the transaction.
                next = Math.min(next, sendReady(now));
            }
            next = Math.min(next, transactions.poll(now, !accumulator.hasIncomplete()));
        } else if (settings.idempotent() && !identity.ready()) {
            if (identity.shouldRequest(now)) {
                producerId.request(now);
            }
            next = Math.min(next, Math.max(now + 1, identity.nextAttemptMs()));
        } else {
            next = Math.min(next, sendReady(now));
        }
        if (now >= nextExpiryMs) {
            expire(now);
            nextExpiryMs = now + EXPIRY_CHECK_MS;
        }
        if (accumulator.hasIncomplete()) {
            next = Math.min(next, nextExpiryMs);
        }
        return next;
    }

    private long sendReady(long now) {
        MetadataSnapshot snapshot = metadata.current();
        TransactionStateMachine txn = transactions == null ? null : transactions.machine();
        boolean force = closing || accumulator.flushing() || (txn != null && txn.ending());
        Map<Integer, List<ProducerBatch>> perNode = new HashMap<>();
        Map<Integer, Integer> bytesPerNode = new HashMap<>();
        long next = Long.MAX_VALUE;
        boolean leaderMissing = false;
        boolean more = false;
        for (PartitionBuffer pb : accumulator.partitions()) {
            if (pb.queued() == 0) {
                continue;
            }
            // Before the linger check: under V1 the partition is added to the transaction while its batch fills.
            if (txn != null && !txn.mayProduce(pb.tp)) {
                continue;
            }
            ProducerBatch head = pb.readyHead(now, settings.lingerMs(), settings.batchSize(), force);
            if (head == null) {
                next = Math.min(next, pb.headDueMs(settings.lingerMs()));
                continue;
            }
            int leader = leaderOf(snapshot, pb);
            if (leader < 0) {
                leaderMissing = true;
                continue;
            }
            if (inFlightPerNode.getOrDefault(leader, 0) >= settings.maxInFlight() || !sequencer.allows(pb, head)) {
                continue;
            }
            List<ProducerBatch> batches = perNode.computeIfAbsent(leader, k -> new ArrayList<>());
            int bytes = bytesPerNode.getOrDefault(leader, 0);
            int size = head.estimatedSize();
            if (!batches.isEmpty() && bytes + size > settings.maxRequestSize()) {
                more = true;
                continue;
            }
            batches.add(pb.pollFirst());
            if (txn != null) {
                txn.transaction().produced(pb.tp);
            }
            bytesPerNode.put(leader, bytes + size);
            if (pb.queued() > 0) {
                more = true;
            }
        }
        for (Map.Entry<Integer, List<ProducerBatch>> e : perNode.entrySet()) {
            send(snapshot, e.getKey(), e.getValue(), now);
        }
        if (leaderMissing) {
            requestRefresh(now);
            next = Math.min(next, now + Math.max(1, settings.retryBackoffMs()));
        }
        return more ? now : next;
    }

    private static int leaderOf(MetadataSnapshot snapshot, PartitionBuffer pb) {
        TopicMetadata t = snapshot.topics().get(pb.tp.topic());
        if (t == null || pb.tp.partition() >= t.partitions().size()) {
            return -1;
        }
        PartitionInfo p = t.partitions().get(pb.tp.partition());
        return p.leader() >= 0 && snapshot.brokers().containsKey(p.leader()) ? p.leader() : -1;
    }

    private void send(MetadataSnapshot snapshot, int nodeId, List<ProducerBatch> batches, long now) {
        Node node = snapshot.brokers().get(nodeId);
        for (ProducerBatch b : batches) {
            prepare(b);
            b.inFlight = true;
            b.sentOnce = true;
            b.attempts++;
            b.owner.inFlight++;
        }
        ProduceRequests.Built built = requests.build(snapshot, batches);
        InFlightProduce request = new InFlightProduce(nodeId, batches, now);
        inFlight.add(request);
        inFlightPerNode.merge(nodeId, 1, Integer::sum);
        accumulator.drainedTo(nodeId, now);
        metrics.requestSent();
        network.send(node.endpoint(), Lane.PRODUCE, produceRequest(built))
                // I/O thread: hand over and return at once.
                .whenComplete((response, error) -> loop.execute(() -> onResponse(request, response, error)));
    }

    /** Closes the batch on first send and stamps the producer state; on the sender thread, never the I/O thread. */
    private void prepare(ProducerBatch b) {
        closer.close(b);
        sequencer.stamp(b);
    }

    private ApiRequest produceRequest(ProduceRequests.Built built) {
        short min = MIN_PRODUCE_VERSION;
        short max = built.maxVersion();
        if (transactions != null) {
            // Produce v12+ with a transactional id means transactions V2 to a 4.x broker: it adds the partition.
            if (transactions.machine().v2()) {
                min = TransactionRequests.PRODUCE_V2_MIN;
            } else {
                max = (short) Math.min(max, TransactionRequests.PRODUCE_V1_MAX);
            }
        }
        ApiRequest request = new ApiRequest(ApiKey.PRODUCE, min, max, v -> built.body());
        // With acks=0 the broker answers nothing: the request is done once written.
        return settings.acks() == Acks.NONE ? request.withoutResponse() : request;
    }

    private void onResponse(InFlightProduce request, ApiResponse response, Throwable error) {
        inFlight.remove(request);
        inFlightPerNode.merge(request.nodeId(), -1, Integer::sum);
        long now = time.monotonicMs();
        if (error != null) {
            KafkaException cause = asKafkaException(error);
            requestRefresh(now);
            for (ProducerBatch b : request.batches()) {
                outcomes.onRequestFailure(b, cause, now);
            }
            return;
        }
        if (response.body() == null) {
            for (ProducerBatch b : request.batches()) {
                outcomes.onResponse(b, unacknowledged(b), List.of(), now);
            }
            return;
        }
        ProduceResponse body = (ProduceResponse) response.body();
        for (ProducerBatch b : request.batches()) {
            ProduceResponse.PartitionProduceResponse r = ProduceRequests.find(body, b.tp, metadata.current());
            if (r == null) {
                outcomes.onRequestFailure(
                        b,
                        new KafkaException(
                                "The Produce response from node " + request.nodeId() + " has no result for " + b.tp),
                        now);
            } else {
                outcomes.onResponse(b, r, body.nodeEndpoints(), now);
            }
        }
    }

    /** The outcome of an acks=0 batch: written, with no offset and no broker time. */
    private static ProduceResponse.PartitionProduceResponse unacknowledged(ProducerBatch b) {
        return ProduceResponse.PartitionProduceResponse.builder()
                .index(b.tp.partition())
                .baseOffset(-1)
                .logAppendTimeMs(-1)
                .build();
    }

    private static KafkaException asKafkaException(Throwable error) {
        Throwable cause = Causes.unwrap(error);
        return cause instanceof KafkaException k ? k : new KafkaException("Produce request failed: " + cause, cause);
    }

    private void requestRefresh(long now) {
        if (now >= nextRefreshMs) {
            nextRefreshMs = now + Math.max(1, settings.retryBackoffMs());
            metadata.requestRefresh();
        }
    }

    private void expire(long now) {
        List<ProducerBatch> expired = new ArrayList<>();
        for (PartitionBuffer pb : accumulator.partitions()) {
            if (pb.queued() > 0) {
                pb.expire(now, expired);
            }
        }
        for (ProducerBatch b : expired) {
            outcomes.fail(b, expiredError(b, now));
        }
        for (InFlightProduce r : inFlight) {
            for (ProducerBatch b : r.batches()) {
                if (!b.completed && b.deadlineMs <= now) {
                    // Fail now and for good; the response, whenever it comes, only settles the sequence state.
                    metrics.failed(b.recordCount());
                    TimeoutException timeout = expiredError(b, now);
                    b.fail(callbacks, timeout);
                    if (transactions != null) {
                        // The broker may still write it: the transaction must end with a new epoch.
                        transactions.machine().onBatchFailed(timeout, true);
                    }
                }
            }
        }
    }

    private TimeoutException expiredError(ProducerBatch b, long now) {
        return new TimeoutException("Expiring " + b.recordCount() + " record(s) for " + b.tp + ": "
                + (now - b.createdMs) + " ms passed since the batch was created, more than delivery.timeout.ms ("
                + settings.deliveryTimeoutMs() + " ms)" + (b.inFlight ? " (a response is still awaited)" : ""));
    }

    private void failQueued(KafkaException error) {
        failQueued(() -> error);
    }

    private void failQueued(Supplier<KafkaException> errorOnce) {
        KafkaException error = null;
        for (PartitionBuffer pb : accumulator.partitions()) {
            for (ProducerBatch b : pb.drainAll()) {
                if (error == null) {
                    error = errorOnce.get();
                }
                outcomes.fail(b, error);
            }
        }
    }

    private void failEverything(KafkaException error) {
        if (transactions != null) {
            transactions.machine().closed(error);
        }
        failQueued(error);
        for (InFlightProduce r : inFlight) {
            for (ProducerBatch b : r.batches()) {
                // Not deallocated: the I/O thread may still be writing its buffer; the pool closes below anyway.
                b.fail(callbacks, error);
            }
        }
        inFlight.clear();
        for (ProducerBatch b : accumulator.incomplete()) {
            b.fail(callbacks, error);
            if (!b.inFlight) {
                accumulator.deallocate(b);
            }
        }
        accumulator.pool().close();
    }
}
