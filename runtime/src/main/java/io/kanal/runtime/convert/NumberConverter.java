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
 * The shared part of Kafka Connect's number converters: a number in Kafka's fixed-size big-endian encoding (the
 * bytes of Kafka's {@code IntegerSerializer} and friends), read back with an optional schema of the number's type.
 * The schema passed when writing is ignored, as in Connect; the value must be of exactly the converter's Java type.
 *
 * <p>Threading: stateless; any thread.
 *
 * @param <T> the Java number type
 */
public abstract sealed class NumberConverter<T extends Number> implements Converter, HeaderConverter
        permits ShortConverter, IntegerConverter, LongConverter, FloatConverter, DoubleConverter {

    private final String typeName;
    private final Schema schema;
    private final Class<T> javaType;
    private final int size;

    NumberConverter(String typeName, Schema schema, Class<T> javaType, int size) {
        this.typeName = typeName;
        this.schema = schema;
        this.javaType = javaType;
        this.size = size;
    }

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
     * Writes the number.
     *
     * @return the big-endian bytes, or null for a null value
     * @throws DataException when the value is not of this converter's Java type
     */
    @Override
    public byte[] fromConnectData(String topic, Headers headers, Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        if (!javaType.isInstance(value)) {
            throw new DataException("Failed to serialize to " + typeName + " (was " + value.getClass() + ")");
        }
        byte[] bytes = new byte[size];
        long bits = bits(javaType.cast(value));
        for (int i = size - 1; i >= 0; i--) {
            bytes[i] = (byte) bits;
            bits >>>= 8;
        }
        return bytes;
    }

    /**
     * Reads the number.
     *
     * @return the optional number schema and the number, null for null bytes
     * @throws DataException when the bytes are not exactly the number's size
     */
    @Override
    public SchemaAndValue toConnectData(String topic, Headers headers, byte[] value) {
        if (value == null) {
            return new SchemaAndValue(schema, null);
        }
        if (value.length != size) {
            throw new DataException(
                    "Failed to deserialize " + typeName + ": expected " + size + " bytes but got " + value.length);
        }
        long bits = 0;
        for (byte b : value) {
            bits = (bits << 8) | (b & 0xFF);
        }
        return new SchemaAndValue(schema, fromBits(bits));
    }

    /** The number's bits in the low {@code size} bytes. */
    abstract long bits(T value);

    /** The number from its bits. */
    abstract T fromBits(long bits);

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
