package io.kanal.runtime.convert;

import io.kanal.api.data.Date;
import io.kanal.api.data.Decimal;
import io.kanal.api.data.Field;
import io.kanal.api.data.Schema;
import io.kanal.api.data.Struct;
import io.kanal.api.data.Time;
import io.kanal.api.data.Timestamp;
import io.kanal.api.errors.DataException;
import io.kanal.runtime.convert.JsonReader.IntSize;
import io.kanal.runtime.convert.JsonReader.Token;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Connect data from a streaming JSON parser, with the results Kafka Connect's {@code JsonConverter} gives for
 * the same JSON: numbers narrowed as Jackson's {@code JsonNode.intValue()} and friends do, floating-point text read
 * exactly, Base64 for bytes, the schema's default or null for a missing or null value. Where Connect would quietly
 * turn a mismatch into {@code 0}, {@code false}, {@code null} or an empty list (a string for an integer, a number for
 * a string), this reader throws a {@link DataException} naming the path of the value instead. Holds one setting
 * a cache of schemaless member names ({@link JsonKeyCache}, lock-free) and a bounded, copy-on-write cache of
 * per-struct-schema plans; thread-safe.
 */
final class JsonDecoder {

    private final boolean replaceNullWithDefault;
    private final JsonKeyCache names = new JsonKeyCache();

    JsonDecoder(boolean replaceNullWithDefault) {
        this.replaceNullWithDefault = replaceNullWithDefault;
    }

    /**
     * Reads the value at the parser's current token; on return the parser is on the value's last token.
     *
     * @param schema the expected schema, or null to infer one (JSON numbers become Long or Double, objects maps)
     */
    Object read(JsonReader p, Schema schema) {
        Token token = p.current();
        if (token == Token.NULL) {
            return nullValue(schema);
        }
        if (schema == null) {
            return readSchemaless(p, token);
        }
        String name = schema.name();
        if (name != null) {
            switch (name) {
                case Decimal.LOGICAL_NAME:
                    return readDecimal(p, schema, token);
                case Date.LOGICAL_NAME:
                    return Date.toLogical(schema, readLogicalInt(p, token, "Date"));
                case Time.LOGICAL_NAME:
                    return Time.toLogical(schema, readLogicalInt(p, token, "Time"));
                case Timestamp.LOGICAL_NAME:
                    if (token != Token.NUMBER_INT) {
                        throw mismatch("Invalid type for Timestamp, underlying representation should be integral", p);
                    }
                    return Timestamp.toLogical(schema, longValue(p));
                default:
                    break;
            }
        }
        Schema.Type type = schema.type();
        if (type == null) {
            throw new JsonPathException("Schema has no type: " + schema);
        }
        return switch (type) {
            case BOOLEAN -> {
                if (token == Token.TRUE) {
                    yield Boolean.TRUE;
                }
                if (token == Token.FALSE) {
                    yield Boolean.FALSE;
                }
                throw mismatch("Expected a JSON boolean for a BOOLEAN value", p);
            }
            case INT8 -> (byte) intValue(p, schema);
            case INT16 -> (short) intValue(p, schema);
            case INT32 -> intValue(p, schema);
            case INT64 -> {
                requireNumber(p, schema);
                yield longValue(p);
            }
            case FLOAT32 -> {
                if (token == Token.STRING) {
                    yield (float) nonFinite(p, schema);
                }
                requireNumber(p, schema);
                yield token == Token.NUMBER_INT && p.intSize() != IntSize.BIG ? (float) p.longValue() : p.floatValue();
            }
            case FLOAT64 -> {
                if (token == Token.STRING) {
                    yield nonFinite(p, schema);
                }
                requireNumber(p, schema);
                yield token == Token.NUMBER_INT && p.intSize() != IntSize.BIG
                        ? (double) p.longValue()
                        : p.doubleValue();
            }
            case STRING -> {
                if (token != Token.STRING) {
                    throw mismatch("Expected a JSON string for a STRING value", p);
                }
                yield p.text();
            }
            case BYTES -> readBase64(p, token, "BYTES");
            case ARRAY -> readArray(p, schema.valueSchema(), token);
            case MAP -> readMap(p, schema, token);
            case STRUCT -> readStruct(p, schema, token);
        };
    }

    /** What a null or missing value becomes: the default (when configured), null when optional, else an error. */
    Object nullValue(Schema schema) {
        if (schema == null) {
            return null;
        }
        if (schema.defaultValue() != null && replaceNullWithDefault) {
            return schema.defaultValue();
        }
        if (schema.isOptional()) {
            return null;
        }
        throw new JsonPathException("Invalid null value for required " + schema.type() + " field");
    }

    private Object readSchemaless(JsonReader p, Token token) {
        return switch (token) {
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NUMBER_INT -> longValue(p);
            case NUMBER_FLOAT -> p.doubleValue();
            case STRING -> p.text();
            case START_ARRAY, START_OBJECT -> p.readPlainContainer(names);
            default -> throw mismatch("Unexpected JSON token " + token, p);
        };
    }

    private static JsonPathException mismatch(String problem, JsonReader p) {
        return new JsonPathException(problem + " but found " + describe(p.current()));
    }

    private static String describe(Token token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER_INT, NUMBER_FLOAT -> "a number";
            case TRUE, FALSE -> "a boolean";
            case NULL -> "null";
            default -> token.toString();
        };
    }

    private static void requireNumber(JsonReader p, Schema schema) {
        Token token = p.current();
        if (token != Token.NUMBER_INT && token != Token.NUMBER_FLOAT) {
            throw mismatch("Expected a JSON number for a " + schema.type() + " value", p);
        }
    }

    /** Jackson's {@code JsonNode.intValue()}: the low 32 bits of an integer, a fraction truncated. */
    private static int intValue(JsonReader p, Schema schema) {
        requireNumber(p, schema);
        if (p.current() == Token.NUMBER_INT) {
            return p.intSize() == IntSize.BIG ? p.bigIntegerValue().intValue() : (int) p.longValue();
        }
        return p.decimalValue().intValue();
    }

    /** Jackson's {@code JsonNode.longValue()}. */
    private static long longValue(JsonReader p) {
        if (p.current() == Token.NUMBER_INT) {
            return p.intSize() == IntSize.BIG ? p.bigIntegerValue().longValue() : p.longValue();
        }
        return p.decimalValue().longValue();
    }

    /**
     * Connect writes NaN and the infinities as JSON strings but reads them back as 0.0; Kanal reads back what was
     * written.
     */
    private static double nonFinite(JsonReader p, Schema schema) {
        return switch (p.text()) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> throw mismatch("Expected a JSON number for a " + schema.type() + " value", p);
        };
    }

    private static int readLogicalInt(JsonReader p, Token token, String logical) {
        if (token != Token.NUMBER_INT || p.intSize() != IntSize.INT) {
            throw mismatch("Invalid type for " + logical + ", underlying representation should be a 32-bit integer", p);
        }
        return (int) p.longValue();
    }

    private static BigDecimal readDecimal(JsonReader p, Schema schema, Token token) {
        if (token == Token.NUMBER_INT || token == Token.NUMBER_FLOAT) {
            return p.decimalValue();
        }
        if (token == Token.STRING) {
            return Decimal.toLogical(schema, readBase64(p, token, "Decimal"));
        }
        throw mismatch("Invalid type for Decimal, underlying representation should be numeric or bytes", p);
    }

    private static byte[] readBase64(JsonReader p, Token token, String what) {
        if (token != Token.STRING) {
            throw mismatch("Expected a Base64 JSON string for a " + what + " value", p);
        }
        return p.base64Value();
    }

    private List<Object> readArray(JsonReader p, Schema elementSchema, Token token) {
        if (token != Token.START_ARRAY) {
            throw mismatch("Expected a JSON array for an ARRAY value", p);
        }
        List<Object> result = new ArrayList<>();
        while (p.next() != Token.END_ARRAY) {
            try {
                result.add(read(p, elementSchema));
            } catch (DataException e) {
                throw JsonPathException.at(e, "[" + result.size() + "]");
            }
        }
        return result;
    }

    private Map<Object, Object> readMap(JsonReader p, Schema schema, Token token) {
        Schema keySchema = schema.keySchema();
        Schema valueSchema = schema.valueSchema();
        if (keySchema == null || keySchema.type() == Schema.Type.STRING) {
            if (token != Token.START_OBJECT) {
                throw mismatch("Maps with string fields should be encoded as JSON objects", p);
            }
            return readObjectMap(p, valueSchema);
        }
        if (token != Token.START_ARRAY) {
            throw mismatch("Maps with non-string fields should be encoded as JSON array of tuples", p);
        }
        Map<Object, Object> result = new LinkedHashMap<>();
        int index = 0;
        while (p.next() != Token.END_ARRAY) {
            try {
                if (p.current() != Token.START_ARRAY) {
                    throw mismatch("Found invalid map entry instead of array tuple", p);
                }
                if (p.next() == Token.END_ARRAY) {
                    throw new JsonPathException("Found invalid map entry, expected length 2 but found :0");
                }
                Object key = read(p, keySchema);
                if (p.next() == Token.END_ARRAY) {
                    throw new JsonPathException("Found invalid map entry, expected length 2 but found :1");
                }
                Object value = read(p, valueSchema);
                int size = 2;
                while (p.next() != Token.END_ARRAY) {
                    p.skipValue();
                    size++;
                }
                if (size != 2) {
                    throw new JsonPathException("Found invalid map entry, expected length 2 but found :" + size);
                }
                result.put(key, value);
            } catch (DataException e) {
                throw JsonPathException.at(e, "[" + index + "]");
            }
            index++;
        }
        return result;
    }

    private Map<Object, Object> readObjectMap(JsonReader p, Schema valueSchema) {
        Map<Object, Object> result = new LinkedHashMap<>();
        while (p.nextMember()) {
            String key = p.text();
            p.next();
            try {
                result.put(key, read(p, valueSchema));
            } catch (DataException e) {
                throw JsonPathException.at(e, "[" + key + "]");
            }
        }
        return result;
    }

    private Struct readStruct(JsonReader p, Schema schema, Token token) {
        if (token != Token.START_OBJECT) {
            throw mismatch("Structs should be encoded as JSON objects", p);
        }
        StructPlan plan = plans.plan(schema);
        Field[] fields = plan.fields;
        byte[][] names = plan.names;
        Object[] values = new Object[fields.length];
        boolean[] present = new boolean[fields.length];
        int expected = 0;
        while (p.nextMember()) {
            // Members usually come in schema order: try the next expected field's name bytes before a lookup.
            Field field;
            if (expected < fields.length && p.textEquals(names[expected])) {
                field = fields[expected];
            } else {
                field = schema.field(p.text());
            }
            p.next();
            if (field == null) {
                p.skipValue();
                continue;
            }
            int index = field.index();
            expected = index + 1;
            try {
                values[index] = read(p, field.schema());
            } catch (DataException e) {
                throw JsonPathException.at(e, "." + field.name());
            }
            present[index] = true;
        }
        Struct struct = new Struct(schema.schema());
        for (int i = 0; i < fields.length; i++) {
            Field field = fields[i];
            int index = field.index();
            try {
                struct.put(field, present[index] ? values[index] : nullValue(field.schema()));
            } catch (DataException e) {
                throw JsonPathException.at(e, "." + field.name());
            }
        }
        return struct;
    }

    /** A struct schema's fields with their names as UTF-8 bytes, to match member names without building strings. */
    private record StructPlan(Field[] fields, byte[][] names) {}

    /** The plans of the struct schemas seen so far. */
    private final StructPlans<StructPlan> plans = new StructPlans<>(JsonDecoder::newPlan);

    private static StructPlan newPlan(Schema schema) {
        Field[] fields = schema.fields().toArray(new Field[0]);
        byte[][] names = new byte[fields.length][];
        for (int i = 0; i < fields.length; i++) {
            names[i] = fields[i].name().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return new StructPlan(fields, names);
    }
}
