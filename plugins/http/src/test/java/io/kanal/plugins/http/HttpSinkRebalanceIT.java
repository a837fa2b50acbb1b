package io.kanal.plugins.http;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.kanal.plugins.http.WireMockSink.acceptedBodies;
import static io.kanal.plugins.http.WireMockSink.config;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.api.sink.OffsetAndMetadata;
import io.kanal.api.sink.SinkRecord;
import io.kanal.api.sink.TopicPartition;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A partition revoked from a task while its records are still buffered, driven as the runtime does on a rebalance:
 * {@code preCommit} with the task's partitions, the returned offsets committed, then {@code close} of the revoked
 * partition; its new owner reads it again from the committed offset. Whatever the old task sends of that partition
 * past the committed offset reaches the endpoint twice — the benchmark's ~one batch of duplicates per run.
 */
@Timeout(60)
class HttpSinkRebalanceIT {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);
    private static final Schema VALUE = SchemaBuilder.struct()
            .field("id", Schema.INT64_SCHEMA)
            .field("p", Schema.INT32_SCHEMA)
            .build();
    private static final Pattern LINE = Pattern.compile("\\{\"id\":(\\d+),\"p\":(\\d+)}");

    private WireMockServer server;
    private HttpSinkTask task;

    @BeforeEach
    void startServer() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
    }

    @AfterEach
    void stop() {
        if (task != null) {
            task.stop();
        }
        server.stop();
    }

    @Test
    void aHealthyEndpointGetsEveryRecordOfARevokedPartitionOnce() {
        server.stubFor(post(urlEqualTo("/in")).willReturn(ok().withFixedDelay(20)));
        task = start(Duration.ofSeconds(5));
        int perPartition = 100;
        putInterleaved(perPartition);

        Map<TopicPartition, Long> committed = revoke(P1);
        task.flush(Map.of());

        // The new owner of partition 1 sends everything from the committed offset on once more.
        List<Long> p1 = delivered(1);
        long twice =
                p1.stream().filter(o -> o >= committed.getOrDefault(P1, 0L)).count();
        assertThat(twice)
                .as("records of the revoked partition sent past the committed offset")
                .isZero();
        assertThat(committed).containsEntry(P1, (long) perPartition);
        assertThat(delivered(0)).hasSize(perPartition).doesNotHaveDuplicates();
        assertThat(p1).hasSize(perPartition).doesNotHaveDuplicates();
    }

    @Test
    void aSlowEndpointGetsAtMostTheBatchInFlightOfARevokedPartitionAgain() {
        server.stubFor(post(urlEqualTo("/in")).willReturn(ok().withFixedDelay(400)));
        // preCommit waits at most 100 ms here: the batch in flight (5 records of each partition) is not delivered yet.
        task = start(Duration.ofMillis(100));
        int perPartition = 30;
        putInterleaved(perPartition);

        Map<TopicPartition, Long> committed = revoke(P1);
        task.flush(Map.of());

        long from = committed.getOrDefault(P1, 0L);
        List<Long> p1 = delivered(1);
        long twice = p1.stream().filter(o -> o >= from).count();
        assertThat(twice)
                .as("records of the revoked partition sent past the committed offset")
                .isLessThanOrEqualTo(5);
        // Nothing lost: everything below the committed offset arrived; partition 0 arrived whole, once.
        assertThat(p1).containsAll(range(from)).doesNotHaveDuplicates();
        assertThat(delivered(0)).containsExactlyElementsOf(range(perPartition));
    }

    private HttpSinkTask start(Duration commitWait) {
        Map<String, String> config = config(
                server.baseUrl() + "/in",
                Map.of("batch.max.records", "10", "batch.format", "ndjson", "buffer.max.records", "100000"));
        RecordingSinkContext context = new RecordingSinkContext(config, Set.of(P0, P1), true);
        HttpSinkTask started = new HttpSinkTask(Clock.systemUTC(), commitWait);
        started.initialize(context);
        started.start(started.configSpec().parse(context.configs()));
        return started;
    }

    /** Puts records of both partitions alternately, as one consumer poll of two partitions may. */
    private void putInterleaved(int perPartition) {
        List<SinkRecord> records = new ArrayList<>();
        for (long offset = 0; offset < perPartition; offset++) {
            records.add(record(P0, offset));
            records.add(record(P1, offset));
        }
        task.put(records);
    }

    /** What the runtime does on a revocation: preCommit, commit what it returns, close the revoked partition. */
    private Map<TopicPartition, Long> revoke(TopicPartition revoked) {
        Map<TopicPartition, OffsetAndMetadata> offered = Map.of(
                P0, new OffsetAndMetadata(Long.MAX_VALUE),
                P1, new OffsetAndMetadata(Long.MAX_VALUE));
        Map<TopicPartition, Long> committed = new HashMap<>();
        task.preCommit(offered).forEach((p, o) -> committed.put(p, o.offset()));
        task.close(List.of(revoked));
        return committed;
    }

    private static SinkRecord record(TopicPartition partition, long offset) {
        Struct value = new Struct(VALUE).put("id", offset).put("p", partition.partition());
        return new SinkRecord(partition.topic(), partition.partition(), null, null, VALUE, value, offset);
    }

    /** The offsets of one partition's records the endpoint accepted, in arrival order. */
    private List<Long> delivered(int partition) {
        List<Long> offsets = new ArrayList<>();
        for (String body : acceptedBodies(server)) {
            Matcher m = LINE.matcher(body);
            while (m.find()) {
                if (Integer.parseInt(m.group(2)) == partition) {
                    offsets.add(Long.parseLong(m.group(1)));
                }
            }
        }
        return offsets;
    }

    private static List<Long> range(long end) {
        List<Long> offsets = new ArrayList<>();
        for (long o = 0; o < end; o++) {
            offsets.add(o);
        }
        return offsets;
    }
}
