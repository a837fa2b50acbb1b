package io.kanal.client.producer;

import io.kanal.client.ConsumerGroupMetadata;
import io.kanal.client.OffsetAndMetadata;
import io.kanal.client.TopicPartition;
import io.kanal.client.protocol.message.AddOffsetsToTxnRequest;
import io.kanal.client.protocol.message.AddPartitionsToTxnRequest;
import io.kanal.client.protocol.message.EndTxnRequest;
import io.kanal.client.protocol.message.InitProducerIdRequest;
import io.kanal.client.protocol.message.TxnOffsetCommitRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bodies of the transactional requests, and the version ranges each may go at. Under transactions V1 the client
 * must stay below the versions that mean V2 to a 4.x broker (Produce 12, TxnOffsetCommit 5, EndTxn 5); under V2 it
 * must use them. Stateless.
 */
final class TransactionRequests {
    /** AddPartitionsToTxn v4+ is the brokers' batched form; clients send v0-v3. */
    static final short ADD_PARTITIONS_MAX = 3;
    /** TxnOffsetCommit v3 carries the member id and generation that fence a zombie (KIP-447). */
    static final short TXN_OFFSET_COMMIT_MIN = 3;
    /** The last versions before transactions V2 (KIP-890 part 2). */
    static final short PRODUCE_V1_MAX = 11;

    static final short TXN_OFFSET_COMMIT_V1_MAX = 4;
    static final short END_TXN_V1_MAX = 4;
    /** The versions that mean transactions V2. TxnOffsetCommit v6 names topics by id, which needs metadata: not yet. */
    static final short PRODUCE_V2_MIN = 12;

    static final short TXN_OFFSET_COMMIT_V2 = 5;
    static final short END_TXN_V2 = 5;
    /** InitProducerId v3 takes the current producer id and epoch, to bump the epoch rather than fence (KIP-360). */
    static final short INIT_PRODUCER_ID_BUMP_MIN = 3;

    private TransactionRequests() {}

    static InitProducerIdRequest initProducerId(String transactionalId, int timeoutMs, long producerId, short epoch) {
        return InitProducerIdRequest.builder()
                .transactionalId(transactionalId)
                .transactionTimeoutMs(timeoutMs)
                .producerId(producerId)
                .producerEpoch(epoch)
                .build();
    }

    static AddPartitionsToTxnRequest addPartitions(
            String transactionalId, long producerId, short epoch, Collection<TopicPartition> partitions) {
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        for (TopicPartition tp : partitions) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        List<AddPartitionsToTxnRequest.AddPartitionsToTxnTopic> topics = new ArrayList<>();
        byTopic.forEach((topic, ids) -> topics.add(AddPartitionsToTxnRequest.AddPartitionsToTxnTopic.builder()
                .name(topic)
                .partitions(ids)
                .build()));
        return AddPartitionsToTxnRequest.builder()
                .v3AndBelowTransactionalId(transactionalId)
                .v3AndBelowProducerId(producerId)
                .v3AndBelowProducerEpoch(epoch)
                .v3AndBelowTopics(topics)
                .build();
    }

    static AddOffsetsToTxnRequest addOffsets(String transactionalId, long producerId, short epoch, String groupId) {
        return AddOffsetsToTxnRequest.builder()
                .transactionalId(transactionalId)
                .producerId(producerId)
                .producerEpoch(epoch)
                .groupId(groupId)
                .build();
    }

    static TxnOffsetCommitRequest txnOffsetCommit(
            String transactionalId,
            long producerId,
            short epoch,
            ConsumerGroupMetadata group,
            Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<String, List<TxnOffsetCommitRequest.TxnOffsetCommitRequestPartition>> byTopic = new TreeMap<>();
        offsets.forEach((tp, o) -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                .add(TxnOffsetCommitRequest.TxnOffsetCommitRequestPartition.builder()
                        .partitionIndex(tp.partition())
                        .committedOffset(o.offset())
                        .committedLeaderEpoch(o.leaderEpoch().orElse(-1))
                        .committedMetadata(o.metadata())
                        .build()));
        List<TxnOffsetCommitRequest.TxnOffsetCommitRequestTopic> topics = new ArrayList<>();
        byTopic.forEach((topic, parts) -> topics.add(TxnOffsetCommitRequest.TxnOffsetCommitRequestTopic.builder()
                .name(topic)
                .partitions(parts)
                .build()));
        return TxnOffsetCommitRequest.builder()
                .transactionalId(transactionalId)
                .groupId(group.groupId())
                .producerId(producerId)
                .producerEpoch(epoch)
                .generationIdOrMemberEpoch(group.memberEpoch())
                .memberId(group.memberId())
                .groupInstanceId(group.groupInstanceId().orElse(null))
                .topics(topics)
                .build();
    }

    static EndTxnRequest endTxn(String transactionalId, long producerId, short epoch, boolean commit) {
        return EndTxnRequest.builder()
                .transactionalId(transactionalId)
                .producerId(producerId)
                .producerEpoch(epoch)
                .committed(commit)
                .build();
    }
}
