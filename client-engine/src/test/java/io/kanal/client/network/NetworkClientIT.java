package io.kanal.client.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.kanal.client.Endpoint;
import io.kanal.client.common.Time;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.ApiVersionsRequest;
import io.kanal.client.protocol.message.ApiVersionsResponse;
import io.kanal.client.protocol.message.MetadataRequest;
import io.kanal.client.protocol.message.MetadataResponse;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@WithKafkaCluster
class NetworkClientIT {

    private static NetworkClient client(String id, MetricRegistry registry) {
        return new NetworkClient(NetworkConfig.defaults(id), new NetworkMetrics(registry), Time.SYSTEM);
    }

    private static Endpoint bootstrap(KafkaCluster cluster) {
        return Endpoint.parse(-1, cluster.bootstrapServers().split(",")[0]);
    }

    @Test
    void negotiatesTheHighestCommonVersionAndGetsMetadata(KafkaCluster cluster) throws Exception {
        MetricRegistry registry = new MetricRegistry();
        try (NetworkClient client = client("it-metadata", registry)) {
            ApiResponse response = client.send(
                            bootstrap(cluster),
                            Lane.GENERAL,
                            ApiRequest.of(
                                    ApiKey.METADATA,
                                    v -> MetadataRequest.builder().topics(null).build()))
                    .get(30, TimeUnit.SECONDS);
            MetadataResponse metadata = (MetadataResponse) response.body();
            assertThat(metadata.brokers()).hasSize(cluster.nodes().size());
            assertThat(metadata.clusterId()).isNotBlank();
            // Every 4.x broker serves Metadata v12 or later, and Kanal knows up to the spec's highest.
            assertThat(response.version()).isBetween((short) 12, ApiKey.METADATA.highestVersion());

            ApiVersionsResponse versions = (ApiVersionsResponse) client.send(
                            bootstrap(cluster),
                            Lane.GENERAL,
                            ApiRequest.of(ApiVersionsRequest.builder()
                                    .clientSoftwareName("kanal-it")
                                    .clientSoftwareVersion("1")
                                    .build()))
                    .get(30, TimeUnit.SECONDS)
                    .body();
            short brokerMax = versions.apiKeys().stream()
                    .filter(k -> k.apiKey() == ApiKey.METADATA.id())
                    .findFirst()
                    .orElseThrow()
                    .maxVersion();
            assertThat(response.version()).isEqualTo((short) Math.min(brokerMax, ApiKey.METADATA.highestVersion()));
        }
        assertThat(registry.timer("network.request.Metadata").getCount()).isEqualTo(1);
        assertThat(registry.meter("network.bytes-in").getCount()).isPositive();
    }

    @Test
    void connectOpensALaneAheadOfItsFirstRequestWhichThenUsesIt(KafkaCluster cluster) throws Exception {
        MetricRegistry registry = new MetricRegistry();
        try (NetworkClient client = client("it-connect", registry)) {
            client.connect(bootstrap(cluster), Lane.FETCH);
            // Open once the ApiVersions handshake went out and came back, with no request of the caller's.
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> registry.counter("network.connections").getCount() == 1
                            && registry.meter("network.bytes-in").getCount() > 0);
            assertThat(registry.timer("network.request.Metadata").getCount()).isZero();
            client.connect(bootstrap(cluster), Lane.FETCH); // already open: nothing happens
            client.send(bootstrap(cluster), Lane.FETCH, ApiRequest.of(ApiKey.METADATA, v -> MetadataRequest.builder()
                            .topics(null)
                            .build()))
                    .get(30, TimeUnit.SECONDS);
            assertThat(registry.counter("network.connections").getCount()).isEqualTo(1);
        }
    }

    @Test
    void pipelinesManyRequestsOnOneConnection(KafkaCluster cluster) throws Exception {
        try (NetworkClient client = client("it-pipeline", new MetricRegistry())) {
            List<CompletableFuture<ApiResponse>> futures = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                futures.add(client.send(
                        bootstrap(cluster), Lane.GENERAL, ApiRequest.of(ApiKey.METADATA, v -> MetadataRequest.builder()
                                .topics(List.of())
                                .build())));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            List<Integer> correlationIds = new ArrayList<>();
            for (CompletableFuture<ApiResponse> f : futures) {
                correlationIds.add(f.join().correlationId());
            }
            // One connection: the correlation ids are consecutive after the handshake's.
            assertThat(correlationIds).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void closeFailsNothingThatAlreadyCompletedAndRefusesNewRequests(KafkaCluster cluster) throws Exception {
        NetworkClient client = client("it-close", new MetricRegistry());
        ApiResponse first = client.send(
                        bootstrap(cluster), Lane.GENERAL, ApiRequest.of(ApiKey.METADATA, v -> MetadataRequest.builder()
                                .topics(List.of())
                                .build()))
                .get(30, TimeUnit.SECONDS);
        assertThat(first.body()).isInstanceOf(MetadataResponse.class);
        client.close(Duration.ofSeconds(5));
        CompletableFuture<ApiResponse> late = client.send(
                bootstrap(cluster), Lane.GENERAL, ApiRequest.of(ApiKey.METADATA, v -> MetadataRequest.builder()
                        .topics(List.of())
                        .build()));
        assertThat(late).failsWithin(Duration.ofSeconds(5));
    }
}
