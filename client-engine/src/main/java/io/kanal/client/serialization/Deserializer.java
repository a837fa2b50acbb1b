package io.kanal.client.serialization;

import io.kanal.client.record.Header;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Turns the bytes of a record key or value into an object. The bytes are handed over as a read-only {@link ByteBuffer}
 * slice of the fetched data (zero copy): a deserializer that keeps them beyond the call must copy them, because the
 * slice shares memory with the rest of the fetch response.
 *
 * <p>Threading: called on the application thread inside {@code Consumer.poll}, one record at a time. A deserializer is
 * used by one consumer only, so it needs no synchronization unless it shares state elsewhere.
 *
 * <p>Bad input: throw any {@link RuntimeException}; the consumer wraps it in a
 * {@code RecordDeserializationException} naming the topic, partition and offset, and the application may seek past
 * the record.
 *
 * @param <T> the type produced
 */
@FunctionalInterface
public interface Deserializer<T> {
    /**
     * Deserializes one key or value.
     *
     * @param topic the topic the record came from
     * @param headers the record headers, never null
     * @param data the bytes from position to limit, or {@code null} for a null key or value
     * @return the object, possibly null
     */
    T deserialize(String topic, List<Header> headers, ByteBuffer data);
}
