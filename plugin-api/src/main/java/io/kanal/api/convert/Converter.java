package io.kanal.api.convert;

import io.kanal.api.data.Headers;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaAndValue;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;

/**
 * Turns a record's key or value into bytes for Kafka and back; Kafka Connect's {@code Converter}. Configured from
 * the {@code key.converter.} or {@code value.converter.} keys of a worker or connector, with the prefix removed.
 *
 * <p>Threading: each task has its own instance for keys and one for values, and calls it only on the task's thread;
 * an implementation need not be thread-safe. {@link #configSpec()} may be called on any thread.
 */
public interface Converter extends AutoCloseable {

    /**
     * The converter's keys, without the {@code key.converter.} / {@code value.converter.} prefix.
     *
     * @return the spec
     */
    ConfigSpec configSpec();

    /**
     * Configures the converter once, before any conversion.
     *
     * @param config the configuration, parsed against {@link #configSpec()}
     * @param isKey whether it converts keys (otherwise values)
     */
    void configure(ParsedConfig config, boolean isKey);

    /**
     * Serialises data.
     *
     * @param topic the topic the bytes are for
     * @param headers the record's headers; a converter may read them (to add headers, override {@link #serialize})
     * @param schema the data's schema, or {@code null} for schemaless data
     * @param value the data, or {@code null}
     * @return the bytes, or {@code null} for a null value
     * @throws io.kanal.api.errors.DataException when the value does not match its schema, or cannot be written
     */
    byte[] fromConnectData(String topic, Headers headers, Schema schema, Object value);

    /**
     * Serialises data and may add headers to the record while doing so, as schema-registry converters do with
     * schema ids. The runtime calls this method; by default it calls {@link #fromConnectData} and keeps the headers
     * as they are. A converter that writes headers overrides this instead.
     *
     * @param topic the topic the bytes are for
     * @param headers the record's headers
     * @param schema the data's schema, or {@code null} for schemaless data
     * @param value the data, or {@code null}
     * @return the bytes and the record's headers afterwards
     * @throws io.kanal.api.errors.DataException when the value does not match its schema, or cannot be written
     */
    default Serialized serialize(String topic, Headers headers, Schema schema, Object value) {
        return new Serialized(fromConnectData(topic, headers, schema, value), headers);
    }

    /**
     * Deserialises bytes read from Kafka.
     *
     * @param topic the topic the bytes came from
     * @param headers the record's headers
     * @param value the bytes, or {@code null}
     * @return the schema and data; {@link SchemaAndValue#NULL} for null bytes, unless the format says otherwise
     * @throws io.kanal.api.errors.DataException when the bytes are not valid in this format; the message says what
     *     is wrong and where
     */
    SchemaAndValue toConnectData(String topic, Headers headers, byte[] value);

    /** Releases what the converter holds. Does nothing by default. */
    @Override
    default void close() {}
}
