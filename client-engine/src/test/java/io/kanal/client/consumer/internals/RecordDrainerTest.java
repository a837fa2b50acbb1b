package io.kanal.client.consumer.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import io.kanal.client.TopicPartition;
import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.client.consumer.ConsumerRecords;
import io.kanal.client.errors.CorruptRecordException;
import io.kanal.client.protocol.message.FetchResponse;
import io.kanal.client.serialization.Deserializer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

/** Draining buffered fetches into ConsumerRecords on the application thread. */
class RecordDrainerTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    @Test
    void recordsTakenBeforeAnErrorFromADeserializerAreReturnedAndTheFailingOneComesNext() {
        SubscriptionState subscriptions = assignedAtZero();
        FetchBuffer buffer = new FetchBuffer(() -> {});
        SimpleRecord[] records = new SimpleRecord[5];
        for (int i = 0; i < records.length; i++) {
            records[i] = new SimpleRecord(("v" + i).getBytes(StandardCharsets.UTF_8));
        }
        FetchResponse.PartitionData data = FetchResponse.PartitionData.builder()
                .records(MemoryRecords.withRecords(0, Compression.NONE, records).buffer())
                .build();
        buffer.add(new FetchDecoder(false, true)
                .decode(TP, subscriptions.generations().get(TP), 0, data));
        MetricRegistry metrics = new MetricRegistry();
        boolean[] broken = {true};
        Deserializer<String> values = (topic, headers, bytes) -> {
            String v = StandardCharsets.UTF_8.decode(bytes).toString();
            if (v.equals("v2") && broken[0]) {
                throw new StackOverflowError("deserializer bug");
            }
            return v;
        };
        RecordDrainer<String, String> drainer =
                new RecordDrainer<>(buffer, subscriptions, (topic, headers, bytes) -> null, values, metrics);

        assertThat(values(drainer.drain(500)))
                .as("the records before the failing one")
                .containsExactly("v0", "v1");
        assertThat(subscriptions.position(TP)).isEqualTo(2);
        assertThatThrownBy(() -> drainer.drain(500)).isInstanceOf(StackOverflowError.class);
        assertThat(subscriptions.position(TP)).isEqualTo(2);
        broken[0] = false;
        assertThat(values(drainer.drain(500))).containsExactly("v2", "v3", "v4");
        assertThat(subscriptions.position(TP)).isEqualTo(5);
        assertThat(metrics.meter("consumer.records-consumed").getCount()).isEqualTo(5);
        assertThat(metrics.meter("consumer.bytes-consumed").getCount())
                .as("five 2-byte values")
                .isEqualTo(10);
    }

    @Test
    void aMalformedRecordIsRaisedAfterTheRecordsBeforeItAndStopsFetchingUntilASeek() {
        SubscriptionState subscriptions = assignedAtZero();
        FetchBuffer buffer = new FetchBuffer(() -> {});
        ByteBuffer bad = MemoryRecords.withRecords(
                        0,
                        Compression.NONE,
                        new SimpleRecord("a".getBytes(StandardCharsets.UTF_8)),
                        new SimpleRecord("b".getBytes(StandardCharsets.UTF_8)),
                        new SimpleRecord("c".getBytes(StandardCharsets.UTF_8)))
                .buffer();
        bad.put(61 + 8 + 7, (byte) 10); // the second record claims 5 headers it has no room for
        FetchResponse.PartitionData data =
                FetchResponse.PartitionData.builder().records(bad).build();
        // Without CRC checks the bad record reaches the application thread.
        buffer.add(new FetchDecoder(false, false)
                .decode(TP, subscriptions.generations().get(TP), 0, data));
        Deserializer<String> strings =
                (topic, headers, bytes) -> StandardCharsets.UTF_8.decode(bytes).toString();
        RecordDrainer<String, String> drainer = new RecordDrainer<>(
                buffer, subscriptions, (topic, headers, bytes) -> null, strings, new MetricRegistry());

        assertThat(values(drainer.drain(500))).containsExactly("a");
        assertThat(fetchable(subscriptions))
                .as("nothing after the bad record can be delivered")
                .isFalse();
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> drainer.drain(500))
                    .isInstanceOfSatisfying(CorruptRecordException.class, e -> assertThat(e.offset())
                            .isEqualTo(1));
        }
        assertThat(subscriptions.position(TP)).isEqualTo(1);
        subscriptions.seek(TP, 3, -1);
        assertThat(fetchable(subscriptions)).isTrue();
    }

    /** A manual assignment of the test partition, positioned at offset 0. */
    private static SubscriptionState assignedAtZero() {
        SubscriptionState subscriptions = new SubscriptionState(ConsumerSettings.ResetPolicy.EARLIEST, false);
        subscriptions.assign(Set.of(TP));
        subscriptions.seek(TP, 0, -1);
        return subscriptions;
    }

    private static boolean fetchable(SubscriptionState subscriptions) {
        synchronized (subscriptions) {
            return subscriptions.cursorLocked(TP).isFetchable();
        }
    }

    private static List<String> values(ConsumerRecords<String, String> records) {
        List<String> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            out.add(r.value());
        }
        return out;
    }
}
