package io.kanal.client.producer;

import io.kanal.client.record.BatchOptions;
import io.kanal.client.record.DecompressionContext;
import io.kanal.client.record.Record;
import io.kanal.client.record.RecordBatch;
import io.kanal.client.record.RecordBatchRewriter;
import io.kanal.client.record.RecordBatchWriter;
import io.kanal.client.record.RecordBatches;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;

/**
 * Splits a batch the broker refused as larger than the topic accepts ({@code MESSAGE_TOO_LARGE}) into two halves that
 * take its place. Halving until a batch fits means the records that fit go on and only a record too large on its own
 * fails; the broker's limit ({@code max.message.bytes}) is not known to the client, so the size cannot be aimed at.
 *
 * <p>The halves keep the refused batch's sequence range (the first half from its base sequence, the second after
 * it): the broker rejected those sequences without recording them, so batches sent after it stay valid. Sender thread
 * only.
 */
final class BatchSplitter {
    private final BatchOptions options;

    BatchSplitter(BatchOptions options) {
        this.options = options;
    }

    /**
     * Re-encodes the records of a refused batch into two batches, each closed and ready to send, moving every
     * record's completion to the batch that now holds it.
     *
     * @param refused a batch of at least two records, closed, not completed
     * @return the two halves, in record order
     * @throws RuntimeException if the refused batch cannot be decoded again; it is then left as it was
     */
    List<ProducerBatch> split(ProducerBatch refused) {
        RecordBatch encoded = RecordBatches.of(refused.records).iterator().next();
        Iterator<Record> records =
                encoded.records(DecompressionContext.allocating(DecompressionContext.DEFAULT_MAX_DECOMPRESSED_BYTES));
        int total = refused.recordCount();
        int firstCount = (total + 1) / 2;
        int bytesHint = refused.records.remaining() / 2 + PartitionBuffer.BATCH_HEADER_SIZE;
        ProducerBatch first = half(refused, records, 0, firstCount, bytesHint);
        ProducerBatch second = half(refused, records, firstCount, total, bytesHint);
        // Only once both halves are built, so that a failure above leaves every completion with the refused batch.
        for (int i = 0; i < total; i++) {
            refused.moveCompletion(i, i < firstCount ? first : second, i < firstCount ? i : i - firstCount);
        }
        if (refused.hasSequence()) {
            stamp(first, refused, refused.baseSequence);
            long next = (long) refused.baseSequence + firstCount;
            stamp(second, refused, (int) (next > Integer.MAX_VALUE ? next - Integer.MAX_VALUE - 1 : next));
        }
        List<ProducerBatch> halves = List.of(first, second);
        refused.replacedBy(halves);
        return halves;
    }

    private ProducerBatch half(ProducerBatch refused, Iterator<Record> records, int from, int to, int bytesHint) {
        RecordBatchWriter writer = new RecordBatchWriter(ByteBuffer.allocate(bytesHint), options);
        ProducerBatch half = new ProducerBatch(
                refused.owner, writer, null, 0, refused.createdMs, refused.deadlineMs - refused.createdMs, to - from);
        for (int i = from; i < to; i++) {
            Record r = records.next();
            half.append(r.timestamp(), r.key(), r.value(), r.headers(), null);
        }
        half.records = writer.close();
        half.writer = null;
        half.splitFrom = refused;
        // It counts as a retry: it goes alone, ahead of later batches, with the refused batch's attempts and deadline.
        half.attempts = refused.attempts;
        half.sentOnce = refused.sentOnce;
        return half;
    }

    private static void stamp(ProducerBatch half, ProducerBatch refused, int baseSequence) {
        half.producerId = refused.producerId;
        half.producerEpoch = refused.producerEpoch;
        half.baseSequence = baseSequence;
        RecordBatchRewriter.setProducerState(half.records, half.producerId, half.producerEpoch, baseSequence);
    }
}
