package io.kanal.api.convert;

import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaAndValue;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;

/**
 * Turns header values into bytes for Kafka and back; Kafka Connect's {@code HeaderConverter}. Configured from the
 * {@code header.converter.} keys, with the prefix removed.
 *
 * <p>Threading: each task has its own instance and calls it only on the task's thread.
 */
public interface HeaderConverter extends AutoCloseable {

    /**
     * The converter's keys, without the {@code header.converter.} prefix.
     *
     * @return the spec
     */
    ConfigSpec configSpec();

    /**
     * Configures the converter once, before any conversion.
     *
     * @param config the configuration, parsed against {@link #configSpec()}
     */
    void configure(ParsedConfig config);

    /**
     * Deserialises one header value.
     *
     * @param topic the record's topic
     * @param headerKey the header's key
     * @param value the bytes, or {@code null}
     * @return the schema and value
     * @throws io.kanal.api.errors.DataException when the bytes cannot be read
     */
    SchemaAndValue toConnectHeader(String topic, String headerKey, byte[] value);

    /**
     * Serialises one header value.
     *
     * @param topic the record's topic
     * @param headerKey the header's key
     * @param schema the value's schema, or {@code null}
     * @param value the value, or {@code null}
     * @return the bytes, or {@code null}
     * @throws io.kanal.api.errors.DataException when the value cannot be written
     */
    byte[] fromConnectHeader(String topic, String headerKey, Schema schema, Object value);

    /** Releases what the converter holds. Does nothing by default. */
    @Override
    default void close() {}
}
