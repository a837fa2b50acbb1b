package io.kanal.runtime.convert;

import io.kanal.api.convert.HeaderConverter;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaAndValue;
import io.kanal.api.data.Values;
import io.kanal.api.errors.DataException;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;
import java.nio.charset.StandardCharsets;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Connect's {@code org.apache.kafka.connect.storage.SimpleHeaderConverter}, the default header converter:
 * values are written as the text {@link Values#convertToString} gives, in UTF-8, and read back with {@link
 * Values#parseString}, which infers the type (so {@code 42} becomes an INT8). Empty bytes are the empty string; text
 * that cannot be parsed is kept as bytes, as in Connect. No settings.
 *
 * <p>Threading: stateless; any thread.
 */
public final class SimpleHeaderConverter implements HeaderConverter {

    private static final Logger LOG = LoggerFactory.getLogger(SimpleHeaderConverter.class);

    /** Creates the converter. */
    public SimpleHeaderConverter() {}

    /**
     * Connect's keys: none.
     *
     * @return the empty spec
     */
    @Override
    public ConfigSpec configSpec() {
        return ConverterConfigs.NONE;
    }

    /**
     * Nothing to configure.
     *
     * @param config parsed against {@link #configSpec()}
     */
    @Override
    public void configure(ParsedConfig config) {}

    /**
     * Reads a header value, inferring its type from its text.
     *
     * @return the schema and value; {@link SchemaAndValue#NULL} for null bytes
     * @throws DataException when the text ends in the middle of a value
     */
    @Override
    public SchemaAndValue toConnectHeader(String topic, String headerKey, byte[] value) {
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        String text = new String(value, StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return new SchemaAndValue(Schema.STRING_SCHEMA, text);
        }
        try {
            SchemaAndValue parsed = Values.parseString(text);
            // Values reads the text "null" as a Java null, as Connect's does; a header is then null/null, the same data
            // Connect's ConnectHeaders makes of it, without handing the pipeline a null.
            return parsed == null ? SchemaAndValue.NULL : parsed;
        } catch (NoSuchElementException e) {
            throw new DataException(
                    "Failed to deserialize value for header '" + headerKey + "' on topic '" + topic + "'", e);
        } catch (RuntimeException e) {
            // Connect's fallback: a header it cannot parse is still delivered, as bytes.
            LOG.warn(
                    "Failed to deserialize value for header '{}' on topic '{}', so using byte array",
                    headerKey,
                    topic,
                    e);
            return new SchemaAndValue(Schema.BYTES_SCHEMA, value);
        }
    }

    /**
     * Writes a header value as text.
     *
     * @return the UTF-8 text, or null for a null value
     */
    @Override
    public byte[] fromConnectHeader(String topic, String headerKey, Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        return Values.convertToString(schema, value).getBytes(StandardCharsets.UTF_8);
    }
}
