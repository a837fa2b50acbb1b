package io.kanal.client.serialization;

import io.kanal.client.record.Header;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Returns the fetched bytes themselves, a read-only slice with no copy: the fastest choice, for applications that
 * read the bytes right away or copy what they keep. The slice stays valid (it is never overwritten), but it keeps the
 * whole fetch response it belongs to in memory for as long as it is referenced. Stateless and thread-safe.
 */
public final class ByteBufferDeserializer implements Deserializer<ByteBuffer> {
    /** Creates the deserializer. */
    public ByteBufferDeserializer() {}

    @Override
    public ByteBuffer deserialize(String topic, List<Header> headers, ByteBuffer data) {
        return data;
    }
}
