package io.kanal.runtime.convert;

import io.kanal.api.convert.Converter;
import io.kanal.api.convert.HeaderConverter;
import io.kanal.api.data.Headers;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaAndValue;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.ParsedConfig;
import io.kanal.config.Validators;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;

/**
 * Kafka Connect's {@code org.apache.kafka.connect.storage.StringConverter}: any value is written as its {@code
 * toString()} in the {@code converter.encoding} character set (default {@code UTF8}); bytes are read back as an
 * optional string. The schema is ignored when writing, as in Connect.
 *
 * <p>Threading: configure once, then call from any thread.
 */
public final class StringConverter implements Converter, HeaderConverter {

    static final ConfigKey<String> ENCODING = ConfigKey.builder("converter.encoding", ConfigType.STRING)
            .defaultValue("UTF8")
            .validator(Validators.satisfies(StringConverter::isCharset, "must be a character set this JVM supports"))
            .importance(Importance.HIGH)
            .group("Converter", 0)
            .documentation("The name of the Java character set to use for encoding strings as byte arrays.")
            .build();

    static final ConfigSpec SPEC =
            ConfigSpec.builder().define(ConverterConfigs.TYPE).define(ENCODING).build();

    private Charset charset = StandardCharsets.UTF_8;

    /** Creates a UTF-8 converter; {@link #configure(ParsedConfig, boolean)} may change the character set. */
    public StringConverter() {}

    private static boolean isCharset(String name) {
        try {
            return Charset.isSupported(name);
        } catch (IllegalCharsetNameException e) {
            return false;
        }
    }

    /**
     * Connect's keys: {@code converter.type} and {@code converter.encoding}.
     *
     * @return the spec
     */
    @Override
    public ConfigSpec configSpec() {
        return SPEC;
    }

    /**
     * Applies the character set.
     *
     * @param config parsed against {@link #configSpec()}
     * @param isKey ignored: keys and values are encoded alike
     */
    @Override
    public void configure(ParsedConfig config, boolean isKey) {
        charset = Charset.forName(config.get(ENCODING));
    }

    /**
     * Applies the character set.
     *
     * @param config parsed against {@link #configSpec()}
     */
    @Override
    public void configure(ParsedConfig config) {
        configure(config, false);
    }

    /**
     * Writes {@code value.toString()}.
     *
     * @return the encoded text, or null for a null value
     */
    @Override
    public byte[] fromConnectData(String topic, Headers headers, Schema schema, Object value) {
        return value == null ? null : value.toString().getBytes(charset);
    }

    /**
     * Reads text.
     *
     * @return an optional string schema and the decoded text (null for null bytes)
     */
    @Override
    public SchemaAndValue toConnectData(String topic, Headers headers, byte[] value) {
        return new SchemaAndValue(Schema.OPTIONAL_STRING_SCHEMA, value == null ? null : new String(value, charset));
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
