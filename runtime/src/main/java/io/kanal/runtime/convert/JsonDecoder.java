package io.kanal.runtime.convert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.kanal.api.data.Date;
import io.kanal.api.data.Decimal;
import io.kanal.api.data.Field;
import io.kanal.api.data.Schema;
import io.kanal.api.data.Struct;
import io.kanal.api.data.Time;
import io.kanal.api.data.Timestamp;
import io.kanal.api.errors.DataException;
import java.io.IOException;
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
 * a string), this reader throws a {@link DataException} naming the path of the value instead. Stateless apart from
 * one setting; thread-safe.
 */
final class JsonDecoder {

    /**
     * Parser settings of Connect's {@code JsonDeserializer}: leading zeros are accepted. Duplicate member names are
     * allowed, the last one winning, as in Jackson's tree model.
     */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
            .build();

    private final boolean replaceNullWithDefault;

    JsonDecoder(boolean replaceNullWithDefault) {
        this.replaceNullWithDefault = replaceNullWithDefault;
    }

    /**
     * Reads the value at the parser's current token; on return the parser is on the value's last token.
     *
     * @param schema the expected schema, or null to infer one (JSON numbers become Long or Double, objects maps)
     */
    Object read(JsonParser p, Schema schema) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
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
                    if (token != JsonToken.VALUE_NUMBER_INT) {
                        throw mismatch("Invalid type for Timestamp, underlying representation should be integral", p);
                    }
                    return Timestamp.toLogical(schema, longValue(p));
                default:
                    break;
            }
        }
        return switch (schema.type()) {
            case BOOLEAN -> {
                if (token == JsonToken.VALUE_TRUE) {
                    yield Boolean.TRUE;
                }
                if (token == JsonToken.VALUE_FALSE) {
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
                if (token == JsonToken.VALUE_STRING) {
                    yield (float) nonFinite(p, schema);
                }
                requireNumber(p, schema);
                yield token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                        ? (float) p.getLongValue()
                        : Float.parseFloat(p.getText());
            }
            case FLOAT64 -> {
                if (token == JsonToken.VALUE_STRING) {
                    yield nonFinite(p, schema);
                }
                requireNumber(p, schema);
                yield token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                        ? (double) p.getLongValue()
                        : Double.parseDouble(p.getText());
            }
            case STRING -> {
                if (token != JsonToken.VALUE_STRING) {
                    throw mismatch("Expected a JSON string for a STRING value", p);
                }
                yield p.getText();
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

    private Object readSchemaless(JsonParser p, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NUMBER_INT -> longValue(p);
            case VALUE_NUMBER_FLOAT -> Double.parseDouble(p.getText());
            case VALUE_STRING -> p.getText();
            case START_ARRAY -> readArray(p, null, token);
            case START_OBJECT -> readObjectMap(p, null);
            default -> throw mismatch("Unexpected JSON token " + token, p);
        };
    }

    private static JsonPathException mismatch(String problem, JsonParser p) {
        return new JsonPathException(problem + " but found " + describe(p.currentToken()));
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    private static void requireNumber(JsonParser p, Schema schema) {
        JsonToken token = p.currentToken();
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            throw mismatch("Expected a JSON number for a " + schema.type() + " value", p);
        }
    }

    /** Jackson's {@code JsonNode.intValue()}: the low 32 bits of an integer, a fraction truncated. */
    private static int intValue(JsonParser p, Schema schema) throws IOException {
        requireNumber(p, schema);
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
            return switch (p.getNumberType()) {
                case INT -> p.getIntValue();
                case LONG -> (int) p.getLongValue();
                default -> p.getBigIntegerValue().intValue();
            };
        }
        return p.getDecimalValue().intValue();
    }

    /** Jackson's {@code JsonNode.longValue()}. */
    private static long longValue(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
            return switch (p.getNumberType()) {
                case INT, LONG -> p.getLongValue();
                default -> p.getBigIntegerValue().longValue();
            };
        }
        return p.getDecimalValue().longValue();
    }

    /**
     * Connect writes NaN and the infinities as JSON strings but reads them back as 0.0; Kanal reads back what was
     * written.
     */
    private static double nonFinite(JsonParser p, Schema schema) throws IOException {
        return switch (p.getText()) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> throw mismatch("Expected a JSON number for a " + schema.type() + " value", p);
        };
    }

    private static int readLogicalInt(JsonParser p, JsonToken token, String logical) throws IOException {
        if (token != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            throw mismatch("Invalid type for " + logical + ", underlying representation should be a 32-bit integer", p);
        }
        return p.getIntValue();
    }

    private static BigDecimal readDecimal(JsonParser p, Schema schema, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDecimalValue();
        }
        if (token == JsonToken.VALUE_STRING) {
            return Decimal.toLogical(schema, readBase64(p, token, "Decimal"));
        }
        throw mismatch("Invalid type for Decimal, underlying representation should be numeric or bytes", p);
    }

    private static byte[] readBase64(JsonParser p, JsonToken token, String what) throws IOException {
        if (token != JsonToken.VALUE_STRING) {
            throw mismatch("Expected a Base64 JSON string for a " + what + " value", p);
        }
        try {
            return p.getBinaryValue();
        } catch (com.fasterxml.jackson.core.JsonParseException e) {
            throw new JsonPathException("Invalid bytes field: " + e.getOriginalMessage(), e);
        }
    }

    private List<Object> readArray(JsonParser p, Schema elementSchema, JsonToken token) throws IOException {
        if (token != JsonToken.START_ARRAY) {
            throw mismatch("Expected a JSON array for an ARRAY value", p);
        }
        List<Object> result = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            try {
                result.add(read(p, elementSchema));
            } catch (DataException e) {
                throw JsonPathException.at(e, "[" + result.size() + "]");
            }
        }
        return result;
    }

    private Map<Object, Object> readMap(JsonParser p, Schema schema, JsonToken token) throws IOException {
        Schema keySchema = schema.keySchema();
        Schema valueSchema = schema.valueSchema();
        if (keySchema == null || keySchema.type() == Schema.Type.STRING) {
            if (token != JsonToken.START_OBJECT) {
                throw mismatch("Maps with string fields should be encoded as JSON objects", p);
            }
            return readObjectMap(p, valueSchema);
        }
        if (token != JsonToken.START_ARRAY) {
            throw mismatch("Maps with non-string fields should be encoded as JSON array of tuples", p);
        }
        Map<Object, Object> result = new LinkedHashMap<>();
        int index = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            try {
                if (p.currentToken() != JsonToken.START_ARRAY) {
                    throw mismatch("Found invalid map entry instead of array tuple", p);
                }
                if (p.nextToken() == JsonToken.END_ARRAY) {
                    throw new JsonPathException("Found invalid map entry, expected length 2 but found :0");
                }
                Object key = read(p, keySchema);
                if (p.nextToken() == JsonToken.END_ARRAY) {
                    throw new JsonPathException("Found invalid map entry, expected length 2 but found :1");
                }
                Object value = read(p, valueSchema);
                int size = 2;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    p.skipChildren();
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

    private Map<Object, Object> readObjectMap(JsonParser p, Schema valueSchema) throws IOException {
        Map<Object, Object> result = new LinkedHashMap<>();
        String key;
        while ((key = p.nextFieldName()) != null) {
            p.nextToken();
            try {
                result.put(key, read(p, valueSchema));
            } catch (DataException e) {
                throw JsonPathException.at(e, "[" + key + "]");
            }
        }
        return result;
    }

    private Struct readStruct(JsonParser p, Schema schema, JsonToken token) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            throw mismatch("Structs should be encoded as JSON objects", p);
        }
        List<Field> fields = schema.fields();
        Object[] values = new Object[fields.size()];
        boolean[] present = new boolean[values.length];
        String name;
        while ((name = p.nextFieldName()) != null) {
            p.nextToken();
            Field field = schema.field(name);
            if (field == null) {
                p.skipChildren();
                continue;
            }
            try {
                values[field.index()] = read(p, field.schema());
            } catch (DataException e) {
                throw JsonPathException.at(e, "." + name);
            }
            present[field.index()] = true;
        }
        Struct struct = new Struct(schema.schema());
        for (Field field : fields) {
            int index = field.index();
            try {
                struct.put(field, present[index] ? values[index] : nullValue(field.schema()));
            } catch (DataException e) {
                throw JsonPathException.at(e, "." + field.name());
            }
        }
        return struct;
    }
}
