package io.kanal.bridge.convert;

import io.kanal.api.connector.Versioned;
import io.kanal.api.convert.Converter;
import io.kanal.api.convert.Serialized;
import io.kanal.api.data.Headers;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaAndValue;
import io.kanal.api.errors.DataException;
import io.kanal.api.errors.PluginException;
import io.kanal.bridge.data.ConnectFailures;
import io.kanal.bridge.data.DataTranslator;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;
import java.io.IOException;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A Connect {@code Converter} as Kanal's {@link Converter}: data is translated to Connect's model, serialised by the
 * Connect converter, and back. Configured as Connect's worker configures it ({@code configure(map, isKey)} with every
 * key as the user wrote it and {@code converter.type}).
 *
 * <p>Kafka headers: Connect hands a converter the record's Kafka headers (bytes); Kanal's converters see the
 * record's typed headers, which become bytes only after every converter ran (through the header converter). So the
 * Connect converter gets an empty Kafka header set; a converter that adds Kafka headers while serialising (a schema id
 * in a header) fails the record with a {@link DataException}, rather than have its bytes rewritten by the header
 * converter.
 *
 * <p>Owned by one task thread, as every Kanal converter ({@link #configSpec()} may run on any thread).
 */
public final class BridgedConverter implements Converter, Versioned {

    private final org.apache.kafka.connect.storage.Converter converter;
    private final DataTranslator data = new DataTranslator();

    /**
     * @param converter a new Connect converter
     */
    public BridgedConverter(org.apache.kafka.connect.storage.Converter converter) {
        this.converter = converter;
    }

    /** @return the Connect converter */
    public org.apache.kafka.connect.storage.Converter converter() {
        return converter;
    }

    @Override
    public String version() {
        return converter.version();
    }

    @Override
    public ConfigSpec configSpec() {
        return ConverterConfigs.spec(converter.config(), ConverterConfigs.loaderOf(converter));
    }

    @Override
    public void configure(ParsedConfig config, boolean isKey) {
        converter.configure(ConverterConfigs.connectMap(config, isKey ? "key" : "value"), isKey);
    }

    @Override
    public byte[] fromConnectData(String topic, Headers headers, Schema schema, Object value) {
        return serialize(topic, headers, schema, value).bytes();
    }

    @Override
    public Serialized serialize(String topic, Headers headers, Schema schema, Object value) {
        org.apache.kafka.connect.data.SchemaAndValue connect = data.toConnect(schema, value);
        RecordHeaders kafkaHeaders = new RecordHeaders();
        byte[] bytes = ConnectFailures.translated(
                () -> converter.fromConnectData(topic, kafkaHeaders, connect.schema(), connect.value()));
        if (kafkaHeaders.toArray().length > 0) {
            throw new DataException(converter.getClass().getName()
                    + " added Kafka headers while serialising; the Connect bridge does not pass a Connect converter's"
                    + " own headers on (configure it not to write headers)");
        }
        return new Serialized(bytes, headers == null ? Headers.empty() : headers);
    }

    @Override
    public SchemaAndValue toConnectData(String topic, Headers headers, byte[] value) {
        return data.toKanal(
                ConnectFailures.translated(() -> converter.toConnectData(topic, new RecordHeaders(), value)));
    }

    @Override
    public void close() {
        try {
            converter.close();
        } catch (IOException e) {
            throw new PluginException("closing " + converter.getClass().getName() + " failed", e);
        }
    }
}
