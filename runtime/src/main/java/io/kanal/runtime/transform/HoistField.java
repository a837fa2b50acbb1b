package io.kanal.runtime.transform;

import io.kanal.api.connector.ConnectRecord;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.api.transform.Transformation;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.ParsedConfig;
import io.kanal.runtime.transform.util.Operand;
import io.kanal.runtime.transform.util.SchemaUpdateCache;
import java.util.HashMap;
import java.util.Map;

/**
 * Wraps the key or value in a single-field struct (with a schema) or map (without one): Kafka Connect's {@code
 * org.apache.kafka.connect.transforms.HoistField$Key} / {@code $Value}, with its key {@code field}. As in Connect, a
 * schemaless {@code null} is wrapped too ({@code {field: null}}), and with a schema the value must be valid for the
 * new field, which keeps the original schema (a {@code null} under a required schema is a {@code DataException}).
 *
 * <p>Threading: configured once, then applied on the task thread that owns the instance (see {@link
 * Transformation}); {@code apply} changes nothing but the schema cache, which is thread-safe, so calls from other
 * threads after a safe publication are fine too.
 *
 * @param <R> the record type
 */
public abstract class HoistField<R extends ConnectRecord<R>> implements Transformation<R> {

    /** The name of the single field. */
    public static final ConfigKey<String> FIELD = ConfigKey.builder("field", ConfigType.STRING)
            .required()
            .importance(Importance.MEDIUM)
            .documentation("Field name for the single field that will be created in the resulting Struct or Map.")
            .build();

    /** This transform's configuration. */
    public static final ConfigSpec CONFIG_SPEC =
            ConfigSpec.builder().define(FIELD).build();

    private final Operand operand;
    private final SchemaUpdateCache schemaUpdates = new SchemaUpdateCache();
    private String fieldName;

    private HoistField(Operand operand) {
        this.operand = operand;
    }

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
     * Reads the field name.
     *
     * @param config parsed against {@link #CONFIG_SPEC}
     */
    @Override
    public void configure(ParsedConfig config) {
        fieldName = config.get(FIELD);
        schemaUpdates.clear();
    }

    /**
     * Wraps the operand.
     *
     * @param record the record
     * @return a copy with the operand wrapped
     * @throws io.kanal.api.errors.DataException when the value does not fit its schema, or the field name is empty
     *     and the record has a schema
     */
    @Override
    public R apply(R record) {
        Schema schema = operand.schema(record);
        Object value = operand.value(record);
        if (schema == null) {
            // A mutable map, like Connect's, and one that may hold the null of a tombstone.
            Map<String, Object> wrapped = new HashMap<>(2);
            wrapped.put(fieldName, value);
            return operand.with(record, null, wrapped);
        }
        Schema updated = schemaUpdates.computeIfAbsent(
                schema,
                original -> SchemaBuilder.struct().field(fieldName, original).build());
        Struct wrapped = new Struct(updated).put(fieldName, value);
        return operand.with(record, updated, wrapped);
    }

    /** Drops the cached schemas. */
    @Override
    public void close() {
        schemaUpdates.clear();
    }

    /**
     * The transform and its field.
     *
     * @return for example {@code HoistField$Value{field=payload}}
     */
    @Override
    public String toString() {
        return "HoistField$" + (operand == Operand.KEY ? "Key" : "Value") + "{field=" + fieldName + "}";
    }

    /**
     * Wraps the record key.
     *
     * @param <R> the record type
     */
    public static final class Key<R extends ConnectRecord<R>> extends HoistField<R> {
        /** Creates an unconfigured transform. */
        public Key() {
            super(Operand.KEY);
        }
    }

    /**
     * Wraps the record value.
     *
     * @param <R> the record type
     */
    public static final class Value<R extends ConnectRecord<R>> extends HoistField<R> {
        /** Creates an unconfigured transform. */
        public Value() {
            super(Operand.VALUE);
        }
    }
}
