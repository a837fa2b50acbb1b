package io.kanal.client.record;

import io.kanal.client.errors.ProtocolException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Walks the records of one batch in place, one record at a time, without allocating an object per record: after
 * {@link #advance()} the accessors describe the current record, and keys and values are sliced only when asked for.
 * Each length is checked against the bytes left in its record before anything is sliced or allocated, so malformed
 * input ends in a {@link ProtocolException} from {@link #advance()}, never later.
 *
 * <p>Keys, values and header values are read-only slices of the source. Owned by one thread at a time; it may be
 * built on one thread and handed to another through a safe publication.
 */
public final class RecordCursor {
    private final ByteBuffer source;
    private final ByteBuffer data;
    private final int start;
    private final int end;
    private final long baseOffset;
    private final long lastOffset;
    private final long baseTimestamp;
    private final boolean logAppendTime;
    private final long maxTimestamp;
    private final int count;
    private final int leaderEpoch;
    private int pos;
    private int index;

    private long offset;
    private long timestamp;
    private int keyPosition;
    private int keyLength;
    private int valuePosition;
    private int valueLength;
    private List<Header> headers = List.of();

    RecordCursor(ByteBuffer source, int start, int end, RecordBatch batch) {
        // Varints and header keys are read from the source, which may expose its array; slices come from a
        // read-only view so callers cannot write through them into the fetched bytes.
        this.source = source;
        this.data = source.isReadOnly() ? source : source.asReadOnlyBuffer();
        this.start = start;
        this.pos = start;
        this.end = end;
        this.baseOffset = batch.baseOffset();
        this.lastOffset = batch.lastOffset();
        this.baseTimestamp = batch.baseTimestamp();
        this.logAppendTime = batch.timestampType() == TimestampType.LOG_APPEND_TIME;
        this.maxTimestamp = batch.maxTimestamp();
        this.count = batch.recordCount();
        this.leaderEpoch = batch.partitionLeaderEpoch();
        if (count < 0 || (long) count * BatchLayout.MIN_RECORD_SIZE > end - start) {
            throw new ProtocolException("Record batch at base offset " + baseOffset + " declares " + count
                    + " records but holds only " + (end - start) + " bytes of records");
        }
        if (count == 0 && end != start) {
            throw malformed("batch declares no records but has " + (end - start) + " bytes after the header");
        }
    }

    /**
     * Tells whether {@link #advance()} has a record to move to.
     *
     * @return true if records are left
     */
    public boolean hasNext() {
        return index < count;
    }

    /**
     * Returns how many records are left after the current one.
     *
     * @return the count
     */
    public int remaining() {
        return count - index;
    }

    /**
     * Moves to the next record and checks its layout.
     *
     * @return false if the batch has no more records
     * @throws ProtocolException if the record's bytes are malformed; the cursor is then unusable
     */
    public boolean advance() {
        if (index >= count) {
            return false;
        }
        int length = readVarint(end, "record length");
        if (length < BatchLayout.MIN_RECORD_SIZE - 1 || length > end - pos) {
            throw malformed("record length " + length + " does not fit the " + (end - pos) + " bytes left");
        }
        int recordEnd = pos + length;
        pos++; // attributes: unused in magic 2
        long timestampDelta = readVarlong(recordEnd, "timestamp delta");
        int offsetDelta = readVarint(recordEnd, "offset delta");
        keyLength = readLength(recordEnd, "key length");
        keyPosition = pos;
        pos += Math.max(0, keyLength);
        valueLength = readLength(recordEnd, "value length");
        valuePosition = pos;
        pos += Math.max(0, valueLength);
        int headerCount = readVarint(recordEnd, "header count");
        if (headerCount < 0 || headerCount > (recordEnd - pos) / 2) {
            throw malformed("header count " + headerCount + " does not fit the " + (recordEnd - pos) + " bytes left");
        }
        headers = headerCount == 0 ? List.of() : readHeaders(headerCount, recordEnd);
        if (pos != recordEnd) {
            throw malformed("record length " + length + " disagrees with its fields (" + (recordEnd - pos)
                    + " bytes left over)");
        }
        index++;
        if (index == count && pos != end) {
            throw malformed((end - pos) + " bytes follow the last of " + count + " records");
        }
        offset = baseOffset + offsetDelta;
        timestamp = logAppendTime ? maxTimestamp : baseTimestamp + timestampDelta;
        return true;
    }

    /**
     * Returns the current record's offset.
     *
     * @return the offset
     */
    public long offset() {
        return offset;
    }

    /**
     * Returns the current record's timestamp: the batch's max timestamp when the topic uses LogAppendTime.
     *
     * @return epoch milliseconds
     */
    public long timestamp() {
        return timestamp;
    }

    /**
     * Slices the current record's key.
     *
     * @return a read-only view of the key, or null
     */
    public ByteBuffer key() {
        return keyLength < 0 ? null : data.slice(keyPosition, keyLength);
    }

    /**
     * Slices the current record's value.
     *
     * @return a read-only view of the value, or null
     */
    public ByteBuffer value() {
        return valueLength < 0 ? null : data.slice(valuePosition, valueLength);
    }

    /**
     * Returns the current record's key size.
     *
     * @return bytes, or -1 for a null key
     */
    public int keySize() {
        return keyLength;
    }

    /**
     * Returns the current record's value size.
     *
     * @return bytes, or -1 for a null value
     */
    public int valueSize() {
        return valueLength;
    }

    /**
     * Returns the current record's headers.
     *
     * @return the headers, in order; empty if none
     */
    public List<Header> headers() {
        return headers;
    }

    /**
     * Returns the offset of the batch's first record.
     *
     * @return the base offset
     */
    public long baseOffset() {
        return baseOffset;
    }

    /**
     * Returns the offset of the batch's last record, as its header declares it.
     *
     * @return the last offset
     */
    public long lastOffset() {
        return lastOffset;
    }

    /**
     * Returns the leader epoch the batch was written under.
     *
     * @return the epoch, or -1 if unknown
     */
    public int leaderEpoch() {
        return leaderEpoch;
    }

    /**
     * Tells whether the batch's timestamps are the broker's append time.
     *
     * @return true for LogAppendTime
     */
    public boolean logAppendTime() {
        return logAppendTime;
    }

    /**
     * Returns the bytes of the records section (decompressed, if the batch was compressed).
     *
     * @return the size in bytes
     */
    public int recordBytes() {
        return end - start;
    }

    private List<Header> readHeaders(int headerCount, int recordEnd) {
        Header[] read = new Header[headerCount];
        for (int i = 0; i < headerCount; i++) {
            int keyLength = readVarint(recordEnd, "header key length");
            if (keyLength < 0 || keyLength > recordEnd - pos) {
                throw malformed(
                        "header key length " + keyLength + " does not fit the " + (recordEnd - pos) + " bytes left");
            }
            String key = Strings.utf8(source, pos, keyLength);
            pos += keyLength;
            int length = readLength(recordEnd, "header value length");
            ByteBuffer value = length < 0 ? null : data.slice(pos, length);
            pos += Math.max(0, length);
            read[i] = new Header(key, value);
        }
        return new HeaderList(read);
    }

    /** Reads the length of a nullable byte field (-1 for null) and checks that the bytes are there. */
    private int readLength(int limit, String lengthField) {
        int length = readVarint(limit, lengthField);
        if (length < -1 || length > limit - pos) {
            throw malformed(lengthField + " " + length + " does not fit the " + (limit - pos) + " bytes left");
        }
        return length;
    }

    private int readVarint(int limit, String field) {
        int raw = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (pos >= limit) {
                throw malformed(field + " is truncated");
            }
            byte b = source.get(pos++);
            raw |= (b & 0x7F) << shift;
            if (b >= 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw malformed(field + " is a varint longer than 5 bytes");
    }

    private long readVarlong(int limit, String field) {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (pos >= limit) {
                throw malformed(field + " is truncated");
            }
            byte b = source.get(pos++);
            raw |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw malformed(field + " is a varlong longer than 10 bytes");
    }

    private ProtocolException malformed(String what) {
        return new ProtocolException("Record batch at base offset " + baseOffset + ", record " + index + ": " + what);
    }
}
