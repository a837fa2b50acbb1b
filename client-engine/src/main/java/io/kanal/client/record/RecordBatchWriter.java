package io.kanal.client.record;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Builds one record batch v2 (what a Produce request carries per partition) into a caller-supplied buffer, which may
 * come from a pool. Uncompressed records are encoded straight into that buffer after a 61-byte header gap; with a
 * codec they are encoded into a scratch buffer owned by the writer and compressed in one pass by {@link #close()}.
 * The header and CRC-32C are written last. If the buffer runs out, the writer moves to a larger one (so the first
 * record always fits, like Kafka's accumulator); {@link #hasRoomFor} is the {@code batch.size} check a producer asks
 * before appending.
 *
 * <p>Mutable and not thread-safe: owned by the thread that appends (the producer's accumulator for that partition).
 * After {@link #close()}, {@link #reset} starts a new batch and reuses the scratch buffer, which keeps compression
 * allocation-free across batches.
 */
public final class RecordBatchWriter {
    private final GrowableBuffer out;
    private GrowableBuffer scratch;
    private BatchOptions options;
    private int batchStart;
    private int count;
    private long baseTimestamp;
    private long maxTimestamp;
    private int recordBytes;
    private ByteBuffer built;

    /**
     * Starts a batch at the position of {@code buffer}.
     *
     * @param buffer where the batch goes; it is written from its position up to its limit before the writer moves to
     *     a larger buffer
     * @param options the batch settings
     */
    public RecordBatchWriter(ByteBuffer buffer, BatchOptions options) {
        this.out = new GrowableBuffer(buffer);
        reset(buffer, options);
    }

    /**
     * Starts a new batch in {@code buffer}, keeping this writer's scratch buffer.
     *
     * @param buffer where the batch goes
     * @param options the batch settings
     */
    public void reset(ByteBuffer buffer, BatchOptions options) {
        this.options = options;
        out.reset(buffer);
        batchStart = buffer.position();
        out.ensureRemaining(BatchLayout.RECORDS);
        out.buffer().position(batchStart + BatchLayout.RECORDS);
        if (options.compression().type() != CompressionType.NONE) {
            if (scratch == null) {
                scratch = new GrowableBuffer(ByteBuffer.allocate(Math.min(options.batchSizeLimit(), 1 << 20)));
            }
            scratch.buffer().clear();
        }
        count = 0;
        recordBytes = 0;
        baseTimestamp = options.deleteHorizonMs() >= 0 ? options.deleteHorizonMs() : 0;
        maxTimestamp = -1;
        built = null;
    }

    /**
     * Returns the options this batch is built with.
     *
     * @return the options
     */
    public BatchOptions options() {
        return options;
    }

    /**
     * Returns how many records were appended.
     *
     * @return the record count
     */
    public int recordCount() {
        return count;
    }

    /**
     * Returns the batch size so far, before compression: an upper bound for compressed batches in practice.
     *
     * @return bytes
     */
    public int estimatedSizeInBytes() {
        return BatchLayout.RECORDS + recordBytes;
    }

    /**
     * Tells whether a record would keep the batch within {@link BatchOptions#batchSizeLimit()}. An empty batch always
     * has room, so an oversized record still gets a batch of its own.
     *
     * @param timestamp the record timestamp
     * @param key the key, or null
     * @param value the value, or null
     * @param headers the headers
     * @return true if the record fits
     */
    public boolean hasRoomFor(long timestamp, ByteBuffer key, ByteBuffer value, List<Header> headers) {
        if (built != null) {
            return false;
        }
        if (count == 0) {
            return true;
        }
        int size = RecordEncoder.sizeOf(timestamp - baseTimestamp, count, key, value, headers);
        return (long) estimatedSizeInBytes() + size <= options.batchSizeLimit();
    }

    /**
     * Appends a record at the next offset.
     *
     * @param timestamp the record timestamp (CreateTime), or -1
     * @param key the key between position and limit (not consumed), or null
     * @param value the value between position and limit (not consumed), or null
     * @param headers the headers
     * @return the record's offset
     * @throws IllegalStateException if the batch is closed
     */
    public long append(long timestamp, ByteBuffer key, ByteBuffer value, List<Header> headers) {
        if (built != null) {
            throw new IllegalStateException("the batch is closed");
        }
        if (count == 0 && options.deleteHorizonMs() < 0) {
            baseTimestamp = timestamp;
        }
        return write(
                timestamp,
                key,
                value,
                headers,
                RecordEncoder.sizeOf(timestamp - baseTimestamp, count, key, value, headers));
    }

    /**
     * Appends a record if it fits, as {@link #hasRoomFor} decides, sizing it once for both steps.
     *
     * @param timestamp the record timestamp (CreateTime), or -1
     * @param key the key between position and limit (not consumed), or null
     * @param value the value between position and limit (not consumed), or null
     * @param headers the headers
     * @return the record's offset, or -1 if it does not fit or the batch is closed
     */
    public long tryAppend(long timestamp, ByteBuffer key, ByteBuffer value, List<Header> headers) {
        if (built != null) {
            return -1;
        }
        if (count == 0) {
            return append(timestamp, key, value, headers);
        }
        int size = RecordEncoder.sizeOf(timestamp - baseTimestamp, count, key, value, headers);
        if ((long) estimatedSizeInBytes() + size > options.batchSizeLimit()) {
            return -1;
        }
        return write(timestamp, key, value, headers, size);
    }

    private long write(long timestamp, ByteBuffer key, ByteBuffer value, List<Header> headers, int size) {
        int offsetDelta = count;
        long timestampDelta = timestamp - baseTimestamp;
        GrowableBuffer target = scratch != null && options.compression().type() != CompressionType.NONE ? scratch : out;
        target.ensureRemaining(size);
        RecordEncoder.write(target.buffer(), timestampDelta, offsetDelta, key, value, headers);
        count++;
        recordBytes += size;
        if (timestamp > maxTimestamp) {
            maxTimestamp = timestamp;
        }
        return options.baseOffset() + offsetDelta;
    }

    /**
     * Appends a record from byte arrays without headers.
     *
     * @param timestamp the record timestamp, or -1
     * @param key the key, or null
     * @param value the value, or null
     * @return the record's offset
     */
    public long append(long timestamp, byte[] key, byte[] value) {
        return append(
                timestamp,
                key == null ? null : ByteBuffer.wrap(key),
                value == null ? null : ByteBuffer.wrap(value),
                List.of());
    }

    /**
     * Appends a transaction marker; the batch must be a control batch.
     *
     * @param timestamp the marker timestamp
     * @param type COMMIT or ABORT
     * @param coordinatorEpoch the transaction coordinator's epoch
     * @return the marker's offset
     */
    public long appendEndTransactionMarker(long timestamp, ControlRecordType type, int coordinatorEpoch) {
        if (!options.control() || type == ControlRecordType.UNKNOWN) {
            throw new IllegalArgumentException("a " + type + " marker needs a control batch and ABORT or COMMIT");
        }
        ByteBuffer key = ByteBuffer.allocate(ControlRecord.KEY_SIZE)
                .putShort((short) 0)
                .putShort(type.code())
                .flip();
        ByteBuffer value = ByteBuffer.allocate(ControlRecord.MARKER_VALUE_SIZE)
                .putShort((short) 0)
                .putInt(coordinatorEpoch)
                .flip();
        return append(timestamp, key, value, List.of());
    }

    /**
     * Compresses the records if needed, writes the header and CRC, and returns the batch. Idempotent.
     *
     * @return the batch: position 0, limit its size; it shares memory with the supplied buffer unless the writer had
     *     to grow; the writer's buffer is left positioned after the batch
     * @throws IllegalStateException if no record was appended
     */
    public ByteBuffer close() {
        return close(null);
    }

    /**
     * Like {@link #close()}, compressing through reusable memory instead of memory allocated for this batch.
     *
     * @param compressionBuffer where the codec writes before the result is copied into the batch, or null
     * @return the batch, as {@link #close()} returns it
     * @throws IllegalStateException if no record was appended
     */
    public ByteBuffer close(CompressionBuffer compressionBuffer) {
        if (built != null) {
            return built.duplicate();
        }
        if (count == 0) {
            throw new IllegalStateException("a record batch needs at least one record");
        }
        Compression compression = options.compression();
        if (compression.type() != CompressionType.NONE) {
            ByteBuffer plain = scratch.buffer();
            CompressionCodec codec = Codecs.forType(compression.type());
            if (compressionBuffer == null && out.buffer().hasArray()) {
                codec.compress(plain.array(), plain.arrayOffset(), plain.position(), out, compression.level());
            } else {
                GrowableBuffer target =
                        (compressionBuffer != null ? compressionBuffer : new CompressionBuffer()).cleared();
                codec.compress(plain.array(), plain.arrayOffset(), plain.position(), target, compression.level());
                ByteBuffer result = target.buffer().flip();
                out.ensureRemaining(result.remaining());
                out.buffer().put(result);
            }
        }
        ByteBuffer b = out.buffer();
        int end = b.position();
        writeHeader(b, end);
        built = b.slice(batchStart, end - batchStart);
        return built.duplicate();
    }

    private void writeHeader(ByteBuffer b, int end) {
        int s = batchStart;
        int attributes = options.compression().type().id();
        long max = maxTimestamp;
        if (options.timestampType() == TimestampType.LOG_APPEND_TIME) {
            attributes |= BatchLayout.TIMESTAMP_TYPE_MASK;
            max = options.logAppendTime();
        }
        if (options.transactional()) {
            attributes |= BatchLayout.TRANSACTIONAL_MASK;
        }
        if (options.control()) {
            attributes |= BatchLayout.CONTROL_MASK;
        }
        if (options.deleteHorizonMs() >= 0) {
            attributes |= BatchLayout.DELETE_HORIZON_MASK;
        }
        b.putLong(s + BatchLayout.BASE_OFFSET, options.baseOffset());
        b.putInt(s + BatchLayout.LENGTH, end - s - BatchLayout.LOG_OVERHEAD);
        b.putInt(s + BatchLayout.PARTITION_LEADER_EPOCH, options.partitionLeaderEpoch());
        b.put(s + BatchLayout.MAGIC, BatchLayout.MAGIC_V2);
        b.putShort(s + BatchLayout.ATTRIBUTES, (short) attributes);
        b.putInt(s + BatchLayout.LAST_OFFSET_DELTA, count - 1);
        b.putLong(s + BatchLayout.BASE_TIMESTAMP, baseTimestamp);
        b.putLong(s + BatchLayout.MAX_TIMESTAMP, max);
        b.putLong(s + BatchLayout.PRODUCER_ID, options.producerId());
        b.putShort(s + BatchLayout.PRODUCER_EPOCH, options.producerEpoch());
        b.putInt(s + BatchLayout.BASE_SEQUENCE, options.baseSequence());
        b.putInt(s + BatchLayout.RECORDS_COUNT, count);
        b.putInt(s + BatchLayout.CRC, crc(b, s + BatchLayout.ATTRIBUTES, end));
    }

    static int crc(ByteBuffer b, int from, int to) {
        CRC32C crc = new CRC32C();
        crc.update(b.duplicate().limit(to).position(from));
        return (int) crc.getValue();
    }
}
