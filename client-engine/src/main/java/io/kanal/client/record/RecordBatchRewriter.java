package io.kanal.client.record;

import java.nio.ByteBuffer;

/**
 * Patches header fields of a finished batch in place, for the producer's retry paths: a new leader epoch, or new
 * producer state after an epoch bump (KIP-360), without re-encoding the records. Fields under the CRC get the CRC
 * recomputed; the partition leader epoch is outside it.
 */
public final class RecordBatchRewriter {
    private RecordBatchRewriter() {}

    /**
     * Sets the partition leader epoch of the batch starting at the buffer's position.
     *
     * @param batch a finished batch
     * @param epoch the leader epoch
     */
    public static void setPartitionLeaderEpoch(ByteBuffer batch, int epoch) {
        batch.putInt(batch.position() + BatchLayout.PARTITION_LEADER_EPOCH, epoch);
    }

    /**
     * Sets the producer id, epoch and base sequence of the batch starting at the buffer's position, and its CRC.
     *
     * @param batch a finished batch
     * @param producerId the producer id
     * @param producerEpoch the producer epoch
     * @param baseSequence the first record's sequence
     */
    public static void setProducerState(ByteBuffer batch, long producerId, short producerEpoch, int baseSequence) {
        int s = batch.position();
        int end = s + BatchLayout.LOG_OVERHEAD + batch.getInt(s + BatchLayout.LENGTH);
        batch.putLong(s + BatchLayout.PRODUCER_ID, producerId);
        batch.putShort(s + BatchLayout.PRODUCER_EPOCH, producerEpoch);
        batch.putInt(s + BatchLayout.BASE_SEQUENCE, baseSequence);
        batch.putInt(s + BatchLayout.CRC, RecordBatchWriter.crc(batch, s + BatchLayout.ATTRIBUTES, end));
    }
}
