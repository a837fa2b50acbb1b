package io.kanal.client.consumer.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.client.TopicPartition;
import io.kanal.client.errors.CorruptRecordException;
import io.kanal.client.protocol.message.FetchResponse;
import io.kanal.client.record.RecordCursor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

/** Decoding of fetched partition data, with batches written by kafka-clients (test scope) as the reference. */
class FetchDecoderTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    private static ByteBuffer batch(long baseOffset, String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(values[i].getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withRecords(baseOffset, Compression.NONE, records).buffer();
    }

    private static ByteBuffer concat(ByteBuffer... parts) {
        int size = 0;
        for (ByteBuffer p : parts) {
            size += p.remaining();
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (ByteBuffer p : parts) {
            out.put(p.duplicate());
        }
        return out.flip();
    }

    private static FetchResponse.PartitionData data(ByteBuffer records) {
        return FetchResponse.PartitionData.builder().records(records).build();
    }

    /** Drains the fetch as the application thread does, returning the values delivered. */
    private static List<String> values(CompletedFetch fetch) {
        List<String> out = new ArrayList<>();
        for (RecordCursor r; (r = fetch.nextRecord()) != null; ) {
            out.add(r.offset() + ":" + StandardCharsets.UTF_8.decode(r.value()));
            fetch.delivered(r);
        }
        return out;
    }

    @Test
    void aBatchWithABadCrcIsReportedWithItsOffsetsAndNoneOfItsRecordsAreDelivered() {
        ByteBuffer good = batch(0, "a", "b");
        ByteBuffer bad = batch(2, "c", "d", "e");
        bad.put(bad.limit() - 2, (byte) 'x'); // the last value's byte (the last byte is its header count)
        CompletedFetch fetch = new FetchDecoder(false, true).decode(TP, 0, 0, data(concat(good, bad)));
        assertThat(values(fetch)).as("the good batch before it is kept").containsExactly("0:a", "1:b");
        assertThat(fetch.exhausted()).isTrue();
        assertThat(fetch.nextOffset).as("the position stops at the bad batch").isEqualTo(2);
        assertThat(fetch.error).isInstanceOfSatisfying(CorruptRecordException.class, e -> {
            assertThat(e.topicPartition()).isEqualTo(TP);
            assertThat(e.offset()).isEqualTo(2);
            assertThat(e.lastOffset()).isEqualTo(4);
            assertThat(e.getMessage()).contains("t-0").contains("CRC");
        });
    }

    @Test
    void withoutCrcChecksTheSameBytesDecode() {
        ByteBuffer bad = batch(0, "c", "d");
        bad.put(bad.limit() - 2, (byte) 'z');
        CompletedFetch fetch = new FetchDecoder(false, false).decode(TP, 0, 0, data(bad));
        assertThat(fetch.error).isNull();
        assertThat(values(fetch)).containsExactly("0:c", "1:z");
    }

    @Test
    void recordsBeforeTheFetchOffsetAreSkippedAndTheBudgetCountsDecodedBytes() {
        CompletedFetch fetch = new FetchDecoder(false, true).decode(TP, 7, 1, data(batch(0, "a", "b", "c")));
        assertThat(values(fetch)).containsExactly("1:b", "2:c");
        assertThat(fetch.nextOffset).isEqualTo(3);
        assertThat(fetch.generation).isEqualTo(7);
        // The whole batch stays in memory, so all of it counts: its records section and the records built from it.
        int recordsSection = batch(0, "a", "b", "c").remaining() - 61;
        assertThat(fetch.bytes).isEqualTo(recordsSection + 3 * FetchDecoder.RECORD_OVERHEAD_BYTES);
    }

    @Test
    void aTruncatedTrailingBatchIsLeftForTheNextFetch() {
        ByteBuffer first = batch(0, "a");
        ByteBuffer second = batch(1, "b", "c");
        ByteBuffer both = concat(first, second);
        ByteBuffer cut = both.duplicate().limit(both.limit() - 5).slice();
        CompletedFetch fetch = new FetchDecoder(false, true).decode(TP, 0, 0, data(cut));
        assertThat(values(fetch)).containsExactly("0:a");
        assertThat(fetch.error).isNull();
        assertThat(fetch.nextOffset).isEqualTo(1);
    }

    @Test
    void compressedBatchesAreDecompressedHereAndCountedAtTheirDecompressedSize() {
        SimpleRecord[] records = new SimpleRecord[50];
        for (int i = 0; i < records.length; i++) {
            records[i] = new SimpleRecord(
                    "value-value-value-value-value-value-value-value".getBytes(StandardCharsets.UTF_8));
        }
        ByteBuffer plain =
                MemoryRecords.withRecords(0, Compression.NONE, records).buffer();
        ByteBuffer lz4 = MemoryRecords.withRecords(50, Compression.lz4().build(), records)
                .buffer();
        ByteBuffer zstd = MemoryRecords.withRecords(100, Compression.zstd().build(), records)
                .buffer();
        assertThat(lz4.remaining()).as("the fixture compresses").isLessThan(plain.remaining() / 2);
        CompletedFetch fetch = new FetchDecoder(false, true).decode(TP, 0, 0, data(concat(plain, lz4, zstd)));
        List<String> values = values(fetch);
        assertThat(values).hasSize(150);
        assertThat(values.get(149)).isEqualTo("149:value-value-value-value-value-value-value-value");
        assertThat(fetch.nextOffset).isEqualTo(150);
        int recordsSection = plain.remaining() - 61;
        assertThat(fetch.bytes).isEqualTo(3 * (recordsSection + 50 * FetchDecoder.RECORD_OVERHEAD_BYTES));
    }

    @Test
    void aMalformedRecordEndsDeliveryAtItsOffsetEveryTimeItIsReached() {
        // Without CRC checks a record whose fields disagree with its length reaches the application thread.
        ByteBuffer bad = batch(5, "a", "b", "c");
        int secondHeaderCount = 61 + 8 + 7; // each record: a 1-byte length, then 7 bytes; the header count is last
        assertThat(bad.get(secondHeaderCount)).isZero();
        bad.put(secondHeaderCount, (byte) 10); // 5 headers, zig-zag encoded, in a record with no room for them
        CompletedFetch fetch = new FetchDecoder(false, false).decode(TP, 0, 5, data(bad));
        RecordCursor first = fetch.nextRecord();
        assertThat(first.offset()).isEqualTo(5);
        fetch.delivered(first);
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(fetch::nextRecord).isInstanceOfSatisfying(CorruptRecordException.class, e -> {
                assertThat(e.topicPartition()).isEqualTo(TP);
                assertThat(e.offset()).isEqualTo(6);
                assertThat(e.lastOffset()).isEqualTo(7);
                assertThat(e.getMessage()).contains("header count 5");
            });
        }
        assertThat(fetch.exhausted()).isFalse();
        assertThat(fetch.deliveredOffset()).isEqualTo(5);
    }

    @Test
    void aRecordNotMarkedDeliveredIsOfferedAgain() {
        CompletedFetch fetch = new FetchDecoder(false, true).decode(TP, 0, 0, data(batch(0, "a", "b")));
        RecordCursor first = fetch.nextRecord();
        assertThat(first.offset()).isZero();
        assertThat(fetch.nextRecord().offset())
                .as("as after a failed deserialization")
                .isZero();
        fetch.delivered(first);
        assertThat(values(fetch)).containsExactly("1:b");
        assertThat(fetch.exhausted()).isTrue();
        assertThat(fetch.nextRecord()).isNull();
    }
}
