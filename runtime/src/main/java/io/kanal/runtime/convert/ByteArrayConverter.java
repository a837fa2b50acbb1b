package io.kanal.runtime.convert;

import io.kanal.api.convert.Converter;
import io.kanal.api.convert.HeaderConverter;
import io.kanal.api.data.Headers;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaAndValue;
import io.kanal.api.errors.DataException;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;
import java.nio.ByteBuffer;

/**
 * Kafka Connect's {@code org.apache.kafka.connect.converters.ByteArrayConverter}: bytes pass through unchanged. A
 * {@code ByteBuffer} is written from its start to its limit, as Connect does (without moving its position, unlike
 * Connect). Bytes are read back with an optional bytes schema.
 *
 * <p>Threading: stateless; any thread.
 */
public final class ByteArrayConverter implements Converter, HeaderConverter {

    /** Creates the converter. */
    public ByteArrayConverter() {}

    /**
     * Connect's keys: only {@code converter.type}.
     *
     * @return the spec
     */
    @Override
    public ConfigSpec configSpec() {
        return ConverterConfigs.TYPE_ONLY;
    }

    /**
     * Nothing to configure.
     *
     * @param config parsed against {@link #configSpec()}
     * @param isKey ignored
     */
    @Override
    public void configure(ParsedConfig config, boolean isKey) {}

    /**
     * Nothing to configure.
     *
     * @param config parsed against {@link #configSpec()}
     */
    @Override
    public void configure(ParsedConfig config) {}

    /**
     * Passes bytes through.
     *
     * @return the bytes, or null for a null value
     * @throws DataException when the schema is not a bytes schema or the value is not bytes
     */
    @Override
    public byte[] fromConnectData(String topic, Headers headers, Schema schema, Object value) {
        if (schema != null && schema.type() != Schema.Type.BYTES) {
            throw new DataException("Invalid schema type for ByteArrayConverter: " + schema.type());
        }
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer whole = buffer.duplicate();
            whole.rewind();
            byte[] bytes = new byte[whole.remaining()];
            whole.get(bytes);
            return bytes;
        }
        throw new DataException("ByteArrayConverter is not compatible with objects of type " + value.getClass());
    }

    /**
     * Passes bytes through.
     *
     * @return an optional bytes schema and the same array
     */
    @Override
    public SchemaAndValue toConnectData(String topic, Headers headers, byte[] value) {
        return new SchemaAndValue(Schema.OPTIONAL_BYTES_SCHEMA, value);
    }

    /** Writes a header value as {@link #fromConnectData} writes a record value. */
    @Override
    public byte[] fromConnectHeader(String topic, String headerKey, Schema schema, Object value) {
        return fromConnectData(topic, null, schema, value);
    }

    /** Reads a header value as {@link #toConnectData} reads a record value. */
    @Override
    public SchemaAndValue toConnectHeader(String topic, String headerKey, byte[] value) {
        return toConnectData(topic, null, value);
    }

    /** Holds nothing that needs releasing. */
    @Override
    public void close() {}
}
