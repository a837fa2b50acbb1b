package io.kanal.runtime.transform;

import io.kanal.api.connector.ConnectRecord;
import io.kanal.api.data.ConnectSchema;
import io.kanal.api.data.Field;
import io.kanal.api.data.Schema;
import io.kanal.api.data.Struct;
import io.kanal.api.transform.Transformation;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.ParsedConfig;
import io.kanal.runtime.transform.util.CommonConfigs;
import io.kanal.runtime.transform.util.FieldValues;
import io.kanal.runtime.transform.util.Operand;
import io.kanal.runtime.transform.util.Requirements;

/**
 * Sets the name and/or version of the key or value schema: Kafka Connect's {@code
 * org.apache.kafka.connect.transforms.SetSchemaMetadata$Key} / {@code $Value}, with its keys {@code schema.name},
 * {@code schema.version} (at least one of them) and {@code replace.null.with.default}.
 *
 * <p>Everything else of the schema is kept: type, optionality, default, doc, parameters (so a {@code Decimal} keeps
 * its scale), fields, key and value schemas. A struct value is rebuilt against the renamed schema, field by field,
 * nested structs as they are; with {@code replace.null.with.default=false} a null field stays null instead of taking
 * its default. Any other value is kept as is. A record with neither schema nor value passes unchanged; one with a
 * value but no schema is a {@code DataException}.
 *
 * <p>Unlike Connect 4.4.0, whose transform fails on every non-struct schema ("Cannot list fields on non-struct
 * type": it asks every schema for its fields, a known bug, see confluentinc/kafka pull request 1325), primitive,
 * array and map schemas are renamed too. No configuration that works in Connect behaves differently.
 *
 * <p>Threading: configured once, then applied on the task thread that owns the instance (see {@link
 * Transformation}); {@code apply} changes no state, so calls from other threads after a safe publication are fine
 * too.
 *
 * @param <R> the record type
 */
public abstract class SetSchemaMetadata<R extends ConnectRecord<R>> implements Transformation<R> {

    private static final String PURPOSE = "updating schema metadata";

    /** The schema name to set. */
    public static final ConfigKey<String> SCHEMA_NAME = ConfigKey.builder("schema.name", ConfigType.STRING)
            .importance(Importance.HIGH)
            .documentation("Schema name to set.")
            .build();

    /** The schema version to set. */
    public static final ConfigKey<Integer> SCHEMA_VERSION = ConfigKey.builder("schema.version", ConfigType.INT)
            .importance(Importance.HIGH)
            .documentation("Schema version to set.")
            .build();

    /** This transform's configuration. */
    public static final ConfigSpec CONFIG_SPEC = ConfigSpec.builder()
            .define(SCHEMA_NAME)
            .define(SCHEMA_VERSION)
            .define(CommonConfigs.REPLACE_NULL_WITH_DEFAULT)
            .build();

    private final Operand operand;
    private String schemaName;
    private Integer schemaVersion;
    private boolean replaceNullWithDefault;

    private SetSchemaMetadata(Operand operand) {
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
     * Reads the name and version.
     *
     * @param config parsed against {@link #CONFIG_SPEC}
     * @throws io.kanal.config.InvalidConfigValueException when neither is set
     */
    @Override
    public void configure(ParsedConfig config) {
        String name = config.find(SCHEMA_NAME).orElse(null);
        Integer version = config.find(SCHEMA_VERSION).orElse(null);
        if (name == null && version == null) {
            throw ConfigRules.invalid(
                    SCHEMA_NAME.name(),
                    "",
                    "neither schema name nor version configured: set 'schema.name', 'schema.version' or both");
        }
        schemaName = name;
        schemaVersion = version;
        replaceNullWithDefault = config.get(CommonConfigs.REPLACE_NULL_WITH_DEFAULT);
    }

    /**
     * Renames the schema.
     *
     * @param record the record
     * @return a copy with the updated schema (and struct)
     * @throws io.kanal.api.errors.DataException when the record has a value but no schema
     */
    @Override
    public R apply(R record) {
        Object value = operand.value(record);
        Schema schema = operand.schema(record);
        if (value == null && schema == null) {
            return record;
        }
        Requirements.requireSchema(schema, PURPOSE);
        Schema.Type type = schema.type();
        boolean isMap = type == Schema.Type.MAP;
        Schema updated = new ConnectSchema(
                type,
                schema.isOptional(),
                schema.defaultValue(),
                schemaName != null ? schemaName : schema.name(),
                schemaVersion != null ? schemaVersion : schema.version(),
                schema.doc(),
                schema.parameters(),
                type == Schema.Type.STRUCT ? schema.fields() : null,
                isMap ? schema.keySchema() : null,
                isMap || type == Schema.Type.ARRAY ? schema.valueSchema() : null);
        return operand.with(record, updated, updateSchemaIn(value, updated));
    }

    /** Rebuilds a struct against the updated schema; other values do not carry a schema. */
    private Object updateSchemaIn(Object value, Schema updated) {
        if (!(value instanceof Struct struct)) {
            return value;
        }
        Struct rebuilt = new Struct(updated);
        for (Field field : updated.fields()) {
            rebuilt.put(field, FieldValues.read(struct, field.name(), replaceNullWithDefault));
        }
        return rebuilt;
    }

    /**
     * The transform and what it sets.
     *
     * @return for example {@code SetSchemaMetadata$Value{schema.name=order, schema.version=null}}
     */
    @Override
    public String toString() {
        return "SetSchemaMetadata$" + (operand == Operand.KEY ? "Key" : "Value") + "{schema.name=" + schemaName
                + ", schema.version=" + schemaVersion + "}";
    }

    /**
     * Updates the key schema.
     *
     * @param <R> the record type
     */
    public static final class Key<R extends ConnectRecord<R>> extends SetSchemaMetadata<R> {
        /** Creates an unconfigured transform. */
        public Key() {
            super(Operand.KEY);
        }
    }

    /**
     * Updates the value schema.
     *
     * @param <R> the record type
     */
    public static final class Value<R extends ConnectRecord<R>> extends SetSchemaMetadata<R> {
        /** Creates an unconfigured transform. */
        public Value() {
            super(Operand.VALUE);
        }
    }
}
