package io.kanal.runtime.transform;

import io.kanal.api.connector.ConnectRecord;
import io.kanal.api.data.ConnectSchema;
import io.kanal.api.data.Field;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.api.errors.DataException;
import io.kanal.api.transform.Transformation;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.ParsedConfig;
import io.kanal.runtime.transform.util.Operand;
import io.kanal.runtime.transform.util.Requirements;
import io.kanal.runtime.transform.util.SchemaUpdateCache;
import io.kanal.runtime.transform.util.SchemaUtil;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flattens nested structs (with a schema) or maps (without one) into one level, joining field names with {@code
 * delimiter} (default {@code .}): Kafka Connect's {@code org.apache.kafka.connect.transforms.Flatten$Key} / {@code
 * $Value}.
 *
 * <p>Semantics as in Connect: a {@code null} operand passes unchanged. Arrays and their contents are kept as they
 * are. Without a schema, nested maps are flattened, nulls kept, and a struct (or any value outside Connect's data
 * types) is a {@code DataException}; map keys must be strings (where Connect fails with a {@code
 * ClassCastException}, Kanal throws a {@code DataException}; a {@code null} key is kept, as in Connect). With a schema, nested structs are flattened and a map
 * field is a {@code DataException}; a field becomes optional when it or any enclosing struct is optional, and takes
 * its own default or, failing that, its value in the enclosing struct's default. The flattened schema keeps the
 * original's name, version, doc and parameters but is always required. Fields of a {@code null} optional struct are
 * left unset, so they read as their defaults.
 *
 * <p>Threading: configured once, then applied on the task thread that owns the instance (see {@link
 * Transformation}); {@code apply} changes nothing but the schema cache, which is thread-safe, so calls from other
 * threads after a safe publication are fine too.
 *
 * @param <R> the record type
 */
public abstract class Flatten<R extends ConnectRecord<R>> implements Transformation<R> {

    private static final String PURPOSE = "flattening";

    /** The separator placed between the names of nested fields. */
    public static final ConfigKey<String> DELIMITER = ConfigKey.builder("delimiter", ConfigType.STRING)
            .defaultValue(".")
            .importance(Importance.MEDIUM)
            .documentation("Delimiter to insert between field names from the input record when generating field names"
                    + " for the output record")
            .build();

    /** This transform's configuration. */
    public static final ConfigSpec CONFIG_SPEC =
            ConfigSpec.builder().define(DELIMITER).build();

    private final Operand operand;
    private final SchemaUpdateCache schemaUpdates = new SchemaUpdateCache();
    private String delimiter = ".";

    private Flatten(Operand operand) {
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
     * Reads the delimiter.
     *
     * @param config parsed against {@link #CONFIG_SPEC}
     */
    @Override
    public void configure(ParsedConfig config) {
        delimiter = config.get(DELIMITER);
        schemaUpdates.clear();
    }

    /**
     * Flattens the operand.
     *
     * @param record the record
     * @return a copy with the operand flattened; the record itself when the operand is {@code null}
     * @throws DataException when the operand or a nested value has a type Flatten does not support
     */
    @Override
    public R apply(R record) {
        Object value = operand.value(record);
        if (value == null) {
            return record;
        }
        Schema schema = operand.schema(record);
        if (schema == null) {
            Map<String, Object> flattened = new LinkedHashMap<>();
            flattenMap(Requirements.requireMap(value, PURPOSE), "", flattened);
            return operand.with(record, null, flattened);
        }
        Struct struct = Requirements.requireStruct(value, PURPOSE);
        Schema updated = schemaUpdates.computeIfAbsent(schema, this::flattenSchema);
        Struct flattened = new Struct(updated);
        flattenStruct(struct, "", flattened);
        return operand.with(record, updated, flattened);
    }

    private String fieldName(String prefix, String name) {
        // An empty prefix (top level, or a nested key that is itself empty) adds no delimiter, as in Connect; a null
        // name is written "null", as string concatenation does there.
        return prefix.isEmpty() ? name : prefix + delimiter + name;
    }

    private void flattenMap(Map<?, ?> map, String prefix, Map<String, Object> into) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Object rawKey = entry.getKey();
            if (rawKey != null && !(rawKey instanceof String)) {
                throw new DataException("Flatten transformation does not support map keys of type "
                        + Requirements.className(rawKey) + " for record without schemas (in "
                        + (prefix.isEmpty() ? "the top-level map" : "field " + prefix) + ").");
            }
            // Connect lets a null key through: at the top level it stays null, nested it reads "null".
            String name = rawKey == null && prefix.isEmpty() ? null : fieldName(prefix, (String) rawKey);
            Object value = entry.getValue();
            if (value == null) {
                into.put(name, null);
                continue;
            }
            Schema.Type type = ConnectSchema.schemaType(value.getClass());
            if (type == null) {
                throw new DataException("Flatten transformation was passed a value of type " + value.getClass()
                        + " which is not supported by Connect's data API");
            }
            switch (type) {
                case MAP -> {
                    if (name == null) {
                        // Connect fails here with a NullPointerException.
                        throw new DataException("Flatten transformation does not support a nested map under a null"
                                + " key for record without schemas.");
                    }
                    flattenMap(Requirements.requireMap(value, PURPOSE), name, into);
                }
                case STRUCT ->
                    throw new DataException("Flatten transformation does not support " + type
                            + " for record without schemas (for field " + name + ").");
                default -> into.put(name, value);
            }
        }
    }

    private Schema flattenSchema(Schema schema) {
        SchemaBuilder builder = SchemaUtil.copySchemaBasics(schema, SchemaBuilder.struct());
        Struct defaults = schema.defaultValue() instanceof Struct struct ? struct : null;
        flattenFields(schema, "", builder, schema.isOptional(), defaults);
        return builder.build();
    }

    private void flattenFields(Schema schema, String prefix, SchemaBuilder into, boolean optional, Struct defaults) {
        for (Field field : schema.fields()) {
            String name = fieldName(prefix, field.name());
            Schema fieldSchema = field.schema();
            boolean fieldOptional = optional || fieldSchema.isOptional();
            Object fieldDefault = fieldSchema.defaultValue() != null
                    ? fieldSchema.defaultValue()
                    : defaults != null ? defaults.get(field) : null;
            switch (fieldSchema.type()) {
                case STRUCT ->
                    flattenFields(
                            fieldSchema,
                            name,
                            into,
                            fieldOptional,
                            fieldDefault instanceof Struct nested ? nested : null);
                case MAP -> throw unsupportedWithSchema(fieldSchema.type(), name);
                default -> into.field(name, copyFieldSchema(fieldSchema, fieldOptional, fieldDefault));
            }
        }
    }

    private static Schema copyFieldSchema(Schema original, boolean optional, Object defaultValue) {
        SchemaBuilder builder = SchemaUtil.copySchemaBasics(original);
        if (optional) {
            builder.optional();
        }
        if (defaultValue != null) {
            builder.defaultValue(defaultValue);
        }
        return builder.build();
    }

    private void flattenStruct(Struct struct, String prefix, Struct into) {
        if (struct == null) {
            return;
        }
        for (Field field : struct.schema().fields()) {
            String name = fieldName(prefix, field.name());
            switch (field.schema().type()) {
                case STRUCT -> flattenStruct(struct.getStruct(field.name()), name, into);
                case MAP -> throw unsupportedWithSchema(field.schema().type(), name);
                default -> into.put(name, struct.get(field));
            }
        }
    }

    private static DataException unsupportedWithSchema(Schema.Type type, String name) {
        return new DataException("Flatten transformation does not support " + type
                + " for record with schemas (for field " + name + ").");
    }

    /** Drops the cached schemas. */
    @Override
    public void close() {
        schemaUpdates.clear();
    }

    /**
     * The transform and its delimiter.
     *
     * @return for example {@code Flatten$Value{delimiter=.}}
     */
    @Override
    public String toString() {
        return "Flatten$" + (operand == Operand.KEY ? "Key" : "Value") + "{delimiter=" + delimiter + "}";
    }

    /**
     * Flattens the record key.
     *
     * @param <R> the record type
     */
    public static final class Key<R extends ConnectRecord<R>> extends Flatten<R> {
        /** Creates an unconfigured transform. */
        public Key() {
            super(Operand.KEY);
        }
    }

    /**
     * Flattens the record value.
     *
     * @param <R> the record type
     */
    public static final class Value<R extends ConnectRecord<R>> extends Flatten<R> {
        /** Creates an unconfigured transform. */
        public Value() {
            super(Operand.VALUE);
        }
    }
}
