package io.kanal.runtime.transform;

import io.kanal.api.connector.ConnectRecord;
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
import io.kanal.config.Validator;
import io.kanal.runtime.transform.util.CommonConfigs;
import io.kanal.runtime.transform.util.FieldValues;
import io.kanal.runtime.transform.util.Operand;
import io.kanal.runtime.transform.util.Requirements;
import io.kanal.runtime.transform.util.SchemaUpdateCache;
import io.kanal.runtime.transform.util.SchemaUtil;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Casts the whole key or value, or some of its top-level fields, to another primitive type: Kafka Connect's
 * {@code Cast}. {@code spec} is either one type (cast the whole operand) or {@code field:type} pairs; the types are
 * int8, int16, int32, int64, float32, float64, boolean and string, in any case. Numbers, booleans and strings cast to
 * each other as in Java (narrowing wraps; a string parses); bytes cast to string only (base64); Date, Time and
 * Timestamp cast to their number of days or milliseconds, or to an ISO-8601 string. A {@code null} operand passes
 * through unchanged. The value conversions are in {@link CastValues}.
 *
 * <p>Configure once, then call {@link #apply} from one thread at a time (the runtime's task thread).
 *
 * @param <R> the record type
 */
public abstract class Cast<R extends ConnectRecord<R>> implements Transformation<R> {

    /** {@code spec}: one type, or {@code field:type} pairs. */
    public static final ConfigKey<List<String>> SPEC = ConfigKey.builder("spec", ConfigType.LIST)
            .required()
            .validator(castSpec())
            .importance(Importance.HIGH)
            .documentation("List of fields and the type to cast them to of the form field1:type,field2:type to cast"
                    + " fields of Maps or Structs. A single type to cast the entire value. Valid types are int8,"
                    + " int16, int32, int64, float32, float64, boolean, and string. Note that binary fields can only"
                    + " be cast to string.")
            .build();

    /** The configuration, as Connect's. */
    public static final ConfigSpec CONFIG_SPEC = ConfigSpec.builder()
            .define(SPEC)
            .define(CommonConfigs.REPLACE_NULL_WITH_DEFAULT)
            .build();

    private static final String PURPOSE = "cast types";

    private final Operand operand;
    private Map<String, Schema.Type> casts;
    private Schema.Type wholeValueType;
    private boolean replaceNullWithDefault;
    private final SchemaUpdateCache schemas = new SchemaUpdateCache();

    private Cast(Operand operand) {
        this.operand = operand;
    }

    /** The parsed spec: either a whole-value type or per-field types. */
    record Spec(Schema.Type wholeValueType, Map<String, Schema.Type> fieldTypes) {}

    /**
     * Parses a spec as Connect does: each element is split on colons ({@code String.split}, so {@code int8:} is the
     * single type {@code int8}); names and types are trimmed; types ignore case; a later pair for a field wins.
     *
     * @param mappings the spec elements
     * @return the spec
     * @throws IllegalArgumentException with the rule the spec breaks
     */
    static Spec parseSpec(List<String> mappings) {
        if (mappings.isEmpty()) {
            throw new IllegalArgumentException("must specify at least one field to cast");
        }
        Schema.Type whole = null;
        Map<String, Schema.Type> fields = new HashMap<>();
        for (String mapping : mappings) {
            String[] parts = mapping.split(":");
            if (parts.length == 1) {
                whole = CastValues.outputType(parts[0].trim());
            } else if (parts.length == 2) {
                fields.put(parts[0].trim(), CastValues.outputType(parts[1].trim()));
            } else {
                throw new IllegalArgumentException(
                        "must be a type or field:type pairs, but '" + mapping + "' is neither");
            }
        }
        if (whole != null && mappings.size() > 1) {
            throw new IllegalArgumentException("must be a single type when it casts the entire value (Cast"
                    + " transformations that specify a type to cast the entire value to may only specify a single"
                    + " cast in their spec)");
        }
        // A HashMap filled in spec order iterates like Connect's, so the first failing field is the same one.
        return new Spec(whole, Collections.unmodifiableMap(fields));
    }

    private static Validator<List<String>> castSpec() {
        return new Validator<>() {
            @Override
            public Optional<String> violation(List<String> value) {
                try {
                    parseSpec(value);
                    return Optional.empty();
                } catch (IllegalArgumentException invalid) {
                    return Optional.of(invalid.getMessage());
                }
            }

            @Override
            public String describe() {
                return "a type, or field:type pairs, where a type is one of " + CastValues.OUTPUT_TYPE_NAMES;
            }
        };
    }

    @Override
    public ConfigSpec configSpec() {
        return CONFIG_SPEC;
    }

    @Override
    public void configure(ParsedConfig config) {
        Spec spec = parseSpec(config.get(SPEC));
        wholeValueType = spec.wholeValueType();
        casts = spec.fieldTypes();
        replaceNullWithDefault = config.get(CommonConfigs.REPLACE_NULL_WITH_DEFAULT);
        schemas.clear();
    }

    @Override
    public R apply(R record) {
        Object value = operand.value(record);
        if (value == null) {
            return record;
        }
        Schema schema = operand.schema(record);
        return schema == null ? applySchemaless(record, value) : applyWithSchema(record, schema, value);
    }

    private R applySchemaless(R record, Object operandValue) {
        if (wholeValueType != null) {
            return operand.with(record, null, CastValues.cast(null, operandValue, wholeValueType));
        }
        Map<String, Object> value = Requirements.requireMap(operandValue, PURPOSE);
        Map<String, Object> updated = new HashMap<>(value);
        for (Map.Entry<String, Schema.Type> cast : casts.entrySet()) {
            updated.put(cast.getKey(), CastValues.cast(null, value.get(cast.getKey()), cast.getValue()));
        }
        return operand.with(record, null, updated);
    }

    private R applyWithSchema(R record, Schema schema, Object operandValue) {
        Schema updatedSchema = schemas.computeIfAbsent(schema, this::updatedSchema);
        if (wholeValueType != null) {
            return operand.with(record, updatedSchema, CastValues.cast(schema, operandValue, wholeValueType));
        }
        Struct value = Requirements.requireStruct(operandValue, PURPOSE);
        Struct updated = new Struct(updatedSchema);
        for (Field field : value.schema().fields()) {
            Object fieldValue = FieldValues.read(value, field, replaceNullWithDefault);
            Schema.Type target = casts.get(field.name());
            Object newValue = target == null ? fieldValue : CastValues.cast(field.schema(), fieldValue, target);
            Field updatedField = updatedSchema.field(field.name());
            if (updatedField == null) {
                // The value's struct schema differs from the record's schema; Connect fails here too.
                throw new DataException("Unknown field: " + field.name());
            }
            updated.put(updatedField, newValue);
        }
        return operand.with(record, updatedSchema, updated);
    }

    private Schema updatedSchema(Schema schema) {
        SchemaBuilder builder;
        if (wholeValueType != null) {
            builder = SchemaUtil.copySchemaBasics(schema, CastValues.builderFor(wholeValueType));
        } else {
            if (schema.type() != Schema.Type.STRUCT) {
                // Connect fails on the same schemas, when it asks a non-struct schema for its fields.
                throw new DataException("Cannot list fields on non-struct type");
            }
            builder = SchemaUtil.copySchemaBasics(schema, SchemaBuilder.struct());
            for (Field field : schema.fields()) {
                Schema.Type target = casts.get(field.name());
                builder.field(field.name(), target == null ? field.schema() : castSchema(field.schema(), target));
            }
        }
        if (schema.isOptional()) {
            builder.optional();
        }
        if (schema.defaultValue() != null) {
            builder.defaultValue(CastValues.cast(schema, schema.defaultValue(), builder.type()));
        }
        return builder.build();
    }

    private static Schema castSchema(Schema fieldSchema, Schema.Type target) {
        SchemaBuilder builder = CastValues.builderFor(target);
        if (fieldSchema.isOptional()) {
            builder.optional();
        }
        if (fieldSchema.defaultValue() != null) {
            builder.defaultValue(CastValues.cast(fieldSchema, fieldSchema.defaultValue(), target));
        }
        return builder.build();
    }

    @Override
    public void close() {
        schemas.clear();
    }

    /**
     * Casts the record key or its fields.
     *
     * @param <R> the record type
     */
    public static final class Key<R extends ConnectRecord<R>> extends Cast<R> {
        /** Creates the transform; configure it before use. */
        public Key() {
            super(Operand.KEY);
        }
    }

    /**
     * Casts the record value or its fields.
     *
     * @param <R> the record type
     */
    public static final class Value<R extends ConnectRecord<R>> extends Cast<R> {
        /** Creates the transform; configure it before use. */
        public Value() {
            super(Operand.VALUE);
        }
    }
}
