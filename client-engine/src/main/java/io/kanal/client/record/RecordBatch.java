package io.kanal.client.record;

import io.kanal.client.errors.CompressionUnavailableException;
import io.kanal.client.errors.ProtocolException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

/**
 * A view of one record batch v2 (magic 2) inside a buffer: header fields are read on demand and records are decoded
 * lazily by {@link #records()}. Creating the view copies nothing. The view is immutable but not the bytes under it:
 * it is valid as long as the buffer it was read from is not reused.
 *
 * <p>Only magic 2 is supported. Magic 0 and 1 message sets (pre-0.11 formats, which Kafka 4 brokers no longer write)
 * fail with a {@link ProtocolException} naming the magic, rather than being decoded.
 *
 * <p>The CRC is not checked implicitly; call {@link #ensureValid()} (as a consumer with {@code check.crcs=true} does).
 */
public final class RecordBatch {
    private final ByteBuffer buffer;

    /** Wraps the bytes of exactly one batch; the caller has checked the length and magic. */
    RecordBatch(ByteBuffer buffer) {
        this.buffer = buffer;
    }

    /**
     * Returns the offset of the first record.
     *
     * @return the base offset
     */
    public long baseOffset() {
        return buffer.getLong(BatchLayout.BASE_OFFSET);
    }

    /**
     * Returns the offset of the last record (kept after compaction even if that record is gone).
     *
     * @return base offset plus last offset delta
     */
    public long lastOffset() {
        return baseOffset() + lastOffsetDelta();
    }

    /**
     * Returns the offset after this batch: where the next fetch starts.
     *
     * @return last offset plus one
     */
    public long nextOffset() {
        return lastOffset() + 1;
    }

    /**
     * Returns the offset delta of the last record.
     *
     * @return the delta
     */
    public int lastOffsetDelta() {
        return buffer.getInt(BatchLayout.LAST_OFFSET_DELTA);
    }

    /**
     * Returns the size of the batch including the base offset and length fields.
     *
     * @return bytes
     */
    public int sizeInBytes() {
        return buffer.limit();
    }

    /**
     * Returns the leader epoch the broker stamped on the batch (not covered by the CRC).
     *
     * @return the epoch, or -1
     */
    public int partitionLeaderEpoch() {
        return buffer.getInt(BatchLayout.PARTITION_LEADER_EPOCH);
    }

    /**
     * Returns the format version.
     *
     * @return always 2
     */
    public byte magic() {
        return buffer.get(BatchLayout.MAGIC);
    }

    /**
     * Returns the stored checksum.
     *
     * @return the CRC-32C as an unsigned value
     */
    public long checksum() {
        return Integer.toUnsignedLong(buffer.getInt(BatchLayout.CRC));
    }

    /**
     * Computes the CRC-32C of the bytes from the attributes to the end of the batch.
     *
     * @return the checksum as an unsigned value
     */
    public long computeChecksum() {
        CRC32C crc = new CRC32C();
        crc.update(buffer.duplicate().position(BatchLayout.ATTRIBUTES));
        return crc.getValue();
    }

    /**
     * Tells whether the stored checksum matches the bytes.
     *
     * @return true if the batch is intact
     */
    public boolean isValid() {
        return checksum() == computeChecksum();
    }

    /**
     * Fails if the stored checksum does not match the bytes.
     *
     * @throws ProtocolException naming the base offset and both checksums
     */
    public void ensureValid() {
        long stored = checksum();
        long computed = computeChecksum();
        if (stored != computed) {
            throw new ProtocolException("Record batch at base offset " + baseOffset() + " is corrupt: stored CRC "
                    + stored + ", computed " + computed);
        }
    }

    /**
     * Returns the raw attributes.
     *
     * @return the int16 attributes
     */
    public short attributes() {
        return buffer.getShort(BatchLayout.ATTRIBUTES);
    }

    /**
     * Returns the codec of the records section.
     *
     * @return the codec
     * @throws ProtocolException if the attribute holds an unknown codec id (5 to 7)
     */
    public CompressionType compressionType() {
        return CompressionType.forId(attributes() & BatchLayout.COMPRESSION_MASK, baseOffset());
    }

    /**
     * Returns which clock the timestamps come from.
     *
     * @return CreateTime or LogAppendTime
     */
    public TimestampType timestampType() {
        return (attributes() & BatchLayout.TIMESTAMP_TYPE_MASK) == 0
                ? TimestampType.CREATE_TIME
                : TimestampType.LOG_APPEND_TIME;
    }

    /**
     * Tells whether the batch belongs to a transaction.
     *
     * @return the transactional bit
     */
    public boolean isTransactional() {
        return (attributes() & BatchLayout.TRANSACTIONAL_MASK) != 0;
    }

    /**
     * Tells whether the batch holds control records (transaction markers), which applications never see.
     *
     * @return the control bit
     */
    public boolean isControlBatch() {
        return (attributes() & BatchLayout.CONTROL_MASK) != 0;
    }

    /**
     * Tells whether the base timestamp is a delete horizon set by the log cleaner.
     *
     * @return the delete-horizon bit
     */
    public boolean hasDeleteHorizon() {
        return (attributes() & BatchLayout.DELETE_HORIZON_MASK) != 0;
    }

    /**
     * Returns the delete horizon.
     *
     * @return the base timestamp when the delete-horizon bit is set, else empty
     */
    public OptionalLong deleteHorizonMs() {
        return hasDeleteHorizon() ? OptionalLong.of(baseTimestamp()) : OptionalLong.empty();
    }

    /**
     * Returns the timestamp record deltas are relative to.
     *
     * @return the base timestamp
     */
    public long baseTimestamp() {
        return buffer.getLong(BatchLayout.BASE_TIMESTAMP);
    }

    /**
     * Returns the largest record timestamp, or the log append time for a LogAppendTime batch.
     *
     * @return the max timestamp
     */
    public long maxTimestamp() {
        return buffer.getLong(BatchLayout.MAX_TIMESTAMP);
    }

    /**
     * Returns the producer id.
     *
     * @return the id, or -1 for a non-idempotent producer
     */
    public long producerId() {
        return buffer.getLong(BatchLayout.PRODUCER_ID);
    }

    /**
     * Returns the producer epoch.
     *
     * @return the epoch, or -1
     */
    public short producerEpoch() {
        return buffer.getShort(BatchLayout.PRODUCER_EPOCH);
    }

    /**
     * Returns the sequence number of the first record.
     *
     * @return the base sequence, or -1
     */
    public int baseSequence() {
        return buffer.getInt(BatchLayout.BASE_SEQUENCE);
    }

    /**
     * Returns the sequence number of the last record, wrapping past {@link Integer#MAX_VALUE} to 0 as Kafka does.
     *
     * @return the last sequence, or -1 without a base sequence
     */
    public int lastSequence() {
        int base = baseSequence();
        if (base < 0) {
            return -1;
        }
        long last = (long) base + lastOffsetDelta();
        return (int) (last > Integer.MAX_VALUE ? last - Integer.MAX_VALUE - 1 : last);
    }

    /**
     * Returns the number of records the header declares.
     *
     * @return the record count
     */
    public int recordCount() {
        return buffer.getInt(BatchLayout.RECORDS_COUNT);
    }

    /**
     * Returns the batch's bytes.
     *
     * @return a read-only buffer from the base offset to the end of the batch
     */
    public ByteBuffer buffer() {
        return buffer.asReadOnlyBuffer();
    }

    /**
     * Decodes the records with a fresh decompression buffer capped at
     * {@link DecompressionContext#DEFAULT_MAX_DECOMPRESSED_BYTES}.
     *
     * @return a lazy iterator; it throws {@link ProtocolException} when it reaches malformed bytes
     * @throws ProtocolException if the codec is unknown or the records section cannot be decompressed
     * @throws CompressionUnavailableException if the codec's library is missing
     */
    public Iterator<Record> records() {
        return records(DecompressionContext.allocating(DecompressionContext.DEFAULT_MAX_DECOMPRESSED_BYTES));
    }

    /**
     * Decodes the records, decompressing (if needed) within the context's limit and buffer.
     *
     * @param context the decompression limit and scratch buffer
     * @return a lazy iterator; it throws {@link ProtocolException} when it reaches malformed bytes
     * @throws ProtocolException if the codec is unknown or the records section cannot be decompressed
     * @throws CompressionUnavailableException if the codec's library is missing
     */
    public Iterator<Record> records(DecompressionContext context) {
        return new RecordIterator(cursor(context));
    }

    /**
     * Decompresses the records section (if needed) within the context's limit and buffer, and returns a cursor over
     * its records: the allocation-free way to walk them.
     *
     * @param context the decompression limit and scratch buffer
     * @return a cursor before the first record; it throws {@link ProtocolException} when it reaches malformed bytes
     * @throws ProtocolException if the codec is unknown or the records section cannot be decompressed
     * @throws CompressionUnavailableException if the codec's library is missing
     */
    public RecordCursor cursor(DecompressionContext context) {
        CompressionType type = compressionType();
        // Compaction keeps empty batches (no records section) for producer state, whatever their codec bits say.
        if (type == CompressionType.NONE || (recordCount() == 0 && buffer.limit() == BatchLayout.RECORDS)) {
            return new RecordCursor(buffer, BatchLayout.RECORDS, buffer.limit(), this);
        }
        ByteBuffer compressed = buffer.slice(BatchLayout.RECORDS, buffer.limit() - BatchLayout.RECORDS);
        if (!compressed.hasRemaining()) {
            throw new ProtocolException("Record batch at base offset " + baseOffset() + " is " + type.configName()
                    + "-compressed but has no records section");
        }
        ByteBuffer plain;
        try {
            plain = Codecs.forType(type).decompress(compressed, context, baseOffset());
        } catch (ProtocolException | CompressionUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            // Native codecs signal corrupt input with their own unchecked exceptions; to the caller it is all
            // malformed bytes from the peer.
            throw new ProtocolException(
                    "Record batch at base offset " + baseOffset() + ": corrupt " + type.configName() + " data: " + e,
                    e);
        }
        return new RecordCursor(plain, 0, plain.limit(), this);
    }

    @Override
    public String toString() {
        return "RecordBatch(baseOffset=" + baseOffset() + ", lastOffset=" + lastOffset() + ", records=" + recordCount()
                + ", size=" + sizeInBytes() + ", attributes=" + attributes() + ")";
    }
}
