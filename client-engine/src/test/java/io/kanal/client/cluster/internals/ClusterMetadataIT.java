package io.kanal.client.cluster.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.client.Endpoint;
import io.kanal.client.TopicPartition;
import io.kanal.client.cluster.Node;
import io.kanal.client.cluster.PartitionInfo;
import io.kanal.client.cluster.TopicMetadata;
import io.kanal.client.common.Time;
import io.kanal.client.config.ClientConfigs;
import io.kanal.client.config.CommonClientConfigs;
import io.kanal.client.errors.NetworkException;
import io.kanal.client.errors.RetriableException;
import io.kanal.client.network.ApiRequest;
import io.kanal.client.network.ApiResponse;
import io.kanal.client.network.Lane;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.FetchRequest;
import io.kanal.client.protocol.message.FetchResponse;
import io.kanal.client.protocol.message.MetadataRequest;
import io.kanal.client.resource.internals.ClientCore;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.KafkaNode;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** Metadata and connections against a 3-node cluster whose nodes are killed, stopped and restarted. */
@WithKafkaCluster(nodes = 3)
class ClusterMetadataIT {

    private static ClientCore core(KafkaCluster cluster) {
        return ClientCore.create(
                ClientConfigs.parse(
                        CommonClientConfigs.SPEC,
                        Map.of("bootstrap.servers", cluster.bootstrapServers(), "request.timeout.ms", 15_000),
                        "test"),
                "test",
                5,
                Time.SYSTEM);
    }

    private static Admin admin(KafkaCluster cluster) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
    }

    @Test
    void followsALeaderChangeWhenTheLeaderIsKilled(KafkaCluster cluster) throws Exception {
        String topic = "moving-leader";
        try (Admin admin = admin(cluster)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        TopicPartition tp = new TopicPartition(topic, 0);
        try (ClientCore core = core(cluster)) {
            ClusterMetadata metadata = core.metadata();
            TopicMetadata t = metadata.awaitTopic(topic, Duration.ofSeconds(30));
            assertThat(t.id()).isNotEqualTo(new java.util.UUID(0, 0));
            assertThat(metadata.current().nodes()).hasSize(3);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> metadata.refresh()
                                    .get()
                                    .partition(tp)
                                    .orElseThrow()
                                    .inSyncReplicas()
                                    .size()
                            == 3);
            PartitionInfo before = metadata.current().partition(tp).orElseThrow();
            KafkaNode victim = cluster.node(before.leader());
            victim.kill();
            try {
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200))
                        .untilAsserted(() -> {
                            PartitionInfo now = metadata.refresh()
                                    .get(20, TimeUnit.SECONDS)
                                    .partition(tp)
                                    .orElseThrow();
                            assertThat(now.leader())
                                    .isNotEqualTo(before.leader())
                                    .isNotNegative();
                            assertThat(now.leaderEpoch()).isGreaterThan(before.leaderEpoch());
                        });
                assertThat(metadata.current().leader(tp)).map(Node::id).isNotEqualTo(Optional.of(before.leader()));
            } finally {
                victim.start();
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                            metadata.refresh().get(20, TimeUnit.SECONDS).nodes())
                    .extracting(Node::id)
                    .contains(victim.id()));
        }
    }

    @Test
    void inFlightRequestsFailAsRetriableWhenABrokerDiesOrStopsAndSucceedAfterItRestarts(KafkaCluster cluster)
            throws Exception {
        KafkaNode node = cluster.node(1);
        String topic = "on-node-1";
        try (Admin admin = admin(cluster)) {
            admin.createTopics(List.of(new NewTopic(topic, Map.of(0, List.of(node.id())))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        try (ClientCore core = core(cluster)) {
            TopicMetadata t = core.metadata().awaitTopic(topic, Duration.ofSeconds(30));
            Endpoint endpoint =
                    core.metadata().current().node(node.id()).orElseThrow().endpoint();
            // The partition serves fetches (a broker that lags behind the topic's creation answers at once with an
            // error, which would not wait), and the FETCH connection is open: the next bytes on it are the fetch.
            awaitFetchSucceeds(core, endpoint, t);
            long before = core.metrics().meter("network.bytes-out").getCount();
            // A fetch at the end of an empty partition waits on the broker: it is in flight when the node dies.
            CompletableFuture<ApiResponse> waiting =
                    core.network().send(endpoint, Lane.FETCH, ApiRequest.of(ApiKey.FETCH, v -> fetch(t, 30_000)));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> core.metrics().meter("network.bytes-out").getCount() > before);
            // SIGKILL: a clean stop may first answer the waiting fetch (4.0.2 does), which is not the case here.
            node.kill();
            try {
                Throwable failure = failure(waiting);
                assertThat(failure).isInstanceOf(NetworkException.class);
                assertThat(((NetworkException) failure).outcomeUnknown()).isTrue();
            } finally {
                node.start();
            }
            awaitFetchSucceeds(core, endpoint, t);
            // A clean stop: requests fail as retriable while the node is down, and succeed once it is back.
            node.stop();
            try {
                Throwable failure = failure(
                        core.network().send(endpoint, Lane.FETCH, ApiRequest.of(ApiKey.FETCH, v -> fetch(t, 0))));
                assertThat(failure).isInstanceOf(RetriableException.class);
            } finally {
                node.start();
            }
            awaitFetchSucceeds(core, endpoint, t);
            ApiResponse metadata = core.network()
                    .send(endpoint, Lane.GENERAL, ApiRequest.of(ApiKey.METADATA, v -> MetadataRequest.builder()
                            .topics(List.of())
                            .build()))
                    .get(20, TimeUnit.SECONDS);
            assertThat(metadata.endpoint()).isEqualTo(endpoint);
        }
    }

    private static void awaitFetchSucceeds(ClientCore core, Endpoint endpoint, TopicMetadata t) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    ApiResponse r = core.network()
                            .send(endpoint, Lane.FETCH, ApiRequest.of(ApiKey.FETCH, v -> fetch(t, 0)))
                            .get(20, TimeUnit.SECONDS);
                    FetchResponse body = (FetchResponse) r.body();
                    assertThat(body.errorCode()).isZero();
                    assertThat(body.responses().get(0).partitions().get(0).errorCode())
                            .as("partition error")
                            .isZero();
                });
    }

    private static Throwable failure(CompletableFuture<?> future) throws Exception {
        try {
            future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the request succeeded although its broker was down");
    }

    private static FetchRequest fetch(TopicMetadata t, int maxWaitMs) {
        FetchRequest.FetchPartition partition = FetchRequest.FetchPartition.builder()
                .partition(0)
                .fetchOffset(0)
                .partitionMaxBytes(1024 * 1024)
                .build();
        FetchRequest.FetchTopic topic = FetchRequest.FetchTopic.builder()
                .topic(t.name())
                .topicId(t.id())
                .partitions(List.of(partition))
                .build();
        return FetchRequest.builder()
                .maxWaitMs(maxWaitMs)
                .minBytes(1)
                .maxBytes(1024 * 1024)
                .topics(List.of(topic))
                .build();
    }
}
