package io.kanal.client.producer;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.kanal.client.Endpoint;
import io.kanal.client.TopicPartition;
import io.kanal.client.cluster.internals.ClusterMetadata;
import io.kanal.client.cluster.internals.CoordinatorLookup;
import io.kanal.client.cluster.internals.MetadataConfig;
import io.kanal.client.cluster.internals.MetadataSource;
import io.kanal.client.common.ExponentialBackoff;
import io.kanal.client.common.ManualTime;
import io.kanal.client.config.ClientConfigs;
import io.kanal.client.errors.Errors;
import io.kanal.client.network.ApiRequest;
import io.kanal.client.network.ApiResponse;
import io.kanal.client.network.Lane;
import io.kanal.client.network.RequestSender;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.ApiMessage;
import io.kanal.client.protocol.message.FindCoordinatorRequest;
import io.kanal.client.protocol.message.FindCoordinatorResponse;
import io.kanal.client.protocol.message.InitProducerIdResponse;
import io.kanal.client.protocol.message.MetadataResponse;
import io.kanal.client.protocol.message.ProduceRequest;
import io.kanal.client.protocol.message.ProduceResponse;
import io.kanal.client.record.CompressionType;
import io.kanal.client.record.RecordBatch;
import io.kanal.client.record.RecordBatches;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The producer's {@link Sender} with no network and no real clock: requests go to a scripted broker that the test
 * answers one by one, time is a {@link ManualTime}, and the test calls {@link #step()} where the sender loop would.
 * Metadata: one broker (node 0) leading every partition of topic {@link #TOPIC}.
 */
final class SenderHarness implements AutoCloseable {
    static final String TOPIC = "t";
    static final UUID TOPIC_ID = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

    /** A request the sender sent, waiting for the test's answer. */
    record Sent(Endpoint endpoint, Lane lane, ApiRequest request, CompletableFuture<ApiResponse> future) {
        ApiKey api() {
            return request.api();
        }

        ApiMessage body() {
            return request.body().forVersion(request.maxVersion());
        }

        void respond(ApiMessage response) {
            future.complete(new ApiResponse(response, request.maxVersion(), endpoint, 0));
        }

        /** The record batches of a Produce request, by partition. */
        Map<Integer, RecordBatch> batches() {
            Map<Integer, RecordBatch> out = new HashMap<>();
            for (ProduceRequest.TopicProduceData t : ((ProduceRequest) body()).topicData()) {
                for (ProduceRequest.PartitionProduceData p : t.partitionData()) {
                    out.put(
                            p.index(),
                            RecordBatches.of(p.records().duplicate()).iterator().next());
                }
            }
            return out;
        }

        /** The only batch of a Produce request for one partition. */
        RecordBatch batch() {
            Map<Integer, RecordBatch> all = batches();
            assertThat(all).hasSize(1);
            return all.values().iterator().next();
        }

        /** Answers a Produce request: every partition with the same error (NONE: offsets from {@code baseOffset}). */
        void produceResponse(Errors error, long baseOffset, long logStartOffset) {
            List<ProduceResponse.TopicProduceResponse> topics = new ArrayList<>();
            for (ProduceRequest.TopicProduceData t : ((ProduceRequest) body()).topicData()) {
                List<ProduceResponse.PartitionProduceResponse> parts = new ArrayList<>();
                for (ProduceRequest.PartitionProduceData p : t.partitionData()) {
                    parts.add(ProduceResponse.PartitionProduceResponse.builder()
                            .index(p.index())
                            .errorCode(error.code())
                            .baseOffset(error == Errors.NONE ? baseOffset : -1)
                            .logAppendTimeMs(-1)
                            .logStartOffset(logStartOffset)
                            .build());
                }
                topics.add(ProduceResponse.TopicProduceResponse.builder()
                        .name(t.name())
                        .topicId(t.topicId())
                        .partitionResponses(parts)
                        .build());
            }
            respond(ProduceResponse.builder().responses(topics).build());
        }

        void ok(long baseOffset) {
            produceResponse(Errors.NONE, baseOffset, 0);
        }
    }

    /** The scripted broker: Metadata is answered at once; everything else waits in {@link #sent}. */
    final class ScriptedBroker implements RequestSender {
        @Override
        public CompletableFuture<ApiResponse> send(Endpoint endpoint, Lane lane, ApiRequest request) {
            return send(endpoint, lane, request, Duration.ofSeconds(30));
        }

        @Override
        public CompletableFuture<ApiResponse> send(Endpoint endpoint, Lane lane, ApiRequest request, Duration timeout) {
            CompletableFuture<ApiResponse> f = new CompletableFuture<>();
            if (request.api() == ApiKey.METADATA) {
                f.complete(new ApiResponse(metadataResponse(), request.maxVersion(), endpoint, 0));
            } else if (request.api() == ApiKey.FIND_COORDINATOR) {
                coordinatorLookups++;
                f.complete(new ApiResponse(
                        coordinatorResponse(
                                (FindCoordinatorRequest) request.body().forVersion(request.maxVersion())),
                        request.maxVersion(),
                        endpoint,
                        0));
            } else {
                sent.add(new Sent(endpoint, lane, request, f));
            }
            return f;
        }
    }

    final ManualTime time = new ManualTime();
    final ArrayDeque<Sent> sent = new ArrayDeque<>();
    final ProducerSettings settings;
    final Accumulator accumulator;
    final Sender sender;
    final ClusterMetadata metadata;
    /** How many FindCoordinator requests the sender made. */
    int coordinatorLookups;
    /** What the cluster's transaction.version allows, as the producer sees it when a transaction begins. */
    volatile boolean transactionsV2;

    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    private final MetadataSource source;
    private final int partitions;

    SenderHarness(int partitions, Map<String, Object> overrides) {
        this.partitions = partitions;
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", "localhost:9092");
        config.put("linger.ms", 0);
        config.put("retry.backoff.ms", 100);
        config.put("retry.backoff.max.ms", 100);
        config.put("request.timeout.ms", 30_000);
        config.put("delivery.timeout.ms", 60_000);
        config.putAll(overrides);
        this.settings = ProducerSettings.from(ClientConfigs.parse(ProducerConfigs.SPEC, config, "producer"));
        ScriptedBroker broker = new ScriptedBroker();
        this.source = new MetadataSource(
                broker,
                "test",
                List.of(Endpoint.parse(-1, "localhost:9092")),
                new MetadataConfig(300_000, 100, 100),
                scheduler,
                time);
        this.metadata = source.newView();
        metadata.addTopics(List.of(TOPIC));
        metadata.refresh().join();
        this.accumulator = new Accumulator(settings, time, () -> {});
        ProducerMetrics metrics = new ProducerMetrics(new MetricRegistry(), accumulator.pool());
        BatchCloser closer = new BatchCloser(metrics, settings.compression().type() != CompressionType.NONE);
        CoordinatorLookup coordinators = new CoordinatorLookup(
                "test",
                (request, timeoutMs) -> broker.send(Endpoint.parse(0, "localhost:9092"), Lane.GENERAL, request),
                (task, delayMs) -> scheduler.schedule(task, delayMs, TimeUnit.MILLISECONDS),
                new ExponentialBackoff(100, 100),
                time,
                30_000);
        this.sender = new Sender(
                "test",
                settings,
                accumulator,
                broker,
                metadata,
                time,
                metrics,
                closer,
                Runnable::run,
                coordinators,
                () -> transactionsV2);
    }

    /** Every coordinator is node 0. */
    private static FindCoordinatorResponse coordinatorResponse(FindCoordinatorRequest request) {
        List<FindCoordinatorResponse.Coordinator> coordinators = new ArrayList<>();
        for (String key : request.coordinatorKeys()) {
            coordinators.add(FindCoordinatorResponse.Coordinator.builder()
                    .key(key)
                    .nodeId(0)
                    .host("localhost")
                    .port(9092)
                    .build());
        }
        return FindCoordinatorResponse.builder()
                .nodeId(0)
                .host("localhost")
                .port(9092)
                .coordinators(coordinators)
                .build();
    }

    private MetadataResponse metadataResponse() {
        List<MetadataResponse.MetadataResponsePartition> parts = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            parts.add(MetadataResponse.MetadataResponsePartition.builder()
                    .partitionIndex(p)
                    .leaderId(0)
                    .leaderEpoch(1)
                    .replicaNodes(List.of(0))
                    .isrNodes(List.of(0))
                    .build());
        }
        return MetadataResponse.builder()
                .brokers(List.of(MetadataResponse.MetadataResponseBroker.builder()
                        .nodeId(0)
                        .host("localhost")
                        .port(9092)
                        .build()))
                .clusterId("test")
                .controllerId(0)
                .topics(List.of(MetadataResponse.MetadataResponseTopic.builder()
                        .name(TOPIC)
                        .topicId(TOPIC_ID)
                        .partitions(parts)
                        .build()))
                .build();
    }

    /** Appends a record for a partition, as the caller's thread would; returns its future. */
    CompletableFuture<RecordMetadata> send(int partition, String value) {
        CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
        ByteBuffer bytes = ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8));
        PartitionBuffer buffer = accumulator.topic(TOPIC).partition(partition);
        accumulator.append(buffer, time.milliseconds(), null, bytes, List.of(), future, 32 + bytes.remaining(), -1);
        return future;
    }

    /** One run of the sender loop at the current manual time. */
    long step() {
        return sender.step(time.monotonicMs());
    }

    /** The next request the sender sent, which must be of the given API. */
    Sent next(ApiKey api) {
        Sent s = sent.poll();
        assertThat(s).as("a %s request was sent", api).isNotNull();
        assertThat(s.api()).isEqualTo(api);
        return s;
    }

    /** Steps until the sender asks for a producer id, and grants it. */
    void grantProducerId(long producerId, short epoch) {
        step();
        next(ApiKey.INIT_PRODUCER_ID)
                .respond(InitProducerIdResponse.builder()
                        .producerId(producerId)
                        .producerEpoch(epoch)
                        .build());
        step();
    }

    static TopicPartition tp(int partition) {
        return new TopicPartition(TOPIC, partition);
    }

    @Override
    public void close() {
        metadata.close();
        source.close();
        scheduler.shutdownNow();
    }
}
