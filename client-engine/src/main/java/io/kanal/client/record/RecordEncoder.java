package io.kanal.client.record;

import java.nio.ByteBuffer;
import java.util.List;

/** Sizes and writes the record v2 body: the only place that knows the field order of a record. */
final class RecordEncoder {
    private RecordEncoder() {}

    /** Returns the encoded size including the leading length varint. */
    static int sizeOf(long timestampDelta, int offsetDelta, ByteBuffer key, ByteBuffer value, List<Header> headers) {
        int body = bodySize(timestampDelta, offsetDelta, key, value, headers);
        return Varints.sizeOfVarint(body) + body;
    }

    static void write(
            ByteBuffer out,
            long timestampDelta,
            int offsetDelta,
            ByteBuffer key,
            ByteBuffer value,
            List<Header> headers) {
        Varints.writeVarint(bodySize(timestampDelta, offsetDelta, key, value, headers), out);
        out.put((byte) 0);
        Varints.writeVarlong(timestampDelta, out);
        Varints.writeVarint(offsetDelta, out);
        writeBytes(out, key);
        writeBytes(out, value);
        int headerCount = headers.size();
        Varints.writeVarint(headerCount, out);
        for (int i = 0; i < headerCount; i++) {
            Header header = headers.get(i);
            Varints.writeVarint(Utf8.encodedLength(header.key()), out);
            Utf8.encode(header.key(), out);
            writeBytes(out, header.value());
        }
    }

    private static int bodySize(
            long timestampDelta, int offsetDelta, ByteBuffer key, ByteBuffer value, List<Header> headers) {
        int size = 1
                + Varints.sizeOfVarlong(timestampDelta)
                + Varints.sizeOfVarint(offsetDelta)
                + sizeOfBytes(key)
                + sizeOfBytes(value);
        int headerCount = headers.size();
        size += Varints.sizeOfVarint(headerCount);
        for (int i = 0; i < headerCount; i++) {
            Header header = headers.get(i);
            int keyLength = Utf8.encodedLength(header.key());
            size += Varints.sizeOfVarint(keyLength) + keyLength + sizeOfBytes(header.value());
        }
        return size;
    }

    private static int sizeOfBytes(ByteBuffer bytes) {
        if (bytes == null) {
            return 1;
        }
        int length = bytes.remaining();
        return Varints.sizeOfVarint(length) + length;
    }

    private static void writeBytes(ByteBuffer out, ByteBuffer bytes) {
        if (bytes == null) {
            Varints.writeVarint(-1, out);
            return;
        }
        int length = bytes.remaining();
        Varints.writeVarint(length, out);
        out.put(out.position(), bytes, bytes.position(), length);
        out.position(out.position() + length);
    }
}
