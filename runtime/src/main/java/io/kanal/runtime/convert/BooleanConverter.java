package io.kanal.runtime.convert;

import io.kanal.api.convert.Converter;
import io.kanal.api.convert.HeaderConverter;
import io.kanal.api.data.Headers;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaAndValue;
import io.kanal.api.errors.DataException;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;

/**
 * Kafka Connect's {@code org.apache.kafka.connect.converters.BooleanConverter}: one byte, {@code 1} for true and
 * {@code 0} for false, read back with an optional boolean schema.
 *
 * <p>Threading: stateless; any thread.
 */
public final class BooleanConverter implements Converter, HeaderConverter {

    /** Creates the converter. */
    public BooleanConverter() {}

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
     * Writes the boolean.
     *
     * @return one byte, or null for a null value
     * @throws DataException when the schema is not a boolean schema or the value is not a Boolean
     */
    @Override
    public byte[] fromConnectData(String topic, Headers headers, Schema schema, Object value) {
        if (schema != null && schema.type() != Schema.Type.BOOLEAN) {
            throw new DataException("Invalid schema type for BooleanConverter: " + schema.type());
        }
        if (value == null) {
            return null;
        }
        if (!(value instanceof Boolean bool)) {
            throw new DataException("BooleanConverter is not compatible with objects of type " + value.getClass());
        }
        return new byte[] {bool ? (byte) 1 : (byte) 0};
    }

    /**
     * Reads the boolean.
     *
     * @return an optional boolean schema and the value (null for null bytes)
     * @throws DataException when the bytes are not exactly one byte of 0 or 1
     */
    @Override
    public SchemaAndValue toConnectData(String topic, Headers headers, byte[] value) {
        if (value == null) {
            return new SchemaAndValue(Schema.OPTIONAL_BOOLEAN_SCHEMA, null);
        }
        if (value.length != 1) {
            throw new DataException("Failed to deserialize boolean: expected 1 byte but got " + value.length);
        }
        return switch (value[0]) {
            case 0 -> new SchemaAndValue(Schema.OPTIONAL_BOOLEAN_SCHEMA, Boolean.FALSE);
            case 1 -> new SchemaAndValue(Schema.OPTIONAL_BOOLEAN_SCHEMA, Boolean.TRUE);
            default ->
                throw new DataException(
                        "Failed to deserialize boolean: unexpected byte " + value[0] + " (expected 0 or 1)");
        };
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
