package io.kanal.bridge.convert;

import io.kanal.api.connector.Versioned;
import io.kanal.api.convert.HeaderConverter;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaAndValue;
import io.kanal.api.errors.PluginException;
import io.kanal.bridge.data.ConnectFailures;
import io.kanal.bridge.data.DataTranslator;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;
import java.io.IOException;

/**
 * A Connect {@code HeaderConverter} as Kanal's {@link HeaderConverter}: one header value at a time, translated to
 * Connect's model and back. Configured as Connect's worker configures it: every key as the user wrote it and {@code
 * converter.type=header}.
 *
 * <p>Owned by one task thread, as every Kanal header converter ({@link #configSpec()} may run on any thread).
 */
public final class BridgedHeaderConverter implements HeaderConverter, Versioned {

    private final org.apache.kafka.connect.storage.HeaderConverter converter;
    private final DataTranslator data = new DataTranslator();

    /**
     * @param converter a new Connect header converter
     */
    public BridgedHeaderConverter(org.apache.kafka.connect.storage.HeaderConverter converter) {
        this.converter = converter;
    }

    /** @return the Connect header converter */
    public org.apache.kafka.connect.storage.HeaderConverter converter() {
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
    public void configure(ParsedConfig config) {
        converter.configure(ConverterConfigs.connectMap(config, "header"));
    }

    @Override
    public SchemaAndValue toConnectHeader(String topic, String headerKey, byte[] value) {
        return data.toKanal(ConnectFailures.translated(() -> converter.toConnectHeader(topic, headerKey, value)));
    }

    @Override
    public byte[] fromConnectHeader(String topic, String headerKey, Schema schema, Object value) {
        org.apache.kafka.connect.data.SchemaAndValue connect = data.toConnect(schema, value);
        return ConnectFailures.translated(
                () -> converter.fromConnectHeader(topic, headerKey, connect.schema(), connect.value()));
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
