package io.kanal.client.consumer.internals;

import io.kanal.client.TopicPartition;
import io.kanal.client.record.Record;
import io.kanal.client.record.TimestampType;

/**
 * The decoded records of one partition from one fetch response, waiting in the {@link FetchBuffer} for the
 * application. Keys and values are slices of the response's receive buffer (decompressed buffer for compressed
 * batches): nothing was copied.
 *
 * <p>Built on the background thread and then only read there; the drain cursor ({@link #index}) is advanced by the
 * application thread alone after the buffer handed the object over, so it needs no synchronization.
 */
final class CompletedFetch {
    final TopicPartition partition;
    final int generation;
    final Record[] records;
    final int count;
    /** Per record: leader epoch of its batch. */
    final int[] epochs;
    /** Per record: true if its batch uses LogAppendTime. */
    final boolean[] logAppendTime;
    /** The position after all of this fetch, skipped control and aborted batches included. */
    final long nextOffset;
    /** Leader epoch of the last batch, -1 if unknown. */
    final int nextOffsetEpoch;
    /** Thrown once the records before it are consumed; null if the data was clean. */
    final RuntimeException error;
    /** Bytes counted against the prefetch budget. */
    final int bytes;

    int index;

    CompletedFetch(
            TopicPartition partition,
            int generation,
            Record[] records,
            int count,
            int[] epochs,
            boolean[] logAppendTime,
            long nextOffset,
            int nextOffsetEpoch,
            RuntimeException error,
            int bytes) {
        this.partition = partition;
        this.generation = generation;
        this.records = records;
        this.count = count;
        this.epochs = epochs;
        this.logAppendTime = logAppendTime;
        this.nextOffset = nextOffset;
        this.nextOffsetEpoch = nextOffsetEpoch;
        this.error = error;
        this.bytes = bytes;
    }

    /** An error to surface for a partition, with no records. */
    static CompletedFetch failed(TopicPartition tp, int generation, long offset, RuntimeException error) {
        return new CompletedFetch(tp, generation, new Record[0], 0, new int[0], new boolean[0], offset, -1, error, 0);
    }

    TimestampType timestampType(int i) {
        return logAppendTime[i] ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME;
    }

    boolean exhausted() {
        return index >= count;
    }
}
