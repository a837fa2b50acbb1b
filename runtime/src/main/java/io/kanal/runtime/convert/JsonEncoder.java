package io.kanal.runtime.convert;

import io.kanal.api.data.ConnectSchema;
import io.kanal.api.data.Date;
import io.kanal.api.data.Decimal;
import io.kanal.api.data.Field;
import io.kanal.api.data.Schema;
import io.kanal.api.data.Struct;
import io.kanal.api.data.Time;
import io.kanal.api.data.Timestamp;
import io.kanal.api.errors.DataException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;

/**
 * Writes Connect data, and the JSON form of Connect schemas, the way Kafka Connect's {@code JsonConverter} does:
 * same structure, same member order, same rules for nulls and defaults, byte for byte. Holds two settings and a
 * bounded, copy-on-write cache of per-struct-schema plans (pre-encoded member names); thread-safe.
 */
final class JsonEncoder {

    private final boolean numericDecimals;
    private final boolean replaceNullWithDefault;

    JsonEncoder(boolean numericDecimals, boolean replaceNullWithDefault) {
        this.numericDecimals = numericDecimals;
        this.replaceNullWithDefault = replaceNullWithDefault;
    }

    /**
     * Writes a value. A null with a schema becomes the schema's default (when configured), JSON {@code null} when
     * the schema is optional, and an error otherwise; a null without a schema is JSON {@code null}.
     */
    void writeValue(JsonWriter out, Schema schema, Object value) {
        if (value == null) {
            writeNull(out, schema);
            return;
        }
        if (schema != null) {
            String name = schema.name();
            if (name != null && writeLogical(out, schema, name, value)) {
                return;
            }
        }
        Schema.Type type = schema == null ? ConnectSchema.schemaType(value.getClass()) : schema.type();
        if (type == null) {
            throw new JsonPathException(
                    schema == null
                            ? "Java class " + value.getClass().getName() + " does not have corresponding schema type."
                            : "Schema has no type: " + schema);
        }
        switch (type) {
            case INT8 -> out.writeInt(expect(Byte.class, type, value));
            case INT16 -> out.writeInt(expect(Short.class, type, value));
            case INT32 -> out.writeInt(expect(Integer.class, type, value));
            case INT64 -> out.writeLong(expect(Long.class, type, value));
            case FLOAT32 -> out.writeFloat(expect(Float.class, type, value));
            case FLOAT64 -> out.writeDouble(expect(Double.class, type, value));
            case BOOLEAN -> out.writeBoolean(expect(Boolean.class, type, value));
            case STRING ->
                out.writeString(expect(CharSequence.class, type, value).toString());
            case BYTES -> writeBytes(out, value);
            case ARRAY -> writeArray(out, schema, expect(Collection.class, type, value));
            case MAP -> writeMap(out, schema, expect(Map.class, type, value));
            case STRUCT -> writeStruct(out, schema, value);
        }
    }

    private void writeNull(JsonWriter out, Schema schema) {
        if (schema == null) {
            out.writeNull();
        } else if (schema.defaultValue() != null && replaceNullWithDefault) {
            writeValue(out, schema, schema.defaultValue());
        } else if (schema.isOptional()) {
            out.writeNull();
        } else {
            throw new JsonPathException(
                    "Conversion error: null value for field that is required and has no default " + "value");
        }
    }

    private static <T> T expect(Class<T> javaType, Schema.Type type, Object value) {
        if (!javaType.isInstance(value)) {
            throw new JsonPathException("Invalid type for " + type + ": " + value.getClass());
        }
        return javaType.cast(value);
    }

    /** Writes a logical value; false when the name is not one of Connect's logical types. */
    private boolean writeLogical(JsonWriter out, Schema schema, String name, Object value) {
        switch (name) {
            case Decimal.LOGICAL_NAME -> {
                if (!(value instanceof BigDecimal decimal)) {
                    throw new JsonPathException(
                            "Invalid type for Decimal, expected BigDecimal but was " + value.getClass());
                }
                if (numericDecimals) {
                    // Connect writes the value as it is, even when its scale differs from the schema's.
                    out.writeDecimal(decimal);
                } else {
                    byte[] bytes = Decimal.fromLogical(schema, decimal);
                    out.writeBase64(bytes, 0, bytes.length);
                }
                return true;
            }
            case Date.LOGICAL_NAME -> {
                out.writeInt(Date.fromLogical(schema, expectDate("Date", value)));
                return true;
            }
            case Time.LOGICAL_NAME -> {
                out.writeInt(Time.fromLogical(schema, expectDate("Time", value)));
                return true;
            }
            case Timestamp.LOGICAL_NAME -> {
                out.writeLong(Timestamp.fromLogical(schema, expectDate("Timestamp", value)));
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private static java.util.Date expectDate(String logical, Object value) {
        if (!(value instanceof java.util.Date date)) {
            throw new JsonPathException("Invalid type for " + logical + ", expected Date but was " + value.getClass());
        }
        return date;
    }

    private static void writeBytes(JsonWriter out, Object value) {
        if (value instanceof byte[] bytes) {
            out.writeBase64(bytes, 0, bytes.length);
        } else if (value instanceof ByteBuffer buffer) {
            if (!buffer.hasArray()) {
                throw new JsonPathException("Invalid type for BYTES: a ByteBuffer without an accessible array");
            }
            // Connect writes the buffer's whole backing array, whatever its position and limit.
            byte[] array = buffer.array();
            out.writeBase64(array, 0, array.length);
        } else {
            throw new JsonPathException("Invalid type for bytes type: " + value.getClass());
        }
    }

    private void writeArray(JsonWriter out, Schema schema, Collection<?> values) {
        Schema elementSchema = schema == null ? null : schema.valueSchema();
        out.raw((byte) '[');
        int index = 0;
        for (Object element : values) {
            if (index > 0) {
                out.raw((byte) ',');
            }
            try {
                writeValue(out, elementSchema, element);
            } catch (DataException e) {
                throw JsonPathException.at(e, "[" + index + "]");
            }
            index++;
        }
        out.raw((byte) ']');
    }

    private void writeMap(JsonWriter out, Schema schema, Map<?, ?> map) {
        Schema keySchema = schema == null ? null : schema.keySchema();
        Schema valueSchema = schema == null ? null : schema.valueSchema();
        boolean objectMode;
        if (schema == null) {
            objectMode = true;
            for (Object key : map.keySet()) {
                if (!(key instanceof String)) {
                    objectMode = false;
                    break;
                }
            }
        } else {
            objectMode = keySchema != null && keySchema.type() == Schema.Type.STRING;
        }
        if (objectMode && schema != null && !allStringKeys(map)) {
            writeObjectWithMergedKeys(out, keySchema, valueSchema, map);
            return;
        }
        out.raw(objectMode ? (byte) '{' : (byte) '[');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!first) {
                out.raw((byte) ',');
            }
            first = false;
            Object key = entry.getKey();
            try {
                if (objectMode) {
                    out.writeString(objectKey(keySchema, key));
                    out.raw((byte) ':');
                    writeValue(out, valueSchema, entry.getValue());
                } else {
                    out.raw((byte) '[');
                    writeValue(out, keySchema, key);
                    out.raw((byte) ',');
                    writeValue(out, valueSchema, entry.getValue());
                    out.raw((byte) ']');
                }
            } catch (DataException e) {
                throw JsonPathException.at(e, "[" + key + "]");
            }
        }
        out.raw(objectMode ? (byte) '}' : (byte) ']');
    }

    private static boolean allStringKeys(Map<?, ?> map) {
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A string-keyed map whose keys are not all strings (a null key becomes the key schema's default or {@code
     * "null"}; another CharSequence its text): two keys may then have the same text. Connect builds a JSON object, in
     * which a later member with the same name replaces the earlier one's value in the earlier one's place; so does
     * this.
     */
    private void writeObjectWithMergedKeys(JsonWriter out, Schema keySchema, Schema valueSchema, Map<?, ?> map) {
        Map<String, Object> merged = new java.util.LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            try {
                merged.put(objectKey(keySchema, entry.getKey()), entry.getValue());
            } catch (DataException e) {
                throw JsonPathException.at(e, "[" + entry.getKey() + "]");
            }
        }
        out.raw((byte) '{');
        boolean first = true;
        for (Map.Entry<String, Object> entry : merged.entrySet()) {
            if (!first) {
                out.raw((byte) ',');
            }
            first = false;
            out.writeString(entry.getKey());
            out.raw((byte) ':');
            try {
                writeValue(out, valueSchema, entry.getValue());
            } catch (DataException e) {
                throw JsonPathException.at(e, "[" + entry.getKey() + "]");
            }
        }
        out.raw((byte) '}');
    }

    /** A key of a map written as a JSON object: Connect uses the text of the key's JSON form. */
    private String objectKey(Schema keySchema, Object key) {
        if (key == null) {
            if (keySchema != null && keySchema.defaultValue() != null && replaceNullWithDefault) {
                return objectKey(keySchema, keySchema.defaultValue());
            }
            if (keySchema == null || keySchema.isOptional()) {
                return "null";
            }
            throw new JsonPathException(
                    "Conversion error: null value for field that is required and has no default " + "value");
        }
        return expect(CharSequence.class, Schema.Type.STRING, key).toString();
    }

    private void writeStruct(JsonWriter out, Schema schema, Object value) {
        if (!(value instanceof Struct struct)) {
            throw new JsonPathException("Invalid type for STRUCT: " + value.getClass());
        }
        if (schema == null || (struct.schema() != schema && !struct.schema().equals(schema))) {
            throw new JsonPathException("Mismatching schema.");
        }
        StructPlan plan = plans.plan(schema);
        Field[] fields = plan.fields;
        byte[][] names = plan.names;
        out.raw((byte) '{');
        for (int i = 0; i < fields.length; i++) {
            Field field = fields[i];
            out.raw(names[i]);
            // With replace.null.with.default, Struct.get's default is what the null rule would write anyway, and it
            // finds the value by index instead of by name.
            Object fieldValue = replaceNullWithDefault ? struct.get(field) : struct.getWithoutDefault(field.name());
            try {
                writeValue(out, field.schema(), fieldValue);
            } catch (DataException e) {
                throw JsonPathException.at(e, "." + field.name());
            }
        }
        out.raw((byte) '}');
    }

    /**
     * A struct schema's fields with their names already written as JSON ({@code ,"name":}), so that writing a struct
     * copies bytes instead of escaping names.
     */
    private record StructPlan(Field[] fields, byte[][] names) {}

    /** The plans of the struct schemas seen so far. */
    private final StructPlans<StructPlan> plans = new StructPlans<>(JsonEncoder::newPlan);

    private static StructPlan newPlan(Schema schema) {
        Field[] fields = schema.fields().toArray(new Field[0]);
        byte[][] names = new byte[fields.length][];
        for (int i = 0; i < fields.length; i++) {
            JsonWriter name = new JsonWriter(fields[i].name().length() + 4);
            if (i > 0) {
                name.raw((byte) ',');
            }
            name.writeString(fields[i].name());
            name.raw((byte) ':');
            names[i] = name.toByteArray();
        }
        return new StructPlan(fields, names);
    }

    /** Writes a schema as the {@code schema} member of Connect's envelope. */
    void writeSchema(JsonWriter out, Schema schema) {
        if (schema == null) {
            out.writeNull();
        } else {
            writeSchema(out, schema, null);
        }
    }

    private void writeSchema(JsonWriter out, Schema schema, String fieldName) {
        if (schema.type() == null) {
            throw new JsonPathException("Schema has no type: " + schema);
        }
        out.raw((byte) '{');
        member(out, "type");
        out.writeString(typeName(schema.type()));
        switch (schema.type()) {
            case ARRAY -> {
                out.raw((byte) ',');
                member(out, "items");
                writeSchema(out, schema.valueSchema());
            }
            case MAP -> {
                out.raw((byte) ',');
                member(out, "keys");
                writeSchema(out, schema.keySchema());
                out.raw((byte) ',');
                member(out, "values");
                writeSchema(out, schema.valueSchema());
            }
            case STRUCT -> {
                out.raw((byte) ',');
                member(out, "fields");
                out.raw((byte) '[');
                boolean first = true;
                for (Field field : schema.fields()) {
                    if (!first) {
                        out.raw((byte) ',');
                    }
                    first = false;
                    writeSchema(out, field.schema(), field.name());
                }
                out.raw((byte) ']');
            }
            default -> {}
        }
        out.raw((byte) ',');
        member(out, "optional");
        out.writeBoolean(schema.isOptional());
        if (schema.name() != null) {
            out.raw((byte) ',');
            member(out, "name");
            out.writeString(schema.name());
        }
        if (schema.version() != null) {
            out.raw((byte) ',');
            member(out, "version");
            out.writeInt(schema.version());
        }
        if (schema.doc() != null) {
            out.raw((byte) ',');
            member(out, "doc");
            out.writeString(schema.doc());
        }
        Map<String, String> parameters = schema.parameters();
        if (parameters != null) {
            out.raw((byte) ',');
            member(out, "parameters");
            out.raw((byte) '{');
            boolean first = true;
            for (Map.Entry<String, String> parameter : parameters.entrySet()) {
                if (!first) {
                    out.raw((byte) ',');
                }
                first = false;
                out.writeString(parameter.getKey());
                out.raw((byte) ':');
                if (parameter.getValue() == null) {
                    out.writeNull();
                } else {
                    out.writeString(parameter.getValue());
                }
            }
            out.raw((byte) '}');
        }
        if (schema.defaultValue() != null) {
            out.raw((byte) ',');
            member(out, "default");
            try {
                writeValue(out, schema, schema.defaultValue());
            } catch (DataException e) {
                throw JsonPathException.at(e, fieldName == null ? "(default)" : "." + fieldName + "(default)");
            }
        }
        if (fieldName != null) {
            out.raw((byte) ',');
            member(out, "field");
            out.writeString(fieldName);
        }
        out.raw((byte) '}');
    }

    private static void member(JsonWriter out, String name) {
        out.writeString(name);
        out.raw((byte) ':');
    }

    /** Connect's JSON names of the schema types. */
    static String typeName(Schema.Type type) {
        return switch (type) {
            case BOOLEAN -> "boolean";
            case INT8 -> "int8";
            case INT16 -> "int16";
            case INT32 -> "int32";
            case INT64 -> "int64";
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
            case BYTES -> "bytes";
            case STRING -> "string";
            case ARRAY -> "array";
            case MAP -> "map";
            case STRUCT -> "struct";
        };
    }
}
