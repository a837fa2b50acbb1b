package io.kanal.client.producer;

import io.kanal.client.TopicPartition;
import io.kanal.client.cluster.CoordinatorType;
import io.kanal.client.errors.BrokerErrors;
import io.kanal.client.errors.CommitFailedException;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.ProducerFencedException;
import io.kanal.client.errors.ProtocolException;
import io.kanal.client.producer.TransactionRequestSlot.Request;
import io.kanal.client.producer.TransactionRequestSlot.Target;
import io.kanal.client.protocol.ApiMessage;
import io.kanal.client.protocol.message.AddOffsetsToTxnResponse;
import io.kanal.client.protocol.message.AddPartitionsToTxnResponse;
import io.kanal.client.protocol.message.EndTxnResponse;
import io.kanal.client.protocol.message.InitProducerIdResponse;
import io.kanal.client.protocol.message.TxnOffsetCommitResponse;
import java.util.HashSet;
import java.util.Set;

/**
 * What each transactional response means for the {@link TransactionStateMachine}: one table per API, in the manner
 * of Kafka's client (retry after a coordinator re-lookup, retry after back-off, abortable, fatal). Sender loop only,
 * like the machine it drives.
 */
final class TransactionResponses {
    /** The longest wait before retrying the first AddPartitionsToTxn of a transaction refused as concurrent. */
    static final long FIRST_ADD_RETRY_CAP_MS = 20;

    private final TransactionStateMachine machine;

    TransactionResponses(TransactionStateMachine machine) {
        this.machine = machine;
    }

    void handle(Request r, ApiMessage body, long nowMs) {
        switch (r.api()) {
            case INIT_PRODUCER_ID -> onInitProducerId(r, (InitProducerIdResponse) body, nowMs);
            case ADD_PARTITIONS_TO_TXN -> onAddPartitions(r, (AddPartitionsToTxnResponse) body, nowMs);
            case ADD_OFFSETS_TO_TXN -> onAddOffsets(r, (AddOffsetsToTxnResponse) body, nowMs);
            case TXN_OFFSET_COMMIT -> onTxnOffsetCommit(r, (TxnOffsetCommitResponse) body, nowMs);
            case END_TXN -> onEndTxn(r, (EndTxnResponse) body, nowMs);
            default -> machine.fatal(new KafkaException("Unexpected transactional response " + r.api()));
        }
    }

    /** The outcomes every coordinator request shares; returns true if it handled the error. */
    private boolean common(Request r, Errors error, String message, long nowMs) {
        TransactionRequestSlot slot = machine.slot();
        switch (error) {
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE -> {
                slot.retryAfterStale(r.target(), nowMs);
                return true;
            }
            case COORDINATOR_LOAD_IN_PROGRESS, CONCURRENT_TRANSACTIONS -> {
                slot.retry(nowMs);
                return true;
            }
            case PRODUCER_FENCED, INVALID_PRODUCER_EPOCH -> {
                // The coordinator says another producer took over the id, or ended this one's epoch.
                machine.fatal(fenced(error, message));
                return true;
            }
            case TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
                    CLUSTER_AUTHORIZATION_FAILED,
                    INVALID_TXN_STATE,
                    INVALID_PRODUCER_ID_MAPPING,
                    UNSUPPORTED_VERSION -> {
                machine.fatal(BrokerErrors.exception(error, message));
                return true;
            }
            case UNKNOWN_PRODUCER_ID -> {
                machine.requireEpochBump();
                if (machine.v2() && machine.state() == TransactionStateMachine.State.ABORTING) {
                    // V2 cannot bump the epoch from the client; nothing safe is left to do.
                    machine.fatal(BrokerErrors.exception(error, message));
                } else {
                    abortable(error, message, nowMs);
                }
                return true;
            }
            case TRANSACTION_ABORTABLE -> {
                abortable(error, message, nowMs);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** The transaction becomes abortable; an abort the coordinator refused is sent again after a back-off. */
    private void abortable(Errors error, String message, long nowMs) {
        if (machine.state() == TransactionStateMachine.State.ABORTING) {
            machine.slot().retry(nowMs);
        } else {
            machine.abortable(BrokerErrors.exception(error, message));
        }
    }

    private ProducerFencedException fenced(Errors code, String brokerMessage) {
        String why = code == Errors.PRODUCER_FENCED
                ? "was fenced: another instance with the same transactional.id has taken over"
                : "was fenced: its producer epoch is no longer current (another instance took over, or the coordinator"
                        + " timed the transaction out)";
        return new ProducerFencedException(
                "Producer with transactional.id " + machine.transactionalId() + " " + why + " (" + code
                        + (brokerMessage == null || brokerMessage.isEmpty() ? "" : ": " + brokerMessage) + ")",
                Errors.PRODUCER_FENCED);
    }

    private void onInitProducerId(Request r, InitProducerIdResponse body, long nowMs) {
        Errors error = Errors.forCode(body.errorCode());
        if (error == Errors.NONE) {
            machine.slot().succeeded();
            machine.producerIdAssigned(body.producerId(), body.producerEpoch());
            machine.initialized();
            return;
        }
        if (error == Errors.UNKNOWN_PRODUCER_ID || error == Errors.INVALID_PRODUCER_ID_MAPPING) {
            // An epoch bump for a producer id the coordinator no longer knows: only a fresh id helps.
            machine.fatal(BrokerErrors.exception(error, null));
            return;
        }
        if (error == Errors.TRANSACTION_ABORTABLE && machine.state() == TransactionStateMachine.State.INITIALIZING) {
            // No transaction to abort yet: ask again.
            machine.slot().retry(nowMs);
            return;
        }
        if (!common(r, error, null, nowMs)) {
            machine.fatal(BrokerErrors.exception(error, null));
        }
    }

    private void onAddPartitions(Request r, AddPartitionsToTxnResponse body, long nowMs) {
        Errors worst = Errors.forCode(body.errorCode());
        if (worst == Errors.NONE) {
            for (AddPartitionsToTxnResponse.AddPartitionsToTxnTopicResult t : body.resultsByTopicV3AndBelow()) {
                for (AddPartitionsToTxnResponse.AddPartitionsToTxnPartitionResult p : t.resultsByPartition()) {
                    Errors e = Errors.forCode(p.partitionErrorCode());
                    if (e != Errors.NONE && e != Errors.OPERATION_NOT_ATTEMPTED) {
                        worst = e;
                    } else if (e == Errors.OPERATION_NOT_ATTEMPTED && worst == Errors.NONE) {
                        worst = e;
                    }
                }
            }
        }
        if (worst == Errors.NONE) {
            machine.slot().succeeded();
            machine.transaction().partitionsAdded();
            return;
        }
        boolean first = machine.transaction().partitions.noneAdded();
        Set<TopicPartition> notAdded = machine.transaction().partitionsNotAdded();
        if (worst == Errors.CONCURRENT_TRANSACTIONS && first) {
            // The coordinator still writes the markers of the previous transaction: the first AddPartitionsToTxn of the
            // next one meets CONCURRENT_TRANSACTIONS for a few milliseconds. The usual back-off (retry.backoff.ms,
            // 100 ms) would cap back-to-back transactions at about 10/s, so that wait is capped (as Apache's client
            // does since KAFKA-5477).
            machine.slot().retryWithin(nowMs, FIRST_ADD_RETRY_CAP_MS);
        } else if (worst == Errors.UNKNOWN_TOPIC_OR_PARTITION) {
            machine.slot().retry(nowMs);
        } else if (!common(r, worst, null, nowMs)) {
            // TOPIC_AUTHORIZATION_FAILED, OPERATION_NOT_ATTEMPTED and the rest: this transaction cannot hold them.
            machine.abortable(BrokerErrors.exception(worst, "adding partitions " + notAdded));
        }
    }

    private void onAddOffsets(Request r, AddOffsetsToTxnResponse body, long nowMs) {
        Errors error = Errors.forCode(body.errorCode());
        if (error == Errors.NONE) {
            machine.slot().succeeded();
            machine.transaction().offsetsAdded();
        } else if (error == Errors.GROUP_AUTHORIZATION_FAILED) {
            machine.abortable(BrokerErrors.exception(error, null));
        } else if (!common(r, error, null, nowMs)) {
            machine.fatal(BrokerErrors.exception(error, null));
        }
    }

    private void onTxnOffsetCommit(Request r, TxnOffsetCommitResponse body, long nowMs) {
        Set<TopicPartition> done = new HashSet<>();
        Errors retry = null;
        for (TxnOffsetCommitResponse.TxnOffsetCommitResponseTopic t : body.topics()) {
            for (TxnOffsetCommitResponse.TxnOffsetCommitResponsePartition p : t.partitions()) {
                Errors e = Errors.forCode(p.errorCode());
                TopicPartition tp = new TopicPartition(t.name(), p.partitionIndex());
                switch (e) {
                    case NONE -> done.add(tp);
                    case COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR, REQUEST_TIMED_OUT ->
                        retry = Errors.NOT_COORDINATOR;
                    case UNKNOWN_TOPIC_OR_PARTITION, COORDINATOR_LOAD_IN_PROGRESS, CONCURRENT_TRANSACTIONS -> {
                        if (retry == null) {
                            retry = e;
                        }
                    }
                    case UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION, STALE_MEMBER_EPOCH, FENCED_MEMBER_EPOCH -> {
                        // KIP-447: the consumer whose offsets these are is no longer that member of the group.
                        machine.abortable(new CommitFailedException(
                                "The offsets of group " + r.target().key() + " were not committed: the consumer is no"
                                        + " longer in that generation (" + e + ")",
                                BrokerErrors.exception(e, null)));
                        return;
                    }
                    case GROUP_AUTHORIZATION_FAILED, FENCED_INSTANCE_ID -> {
                        machine.abortable(BrokerErrors.exception(e, null));
                        return;
                    }
                    default -> {
                        if (!common(r, e, null, nowMs)) {
                            machine.fatal(BrokerErrors.exception(e, null));
                        }
                        return;
                    }
                }
            }
        }
        machine.transaction().offsetsCommitted(done);
        if (!machine.transaction().offsetsInProgress()) {
            machine.slot().succeeded();
        } else if (retry == Errors.NOT_COORDINATOR) {
            machine.slot()
                    .retryAfterStale(
                            new Target(CoordinatorType.GROUP, r.target().key()), nowMs);
        } else {
            machine.slot().retry(nowMs);
        }
    }

    private void onEndTxn(Request r, EndTxnResponse body, long nowMs) {
        Errors error = Errors.forCode(body.errorCode());
        if (error == Errors.NONE) {
            machine.slot().succeeded();
            if (machine.v2()) {
                if (body.producerId() < 0 || body.producerEpoch() < 0) {
                    machine.fatal(new ProtocolException("EndTxn v5 succeeded without the producer's next epoch"));
                    return;
                }
                // KIP-890 part 2: every transaction ends with the next epoch (or, at overflow, a new producer id).
                machine.producerIdAssigned(body.producerId(), body.producerEpoch());
            }
            machine.completeTransaction();
        } else if (!common(r, error, null, nowMs)) {
            machine.fatal(BrokerErrors.exception(error, null));
        }
    }
}
