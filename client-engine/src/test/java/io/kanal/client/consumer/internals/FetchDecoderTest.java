package io.kanal.client.consumer.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.client.TopicPartition;
import io.kanal.client.consumer.CorruptRecordException;
import io.kanal.client.protocol.message.FetchResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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

    @Test
    void aBatchWithABadCrcIsReportedWithItsOffsetsAndNoneOfItsRecordsAreDelivered() {
        ByteBuffer good = batch(0, "a", "b");
        ByteBuffer bad = batch(2, "c", "d", "e");
        bad.put(bad.limit() - 2, (byte) 'x'); // the last value's byte (the last byte is its header count)
        CompletedFetch fetch = new FetchDecoder(false, true).decode(TP, 0, 0, data(concat(good, bad)));
        assertThat(fetch.count).as("the good batch before it is kept").isEqualTo(2);
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
        assertThat(fetch.count).isEqualTo(2);
        assertThat(StandardCharsets.UTF_8.decode(fetch.records[1].value()).toString())
                .isEqualTo("z");
    }

    @Test
    void recordsBeforeTheFetchOffsetAreSkippedAndTheBudgetCountsDecodedBytes() {
        CompletedFetch fetch = new FetchDecoder(false, true).decode(TP, 7, 1, data(batch(0, "a", "b", "c")));
        assertThat(fetch.count).isEqualTo(2);
        assertThat(fetch.records[0].offset()).isEqualTo(1);
        assertThat(fetch.nextOffset).isEqualTo(3);
        assertThat(fetch.generation).isEqualTo(7);
        assertThat(fetch.bytes).isEqualTo(2 * (FetchDecoder.RECORD_OVERHEAD_BYTES + 1));
    }

    @Test
    void aTruncatedTrailingBatchIsLeftForTheNextFetch() {
        ByteBuffer first = batch(0, "a");
        ByteBuffer second = batch(1, "b", "c");
        ByteBuffer both = concat(first, second);
        ByteBuffer cut = both.duplicate().limit(both.limit() - 5).slice();
        CompletedFetch fetch = new FetchDecoder(false, true).decode(TP, 0, 0, data(cut));
        assertThat(fetch.count).isEqualTo(1);
        assertThat(fetch.error).isNull();
        assertThat(fetch.nextOffset).isEqualTo(1);
    }
}
