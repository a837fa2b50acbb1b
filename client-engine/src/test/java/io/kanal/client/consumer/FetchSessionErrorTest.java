package io.kanal.client.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.client.TopicPartition;
import io.kanal.client.errors.Errors;
import io.kanal.client.network.ScriptedBroker;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.FetchRequest;
import io.kanal.client.protocol.message.FetchResponse;
import io.kanal.client.protocol.message.ListOffsetsResponse;
import io.kanal.client.protocol.message.MetadataResponse;
import io.kanal.client.protocol.message.RequestHeader;
import io.kanal.client.protocol.wire.WireReader;
import io.kanal.client.serialization.StringDeserializer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

/**
 * A broker that lost the consumer's fetch session (restarted, or evicted it from a full cache) answers the next
 * incremental fetch with FETCH_SESSION_ID_NOT_FOUND. A real broker does that only after two minutes of eviction
 * protection, so a scripted one plays it: the consumer must start a new session with a full request from its position,
 * and deliver every record once.
 */
class FetchSessionErrorTest {
    private static final String TOPIC = "t";
    private static final UUID TOPIC_ID = UUID.randomUUID();

    /** The Fetch requests the broker saw, in order. */
    private final List<FetchRequest> fetches = new CopyOnWriteArrayList<>();

    private final List<ApiKey> unexpected = new CopyOnWriteArrayList<>();

    private static ByteBuffer records(long baseOffset, String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(values[i].getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withRecords(baseOffset, Compression.NONE, records).buffer();
    }

    private boolean answer(ScriptedBroker.Connection c, RequestHeader header, ByteBuffer body, int port)
            throws java.io.IOException {
        ApiKey api = ApiKey.forId(header.requestApiKey());
        short version = header.requestApiVersion();
        switch (api) {
            case API_VERSIONS -> {
                return false;
            }
            case METADATA -> c.respond(header, metadata(port), version);
            case LIST_OFFSETS ->
                c.respond(
                        header,
                        ListOffsetsResponse.builder()
                                .topics(List.of(new ListOffsetsResponse.ListOffsetsTopicResponse(
                                        TOPIC,
                                        List.of(ListOffsetsResponse.ListOffsetsPartitionResponse.builder()
                                                .partitionIndex(0)
                                                .offset(0)
                                                .timestamp(-1)
                                                .leaderEpoch(0)
                                                .build()),
                                        List.of())))
                                .build(),
                        version);
            case FETCH -> {
                FetchRequest request = FetchRequest.read(new WireReader(body), version);
                if (request.sessionEpoch() == -1) {
                    // The consumer closes its session on close.
                    c.respond(
                            header, FetchResponse.builder().responses(List.of()).build(), version);
                    return true;
                }
                fetches.add(request);
                FetchResponse response =
                        switch (fetches.size()) {
                            case 1 -> data(77, records(0, "a", "b", "c"));
                            case 2 ->
                                FetchResponse.builder()
                                        .errorCode(Errors.FETCH_SESSION_ID_NOT_FOUND.code())
                                        .sessionId(0)
                                        .responses(List.of())
                                        .build();
                            case 3 -> data(78, records(3, "d", "e", "f"));
                            default -> null; // nothing more: the fetch waits, as a long poll would
                        };
                if (response != null) {
                    c.respond(header, response, version);
                }
            }
            default -> unexpected.add(api);
        }
        return true;
    }

    private static MetadataResponse metadata(int port) {
        return MetadataResponse.builder()
                .brokers(List.of(MetadataResponse.MetadataResponseBroker.builder()
                        .nodeId(1)
                        .host("127.0.0.1")
                        .port(port)
                        .build()))
                .clusterId("scripted")
                .controllerId(1)
                .topics(List.of(MetadataResponse.MetadataResponseTopic.builder()
                        .name(TOPIC)
                        .topicId(TOPIC_ID)
                        .partitions(List.of(MetadataResponse.MetadataResponsePartition.builder()
                                .partitionIndex(0)
                                .leaderId(1)
                                .leaderEpoch(0)
                                .replicaNodes(List.of(1))
                                .isrNodes(List.of(1))
                                .offlineReplicas(List.of())
                                .build()))
                        .build()))
                .build();
    }

    private static FetchResponse data(int sessionId, ByteBuffer records) {
        return FetchResponse.builder()
                .sessionId(sessionId)
                .responses(List.of(new FetchResponse.FetchableTopicResponse(
                        TOPIC,
                        TOPIC_ID,
                        List.of(FetchResponse.PartitionData.builder()
                                .partitionIndex(0)
                                .highWatermark(6)
                                .lastStableOffset(6)
                                .logStartOffset(0)
                                .records(records)
                                .build()),
                        List.of())))
                .build();
    }

    @Test
    void aLostSessionIsReplacedByAFullFetchFromThePositionAndNothingIsLostOrRepeated() throws Exception {
        int[] port = new int[1];
        try (ScriptedBroker broker = new ScriptedBroker((c, header, body) -> answer(c, header, body, port[0]))) {
            port[0] = broker.endpoint().port();
            Map<String, Object> config = Map.of(
                    "bootstrap.servers",
                    "127.0.0.1:" + port[0],
                    "auto.offset.reset",
                    "earliest",
                    "fetch.max.wait.ms",
                    100);
            List<String> values = new ArrayList<>();
            try (Consumer<String, String> consumer =
                    Consumer.create(config, new StringDeserializer(), new StringDeserializer())) {
                consumer.assign(List.of(new TopicPartition(TOPIC, 0)));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (values.size() < 6 && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        assertThat(r.offset()).isEqualTo(values.size());
                        values.add(r.value());
                    }
                }
                assertThat(consumer.position(new TopicPartition(TOPIC, 0))).isEqualTo(6);
            }
            assertThat(values).containsExactly("a", "b", "c", "d", "e", "f");
            assertThat(unexpected).isEmpty();
            assertThat(fetches).hasSizeGreaterThanOrEqualTo(3);
            FetchRequest first = fetches.get(0);
            FetchRequest incremental = fetches.get(1);
            FetchRequest restart = fetches.get(2);
            assertThat(first.sessionId()).isZero();
            assertThat(first.sessionEpoch()).isZero();
            assertThat(incremental.sessionId()).isEqualTo(77);
            assertThat(incremental.sessionEpoch()).isEqualTo(1);
            // The session is gone: no id, epoch 0 asks for a new one, and the request lists the partition again,
            // from the position after the records already delivered.
            assertThat(restart.sessionId()).isZero();
            assertThat(restart.sessionEpoch()).isZero();
            assertThat(restart.topics()).singleElement().satisfies(t -> {
                assertThat(t.topicId()).isEqualTo(TOPIC_ID);
                assertThat(t.partitions()).singleElement().satisfies(p -> assertThat(p.fetchOffset())
                        .isEqualTo(3));
            });
        }
    }
}
