package io.kanal.client.producer;

import io.kanal.client.cluster.Node;
import io.kanal.client.cluster.internals.ClusterMetadata;
import io.kanal.client.common.ExponentialBackoff;
import io.kanal.client.errors.BrokerErrors;
import io.kanal.client.errors.ErrorCategory;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.RecordTooLargeException;
import io.kanal.client.errors.RetriableException;
import io.kanal.client.errors.TimeoutException;
import io.kanal.client.errors.TransactionAbortedException;
import io.kanal.client.protocol.message.ProduceResponse;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what happens to a batch after its Produce attempt: success, a retry (at the front of its partition, after
 * back-off, within {@code delivery.timeout.ms}), or failure; and keeps the idempotence bookkeeping straight (last
 * acknowledged sequence, epoch bumps after a sequence gap, as in the reference §3.1). Sender loop only.
 */
final class BatchOutcomes {
    private static final Logger LOG = LoggerFactory.getLogger(BatchOutcomes.class);

    private final String clientId;
    private final ProducerSettings settings;
    private final Accumulator accumulator;
    private final ProducerIdentity identity;
    private final ClusterMetadata metadata;
    private final ProducerMetrics metrics;
    private final Runnable requestRefresh;
    private final Executor callbacks;
    /** The transaction state of a transactional producer, or null. */
    private final TransactionStateMachine transaction;

    private final BatchSplitter splitter;

    BatchOutcomes(
            String clientId,
            ProducerSettings settings,
            Accumulator accumulator,
            ProducerIdentity identity,
            ClusterMetadata metadata,
            ProducerMetrics metrics,
            Runnable requestRefresh,
            Executor callbacks,
            TransactionStateMachine transaction) {
        this.clientId = clientId;
        this.settings = settings;
        this.accumulator = accumulator;
        this.identity = identity;
        this.metadata = metadata;
        this.metrics = metrics;
        this.requestRefresh = requestRefresh;
        this.callbacks = callbacks;
        this.transaction = transaction;
        this.splitter = new BatchSplitter(accumulator.batchOptions());
    }

    /** A partition's answer in a Produce response. */
    void onResponse(
            ProducerBatch b,
            ProduceResponse.PartitionProduceResponse r,
            List<ProduceResponse.NodeEndpoint> endpoints,
            long nowMs) {
        landed(b);
        Errors error = Errors.forCode(r.errorCode());
        if (error == Errors.NONE || error == Errors.DUPLICATE_SEQUENCE_NUMBER) {
            acknowledged(b);
            if (!b.completed) {
                metrics.acknowledged(b.recordCount());
                b.succeed(callbacks, error == Errors.NONE ? r.baseOffset() : -1, r.logAppendTimeMs());
            }
            accumulator.deallocate(b);
            return;
        }
        applyLeaderHint(b, r.currentLeader(), endpoints);
        KafkaException ex = BrokerErrors.exception(error, r.errorMessage());
        if (b.completed) {
            // It expired or was failed while in flight; only the sequence bookkeeping is left.
            gap(b);
            accumulator.deallocate(b);
            return;
        }
        PartitionBuffer pb = b.owner;
        if (transaction != null
                && (error == Errors.OUT_OF_ORDER_SEQUENCE_NUMBER || error == Errors.UNKNOWN_PRODUCER_ID)) {
            // A transactional producer cannot restart its sequences on its own: the transaction fails, and its abort
            // bumps the epoch.
            fail(b, ex);
            return;
        }
        switch (error) {
            case OUT_OF_ORDER_SEQUENCE_NUMBER -> {
                if (settings.idempotent()) {
                    if (currentSequences(b) && b.baseSequence <= pb.lastAckedSequence + 1) {
                        // Either the broker lacks what it acknowledged (the batch follows the last acknowledged one)
                        // or it already took later sequences: under this epoch the batch can never be written, so
                        // restart the sequences under a new one (KIP-360).
                        gap(b);
                    }
                    retry(b, ex, nowMs);
                    return;
                }
            }
            case UNKNOWN_PRODUCER_ID -> {
                if (settings.idempotent()) {
                    if (r.logStartOffset() != -1) {
                        // The broker dropped our producer state (retention): start over under a new epoch.
                        gap(b);
                    }
                    retry(b, ex, nowMs);
                    return;
                }
            }
            case MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE -> {
                if (b.recordCount() > 1) {
                    split(b, error);
                    return;
                }
                fail(
                        b,
                        new RecordTooLargeException(
                                "The record for " + b.tp + " (a batch of " + b.estimatedSize() + " bytes) is larger"
                                        + " than the topic accepts (max.message.bytes): " + ex.getMessage(),
                                error));
                return;
            }
            default -> {
                // handled below
            }
        }
        ErrorCategory category = error.category();
        if (category == ErrorCategory.REFRESH_RETRIABLE) {
            requestRefresh.run();
        }
        if (ex instanceof RetriableException) {
            retry(b, ex, nowMs);
        } else {
            fail(b, ex);
        }
    }

    private void split(ProducerBatch b, Errors error) {
        List<ProducerBatch> halves;
        try {
            halves = splitter.split(b);
        } catch (RuntimeException e) {
            // Our own bytes did not decode again: fail this batch, not the sender thread with every other batch.
            RecordTooLargeException tooLarge = new RecordTooLargeException(
                    "A batch of " + b.recordCount() + " records for " + b.tp + " is larger than the topic accepts and"
                            + " could not be split: " + e,
                    error);
            tooLarge.addSuppressed(e);
            fail(b, tooLarge);
            return;
        }
        LOG.info(
                "[Producer clientId={}] the broker refused {} ({} bytes) with {}; retrying it as batches of {} and {}"
                        + " records",
                clientId,
                b,
                b.estimatedSize(),
                error,
                halves.get(0).recordCount(),
                halves.get(1).recordCount());
        for (ProducerBatch half : halves) {
            accumulator.track(half);
            b.owner.reenqueue(half);
        }
        accumulator.deallocate(b);
    }

    /** The whole request failed: no connection, timeout, or the client is closing. */
    void onRequestFailure(ProducerBatch b, KafkaException error, long nowMs) {
        landed(b);
        if (b.completed) {
            gap(b);
            accumulator.deallocate(b);
            return;
        }
        if (error instanceof RetriableException) {
            retry(b, error, nowMs);
        } else {
            fail(b, error);
        }
    }

    private void landed(ProducerBatch b) {
        b.inFlight = false;
        b.owner.inFlight--;
    }

    private boolean currentSequences(ProducerBatch b) {
        PartitionBuffer pb = b.owner;
        return b.hasSequence() && b.producerId == pb.sequenceProducerId && b.producerEpoch == pb.sequenceEpoch;
    }

    private void acknowledged(ProducerBatch b) {
        if (currentSequences(b)) {
            int last = b.baseSequence + b.recordCount() - 1;
            if (last > b.owner.lastAckedSequence) {
                b.owner.lastAckedSequence = last;
            }
        }
    }

    private void retry(ProducerBatch b, KafkaException error, long nowMs) {
        if (b.attempts <= settings.retries() && nowMs < b.deadlineMs) {
            metrics.retried();
            b.retryAtMs = nowMs
                    + new ExponentialBackoff(settings.retryBackoffMs(), settings.retryBackoffMaxMs())
                            .delayMs(b.attempts);
            if (LOG.isDebugEnabled()) {
                LOG.debug("[Producer clientId={}] retrying {}: {}", clientId, b, error.getMessage());
            }
            b.owner.reenqueue(b);
            return;
        }
        if (nowMs >= b.deadlineMs) {
            fail(
                    b,
                    new TimeoutException(
                            "Expiring " + b.recordCount() + " record(s) for " + b.tp + ": delivery.timeout.ms ("
                                    + settings.deliveryTimeoutMs() + " ms) passed; last error: " + error.getMessage(),
                            error));
        } else {
            fail(b, error);
        }
    }

    /**
     * Fails a batch for good and frees its memory.
     *
     * @param b the batch, not in flight
     * @param error why
     */
    void fail(ProducerBatch b, RuntimeException error) {
        if (!b.completed) {
            metrics.failed(b.recordCount());
            if (!(error instanceof TransactionAbortedException)) {
                LOG.warn("[Producer clientId={}] {} failed: {}", clientId, b, error.getMessage());
            }
            if (transaction != null && error instanceof KafkaException k) {
                transaction.onBatchFailed(k, k instanceof TimeoutException && b.sentOnce);
            }
        }
        b.fail(callbacks, error);
        gap(b);
        accumulator.deallocate(b);
    }

    /**
     * A batch that held sequences will never be acknowledged (or its outcome is unknown): the broker would wait for
     * those sequences forever, so move to a new epoch, once per epoch.
     */
    void gap(ProducerBatch b) {
        if (!settings.idempotent() || !b.sentOnce || !b.hasSequence()) {
            return;
        }
        if (transaction != null) {
            // No client-side bump in a transaction: the abort of this transaction bumps the epoch instead.
            transaction.requireEpochBump();
            return;
        }
        if (b.producerId == identity.producerId() && b.producerEpoch == identity.epoch()) {
            boolean reinit = identity.bumpEpoch();
            LOG.info(
                    "[Producer clientId={}] sequence gap on {} (batch from sequence {}): {}",
                    clientId,
                    b.tp,
                    b.baseSequence,
                    reinit ? "epoch exhausted, requesting a new producer id" : "bumped epoch to " + identity.epoch());
        }
    }

    private void applyLeaderHint(
            ProducerBatch b, ProduceResponse.LeaderIdAndEpoch leader, List<ProduceResponse.NodeEndpoint> endpoints) {
        if (leader == null || leader.leaderId() < 0 || leader.leaderEpoch() < 0) {
            return;
        }
        Node node = null;
        for (ProduceResponse.NodeEndpoint e : endpoints) {
            if (e.nodeId() == leader.leaderId()) {
                node = new Node(e.nodeId(), e.host(), e.port(), e.rack());
            }
        }
        metadata.applyLeaderHint(b.tp, leader.leaderId(), leader.leaderEpoch(), node);
    }
}
