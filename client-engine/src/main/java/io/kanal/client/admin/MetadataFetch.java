package io.kanal.client.admin;

import io.kanal.client.cluster.Node;
import io.kanal.client.network.ApiRequest;
import io.kanal.client.network.Lane;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.MetadataRequest;
import io.kanal.client.protocol.message.MetadataResponse;
import io.kanal.client.protocol.wire.Defaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Metadata requests of the admin's own, separate from the client's {@link io.kanal.client.cluster.internals.ClusterMetadata}
 * refreshes: an admin call wants an answer fresh from a broker for exactly its topics, with their errors.
 */
final class MetadataFetch {
    private MetadataFetch() {}

    /**
     * Asks a random broker for topics' metadata.
     *
     * @param topics the topics, or null for every topic
     * @param timeoutMs the request timeout
     * @return the response; completes on the network I/O thread
     */
    static CompletableFuture<MetadataResponse> topics(AdminContext ctx, List<String> topics, long timeoutMs) {
        return ctx.brokers()
                .any()
                .thenCompose(node -> ctx.network()
                        .send(node.endpoint(), Lane.GENERAL, request(topics), Duration.ofMillis(timeoutMs)))
                .thenApply(response -> (MetadataResponse) response.body());
    }

    /** The Metadata request for topics (null: every topic), never creating topics. */
    static ApiRequest request(List<String> topics) {
        return ApiRequest.of(ApiKey.METADATA, v -> {
            List<MetadataRequest.MetadataRequestTopic> wanted = null;
            if (topics != null) {
                wanted = new ArrayList<>();
                for (String name : topics) {
                    wanted.add(new MetadataRequest.MetadataRequestTopic(Defaults.ZERO_UUID, name, List.of()));
                }
            }
            return MetadataRequest.builder()
                    .topics(wanted)
                    .allowAutoTopicCreation(false)
                    .build();
        });
    }

    /** The brokers of a response by id. */
    static Map<Integer, Node> brokers(MetadataResponse response) {
        Map<Integer, Node> brokers = new HashMap<>();
        for (MetadataResponse.MetadataResponseBroker b : response.brokers()) {
            brokers.put(b.nodeId(), new Node(b.nodeId(), b.host(), b.port(), b.rack()));
        }
        return brokers;
    }
}
