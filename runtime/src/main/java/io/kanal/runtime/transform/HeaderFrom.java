package io.kanal.runtime.transform;

import io.kanal.api.connector.ConnectRecord;
import io.kanal.api.data.Field;
import io.kanal.api.data.Headers;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.api.errors.DataException;
import io.kanal.api.transform.Transformation;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.InvalidConfigValueException;
import io.kanal.config.ParsedConfig;
import io.kanal.config.Validators;
import io.kanal.runtime.transform.util.CommonConfigs;
import io.kanal.runtime.transform.util.FieldValues;
import io.kanal.runtime.transform.util.Operand;
import io.kanal.runtime.transform.util.Requirements;
import io.kanal.runtime.transform.util.SchemaUpdateCache;
import io.kanal.runtime.transform.util.SchemaUtil;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies or moves fields of the key or value into headers: Kafka Connect's {@code HeaderFrom}. The n-th entry of
 * {@code fields} goes to the header named by the n-th entry of {@code headers}, with the field's schema (none
 * without a schema). {@code move} also removes the fields from the key or value. The operand must be a struct
 * (with a schema) or a map (without); a {@code null} one fails.
 *
 * <p>Configure once, then call {@link #apply} from one thread at a time (the runtime's task thread).
 *
 * @param <R> the record type
 */
public abstract class HeaderFrom<R extends ConnectRecord<R>> implements Transformation<R> {

    /** {@code fields}: the fields to copy or move. */
    public static final ConfigKey<List<String>> FIELDS = ConfigKey.builder("fields", ConfigType.LIST)
            .required()
            .validator(Validators.nonEmptyList())
            .importance(Importance.HIGH)
            .documentation("Field names in the record whose values are to be copied or moved to headers.")
            .build();

    /** {@code headers}: the header names, one per field. */
    public static final ConfigKey<List<String>> HEADERS = ConfigKey.builder("headers", ConfigType.LIST)
            .required()
            .validator(Validators.nonEmptyList())
            .importance(Importance.HIGH)
            .documentation("Header names, in the same order as the field names listed in the fields configuration"
                    + " property.")
            .build();

    /** {@code operation}: {@code move} or {@code copy}, exactly. */
    public static final ConfigKey<String> OPERATION = ConfigKey.builder("operation", ConfigType.STRING)
            .required()
            .validator(Validators.oneOf("move", "copy"))
            .importance(Importance.HIGH)
            .documentation("Either move if the fields are to be moved to the headers (removed from the key/value),"
                    + " or copy if the fields are to be copied to the headers (retained in the key/value).")
            .build();

    /** The configuration, as Connect's. */
    public static final ConfigSpec CONFIG_SPEC = ConfigSpec.builder()
            .define(FIELDS)
            .define(HEADERS)
            .define(OPERATION)
            .define(CommonConfigs.REPLACE_NULL_WITH_DEFAULT)
            .build();

    private final Operand operand;
    private List<String> fields;
    private List<String> headers;
    private boolean move;
    private String purpose;
    private boolean replaceNullWithDefault;
    private final SchemaUpdateCache moveSchemas = new SchemaUpdateCache();

    private HeaderFrom(Operand operand) {
        this.operand = operand;
    }

    @Override
    public ConfigSpec configSpec() {
        return CONFIG_SPEC;
    }

    @Override
    public void configure(ParsedConfig config) {
        fields = config.get(FIELDS);
        headers = config.get(HEADERS);
        if (fields.size() != headers.size()) {
            throw new InvalidConfigValueException(
                    HEADERS.name(),
                    HEADERS.type().format(headers),
                    "must have the same number of elements as 'fields' (" + fields.size() + ")");
        }
        String operation = config.get(OPERATION);
        move = operation.equals("move");
        purpose = "header " + operation;
        replaceNullWithDefault = config.get(CommonConfigs.REPLACE_NULL_WITH_DEFAULT);
        moveSchemas.clear();
    }

    @Override
    public R apply(R record) {
        Schema schema = operand.schema(record);
        return schema == null ? applySchemaless(record) : applyWithSchema(record, schema);
    }

    private R applySchemaless(R record) {
        Map<String, Object> value = Requirements.requireMap(operand.value(record), purpose);
        Map<String, Object> updated = new HashMap<>(value);
        Headers updatedHeaders = record.headers();
        for (int i = 0; i < fields.size(); i++) {
            String field = fields.get(i);
            Object fieldValue = value.get(field);
            if (move) {
                updated.remove(field);
            }
            updatedHeaders = updatedHeaders.add(headers.get(i), null, fieldValue);
        }
        return operand.with(record, null, updated, updatedHeaders);
    }

    private R applyWithSchema(R record, Schema schema) {
        Struct value = Requirements.requireStruct(operand.value(record), purpose);
        // The moved-from value is built before the headers are added, as in Connect, so that a record that is
        // wrong in both places fails with the same error.
        Schema updatedSchema = schema;
        Struct updated = value;
        if (move) {
            updatedSchema = moveSchemas.computeIfAbsent(schema, this::withoutMovedFields);
            updated = new Struct(updatedSchema);
            for (Field field : updatedSchema.fields()) {
                updated.put(field, fieldValue(value, field));
            }
        }
        Headers updatedHeaders = record.headers();
        for (int i = 0; i < fields.size(); i++) {
            Field field = value.schema().field(fields.get(i));
            if (field == null) {
                // Connect fails with a NullPointerException here.
                throw new DataException("Unknown field: " + fields.get(i));
            }
            updatedHeaders = updatedHeaders.add(headers.get(i), field.schema(), fieldValue(value, field));
        }
        return operand.with(record, updatedSchema, updated, updatedHeaders);
    }

    private Schema withoutMovedFields(Schema schema) {
        SchemaBuilder builder = SchemaUtil.copySchemaBasics(schema, SchemaBuilder.struct());
        for (Field field : schema.fields()) {
            if (!fields.contains(field.name())) {
                builder.field(field.name(), field.schema());
            }
        }
        return builder.build();
    }

    private Object fieldValue(Struct struct, Field field) {
        return FieldValues.read(struct, field.name(), replaceNullWithDefault);
    }

    @Override
    public void close() {
        moveSchemas.clear();
    }

    /**
     * Copies or moves fields of the record key.
     *
     * @param <R> the record type
     */
    public static final class Key<R extends ConnectRecord<R>> extends HeaderFrom<R> {
        /** Creates the transform; configure it before use. */
        public Key() {
            super(Operand.KEY);
        }
    }

    /**
     * Copies or moves fields of the record value.
     *
     * @param <R> the record type
     */
    public static final class Value<R extends ConnectRecord<R>> extends HeaderFrom<R> {
        /** Creates the transform; configure it before use. */
        public Value() {
            super(Operand.VALUE);
        }
    }
}
