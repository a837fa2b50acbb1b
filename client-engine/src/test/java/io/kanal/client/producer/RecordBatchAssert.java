package io.kanal.client.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.client.record.RecordBatch;

/** Assertions on the producer state a sent record batch carries. */
final class RecordBatchAssert {
    private RecordBatchAssert() {}

    /** The batch carries this producer id, epoch and base sequence. */
    static void stamp(RecordBatch batch, long producerId, int epoch, int baseSequence) {
        assertThat(batch.producerId()).as("producer id").isEqualTo(producerId);
        assertThat(batch.producerEpoch()).as("epoch").isEqualTo((short) epoch);
        assertThat(batch.baseSequence()).as("base sequence").isEqualTo(baseSequence);
    }

    /** The batch carries this producer id, epoch, base sequence and record count. */
    static void stamp(RecordBatch batch, long producerId, int epoch, int baseSequence, int records) {
        stamp(batch, producerId, epoch, baseSequence);
        assertThat(batch.recordCount()).as("records").isEqualTo(records);
    }
}
