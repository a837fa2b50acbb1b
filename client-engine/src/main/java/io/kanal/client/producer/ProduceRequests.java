package io.kanal.client.producer;

import io.kanal.client.TopicPartition;
import io.kanal.client.cluster.MetadataSnapshot;
import io.kanal.client.cluster.TopicMetadata;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.ProduceRequest;
import io.kanal.client.protocol.message.ProduceResponse;
import io.kanal.client.protocol.wire.Defaults;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the Produce request for a set of batches (one per partition, grouped by topic) and finds a partition's
 * result in the response. A request names topics both ways, so the same body serves v3–v12 (names) and v13+ (topic
 * ids, KIP-516); if a topic id is unknown the request is capped at v12.
 */
final class ProduceRequests {
    private final ProducerSettings settings;

    ProduceRequests(ProducerSettings settings) {
        this.settings = settings;
    }

    /**
     * A request body and the highest version it can be sent at.
     *
     * @param body the body
     * @param maxVersion the highest usable version
     */
    record Built(ProduceRequest body, short maxVersion) {}

    Built build(MetadataSnapshot snapshot, List<ProducerBatch> batches) {
        Map<String, List<ProduceRequest.PartitionProduceData>> byTopic = new LinkedHashMap<>();
        for (ProducerBatch b : batches) {
            byTopic.computeIfAbsent(b.tp.topic(), t -> new ArrayList<>())
                    .add(new ProduceRequest.PartitionProduceData(b.tp.partition(), b.records.duplicate(), List.of()));
        }
        boolean idsKnown = true;
        List<ProduceRequest.TopicProduceData> topics = new ArrayList<>(byTopic.size());
        for (Map.Entry<String, List<ProduceRequest.PartitionProduceData>> e : byTopic.entrySet()) {
            TopicMetadata t = snapshot.topics().get(e.getKey());
            UUID id = t == null ? Defaults.ZERO_UUID : t.id();
            if (id == null || id.equals(Defaults.ZERO_UUID)) {
                idsKnown = false;
                id = Defaults.ZERO_UUID;
            }
            topics.add(new ProduceRequest.TopicProduceData(e.getKey(), id, e.getValue(), List.of()));
        }
        ProduceRequest body = ProduceRequest.builder()
                .transactionalId(settings.transactionalId())
                .acks(settings.acks().wire())
                .timeoutMs(settings.requestTimeoutMs())
                .topicData(topics)
                .build();
        short max = idsKnown ? ApiKey.PRODUCE.highestVersion() : (short) Math.min(12, ApiKey.PRODUCE.highestVersion());
        return new Built(body, max);
    }

    /**
     * A partition's result, matched by topic name (v3–v12) or topic id (v13+).
     *
     * @param response the response
     * @param tp the partition
     * @param snapshot the metadata, for the topic id
     * @return the result, or null if the broker left it out
     */
    static ProduceResponse.PartitionProduceResponse find(
            ProduceResponse response, TopicPartition tp, MetadataSnapshot snapshot) {
        TopicMetadata t = snapshot.topics().get(tp.topic());
        UUID id = t == null ? null : t.id();
        for (ProduceResponse.TopicProduceResponse topic : response.responses()) {
            boolean match = tp.topic().equals(topic.name())
                    || (id != null && !id.equals(Defaults.ZERO_UUID) && id.equals(topic.topicId()));
            if (!match) {
                continue;
            }
            for (ProduceResponse.PartitionProduceResponse p : topic.partitionResponses()) {
                if (p.index() == tp.partition()) {
                    return p;
                }
            }
        }
        return null;
    }
}
