package io.kanal.client.record;

import io.kanal.client.ProtocolException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Decodes the records of one batch lazily from a buffer region. Each length is checked against the bytes left in
 * its record before anything is sliced or allocated, so malformed input ends in a {@link ProtocolException}. Keys,
 * values and header values are read-only slices of the source. Owned by the iterating thread.
 */
final class RecordIterator implements Iterator<Record> {
    private final ByteBuffer source;
    private final ByteBuffer data;
    private final int end;
    private final long baseOffset;
    private final long baseTimestamp;
    private final boolean logAppendTime;
    private final long maxTimestamp;
    private final int count;
    private int pos;
    private int index;

    RecordIterator(ByteBuffer source, int start, int end, RecordBatch batch) {
        // Varints and header keys are read from the source, which may expose its array; slices come from a
        // read-only view so callers cannot write through them into the fetched bytes.
        this.source = source;
        this.data = source.isReadOnly() ? source : source.asReadOnlyBuffer();
        this.pos = start;
        this.end = end;
        this.baseOffset = batch.baseOffset();
        this.baseTimestamp = batch.baseTimestamp();
        this.logAppendTime = batch.timestampType() == TimestampType.LOG_APPEND_TIME;
        this.maxTimestamp = batch.maxTimestamp();
        this.count = batch.recordCount();
        if (count < 0 || (long) count * BatchLayout.MIN_RECORD_SIZE > end - start) {
            throw new ProtocolException("Record batch at base offset " + baseOffset + " declares " + count
                    + " records but holds only " + (end - start) + " bytes of records");
        }
        if (count == 0 && end != start) {
            throw malformed("batch declares no records but has " + (end - start) + " bytes after the header");
        }
    }

    @Override
    public boolean hasNext() {
        return index < count;
    }

    @Override
    public Record next() {
        if (index >= count) {
            throw new NoSuchElementException();
        }
        int length = readVarint(end, "record length");
        if (length < BatchLayout.MIN_RECORD_SIZE - 1 || length > end - pos) {
            throw malformed("record length " + length + " does not fit the " + (end - pos) + " bytes left");
        }
        int recordEnd = pos + length;
        pos++; // attributes: unused in magic 2
        long timestampDelta = readVarlong(recordEnd, "timestamp delta");
        int offsetDelta = readVarint(recordEnd, "offset delta");
        ByteBuffer key = readBytes(recordEnd, "key");
        ByteBuffer value = readBytes(recordEnd, "value");
        int headerCount = readVarint(recordEnd, "header count");
        if (headerCount < 0 || headerCount > (recordEnd - pos) / 2) {
            throw malformed("header count " + headerCount + " does not fit the " + (recordEnd - pos) + " bytes left");
        }
        List<Header> headers = headerCount == 0 ? List.of() : readHeaders(headerCount, recordEnd);
        if (pos != recordEnd) {
            throw malformed("record length " + length + " disagrees with its fields (" + (recordEnd - pos)
                    + " bytes left over)");
        }
        index++;
        if (index == count && pos != end) {
            throw malformed((end - pos) + " bytes follow the last of " + count + " records");
        }
        long timestamp = logAppendTime ? maxTimestamp : baseTimestamp + timestampDelta;
        return new Record(baseOffset + offsetDelta, timestamp, key, value, headers);
    }

    private List<Header> readHeaders(int headerCount, int recordEnd) {
        Header[] headers = new Header[headerCount];
        for (int i = 0; i < headerCount; i++) {
            int keyLength = readVarint(recordEnd, "header key length");
            if (keyLength < 0 || keyLength > recordEnd - pos) {
                throw malformed(
                        "header key length " + keyLength + " does not fit the " + (recordEnd - pos) + " bytes left");
            }
            String key = Strings.utf8(source, pos, keyLength);
            pos += keyLength;
            headers[i] = new Header(key, readBytes(recordEnd, "header value"));
        }
        return new HeaderList(headers);
    }

    private ByteBuffer readBytes(int limit, String field) {
        int length = readVarint(limit, field + " length");
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > limit - pos) {
            throw malformed(field + " length " + length + " does not fit the " + (limit - pos) + " bytes left");
        }
        ByteBuffer slice = data.slice(pos, length);
        pos += length;
        return slice;
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
