package io.kanal.runtime.transform;

import io.kanal.api.connector.ConnectRecord;
import io.kanal.api.data.SchemaAndValue;
import io.kanal.api.data.Values;
import io.kanal.api.transform.Transformation;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.ParsedConfig;

/**
 * Adds a header with a literal value to every record: Kafka Connect's {@code
 * org.apache.kafka.connect.transforms.InsertHeader}. {@code value.literal} is parsed once with {@link
 * Values#parseString(String)}, as Connect does, so {@code 42} becomes an INT8 header and {@code [1,2]} an array;
 * existing headers with the same key are kept (the new one is added last).
 *
 * <p>Threading: configured once, then applied on the task thread that owns the instance (see {@link
 * Transformation}); {@code apply} changes no state, so calls from other threads after a safe publication are fine
 * too.
 *
 * @param <R> the record type
 */
public final class InsertHeader<R extends ConnectRecord<R>> implements Transformation<R> {

    /** The header key. */
    public static final ConfigKey<String> HEADER = ConfigKey.builder("header", ConfigType.STRING)
            .required()
            .importance(Importance.HIGH)
            .documentation("The name of the header.")
            .build();

    /** The header value, as text parsed with Connect's {@code Values.parseString}. */
    public static final ConfigKey<String> VALUE_LITERAL = ConfigKey.builder("value.literal", ConfigType.STRING)
            .required()
            .importance(Importance.HIGH)
            .documentation("The literal value that is to be set as the header value on all records.")
            .build();

    /** This transform's configuration. */
    public static final ConfigSpec CONFIG_SPEC =
            ConfigSpec.builder().define(HEADER).define(VALUE_LITERAL).build();

    private String header;
    private SchemaAndValue literal;

    /** Creates an unconfigured transform; the runtime calls {@link #configure} next. */
    public InsertHeader() {}

    /**
     * The configuration keys.
     *
     * @return {@link #CONFIG_SPEC}
     */
    @Override
    public ConfigSpec configSpec() {
        return CONFIG_SPEC;
    }

    /**
     * Reads the key and parses the literal.
     *
     * @param config parsed against {@link #CONFIG_SPEC}
     */
    @Override
    public void configure(ParsedConfig config) {
        header = config.get(HEADER);
        SchemaAndValue parsed = Values.parseString(config.get(VALUE_LITERAL));
        // The literal "null" parses to no schema and no value at all; Connect then adds a header with neither.
        literal = parsed == null ? SchemaAndValue.NULL : parsed;
    }

    /**
     * Adds the header.
     *
     * @param record the record
     * @return a copy with the header appended
     */
    @Override
    public R apply(R record) {
        return record.newRecord(
                record.topic(),
                record.kafkaPartition(),
                record.keySchema(),
                record.key(),
                record.valueSchema(),
                record.value(),
                record.timestamp(),
                record.headers().add(header, literal.schema(), literal.value()));
    }

    /**
     * The header added.
     *
     * @return for example {@code InsertHeader{header=source}}
     */
    @Override
    public String toString() {
        return "InsertHeader{header=" + header + "}";
    }
}
