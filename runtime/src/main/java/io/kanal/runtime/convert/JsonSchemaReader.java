package io.kanal.runtime.convert;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.errors.DataException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON form of a Connect schema (the {@code schema} member of the envelope, or {@code schema.content}) into
 * a {@link Schema}, accepting and rejecting what Kafka Connect's {@code JsonConverter} accepts and rejects: members it
 * does not know are ignored, {@code optional}, {@code name}, {@code version} and {@code doc} of the wrong JSON type
 * are ignored, parameters must be strings, and the last of duplicate members wins.
 *
 * <p>The schema is read in two steps because JSON members come in any order but a default can only be read once the
 * rest of its schema is known: first into a {@link Node}, which keeps the byte range of each {@code default}, then
 * into a schema, reading each default from its range. Thread-safe; one instance per converter.
 */
final class JsonSchemaReader {

    private final JsonDecoder decoder;

    JsonSchemaReader(JsonDecoder decoder) {
        this.decoder = decoder;
    }

    /**
     * Reads a schema from {@code source[offset, offset + length)}, which holds exactly one JSON value.
     *
     * @return the schema; null for JSON {@code null}
     */
    Schema read(byte[] source, int offset, int length) throws IOException {
        try (JsonParser p = JsonDecoder.FACTORY.createParser(source, offset, length)) {
            JsonToken token = p.nextToken();
            if (token == JsonToken.VALUE_NULL) {
                return null;
            }
            Node node = parse(p, offset);
            return build(node, source);
        }
    }

    /** One schema object as read, before it is checked; a JSON value that is not an object has every member absent. */
    private static final class Node {
        Object type; // String, or NOT_TEXT when present with another JSON type
        Node items;
        boolean itemsPresent;
        Node keys;
        boolean keysPresent;
        Node values;
        boolean valuesPresent;
        List<Node> fields;
        boolean fieldsPresent;
        Object fieldName; // String, or NOT_TEXT
        boolean optional;
        String name;
        Integer version;
        String doc;
        Map<String, String> parameters;
        String badParameter;
        int defaultStart = -1;
        int defaultEnd;
        boolean jsonNull;
    }

    private static final Object NOT_TEXT = new Object();

    private Node parse(JsonParser p, int base) throws IOException {
        Node node = new Node();
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            node.jsonNull = true;
            return node;
        }
        if (token != JsonToken.START_OBJECT) {
            p.skipChildren();
            return node;
        }
        String member;
        while ((member = p.nextFieldName()) != null) {
            JsonToken value = p.nextToken();
            switch (member) {
                case "type" -> node.type = value == JsonToken.VALUE_STRING ? p.getText() : skip(p);
                case "field" -> node.fieldName = value == JsonToken.VALUE_STRING ? p.getText() : skip(p);
                case "optional" -> node.optional = value == JsonToken.VALUE_TRUE;
                case "name" -> node.name = value == JsonToken.VALUE_STRING ? p.getText() : skipNull(p, node.name);
                case "doc" -> node.doc = value == JsonToken.VALUE_STRING ? p.getText() : skipNull(p, node.doc);
                case "version" -> node.version = readVersion(p, value);
                case "items" -> {
                    node.items = parse(p, base);
                    node.itemsPresent = true;
                }
                case "keys" -> {
                    node.keys = parse(p, base);
                    node.keysPresent = true;
                }
                case "values" -> {
                    node.values = parse(p, base);
                    node.valuesPresent = true;
                }
                case "fields" -> {
                    node.fieldsPresent = true;
                    node.fields = null;
                    if (value == JsonToken.START_ARRAY) {
                        node.fields = new ArrayList<>();
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            node.fields.add(parse(p, base));
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                case "parameters" -> readParameters(p, value, node);
                case "default" -> {
                    node.defaultStart = base + (int) p.currentTokenLocation().getByteOffset();
                    p.skipChildren();
                    p.finishToken();
                    node.defaultEnd = base + (int) p.currentLocation().getByteOffset();
                }
                default -> p.skipChildren();
            }
        }
        return node;
    }

    private static Object skip(JsonParser p) throws IOException {
        p.skipChildren();
        return NOT_TEXT;
    }

    /** A later member of the wrong type does not replace an earlier textual one? It does in Connect's tree: reset. */
    private static String skipNull(JsonParser p, String ignored) throws IOException {
        p.skipChildren();
        return null;
    }

    private static Integer readVersion(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT) {
            p.skipChildren();
            return null;
        }
        return switch (p.getNumberType()) {
            case INT -> p.getIntValue();
            case LONG -> (int) p.getLongValue();
            default -> p.getBigIntegerValue().intValue();
        };
    }

    private static void readParameters(JsonParser p, JsonToken value, Node node) throws IOException {
        node.parameters = null;
        node.badParameter = null;
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        String key;
        while ((key = p.nextFieldName()) != null) {
            if (p.nextToken() == JsonToken.VALUE_STRING) {
                parameters.put(key, p.getText());
            } else {
                p.skipChildren();
                // The tree keeps the last duplicate; a later textual value repairs an earlier bad one.
                parameters.put(key, null);
            }
        }
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            if (parameter.getValue() == null) {
                node.badParameter = parameter.getKey();
                break;
            }
        }
        node.parameters = parameters;
    }

    private Schema build(Node node, byte[] source) throws IOException {
        if (node.jsonNull) {
            return null;
        }
        if (!(node.type instanceof String type)) {
            throw new JsonPathException("Schema must contain 'type' field");
        }
        SchemaBuilder builder =
                switch (type) {
                    case "boolean" -> SchemaBuilder.bool();
                    case "int8" -> SchemaBuilder.int8();
                    case "int16" -> SchemaBuilder.int16();
                    case "int32" -> SchemaBuilder.int32();
                    case "int64" -> SchemaBuilder.int64();
                    case "float" -> SchemaBuilder.float32();
                    case "double" -> SchemaBuilder.float64();
                    case "bytes" -> SchemaBuilder.bytes();
                    case "string" -> SchemaBuilder.string();
                    case "array" -> {
                        if (!node.itemsPresent || node.items.jsonNull) {
                            throw new JsonPathException("Array schema did not specify the element type");
                        }
                        yield SchemaBuilder.array(nested(node.items, source, ".items"));
                    }
                    case "map" -> {
                        if (!node.keysPresent || node.keys.jsonNull) {
                            throw new JsonPathException("Map schema did not specify the key type");
                        }
                        if (!node.valuesPresent || node.values.jsonNull) {
                            throw new JsonPathException("Map schema did not specify the value type");
                        }
                        yield SchemaBuilder.map(
                                nested(node.keys, source, ".keys"), nested(node.values, source, ".values"));
                    }
                    case "struct" -> structBuilder(node, source);
                    default -> throw new JsonPathException("Unknown schema type: " + type);
                };
        if (node.optional) {
            builder.optional();
        } else {
            builder.required();
        }
        if (node.name != null) {
            builder.name(node.name);
        }
        if (node.version != null) {
            builder.version(node.version);
        }
        if (node.doc != null) {
            builder.doc(node.doc);
        }
        if (node.badParameter != null) {
            throw new JsonPathException(
                    "Schema parameters must have string values (parameter '" + node.badParameter + "')");
        }
        if (node.parameters != null) {
            builder.parameters(node.parameters);
        }
        if (node.defaultStart >= 0) {
            builder.defaultValue(readDefault(builder, source, node.defaultStart, node.defaultEnd));
        }
        return builder.build();
    }

    private Schema nested(Node node, byte[] source, String segment) throws IOException {
        try {
            return build(node, source);
        } catch (DataException e) {
            throw JsonPathException.at(e, segment);
        }
    }

    private SchemaBuilder structBuilder(Node node, byte[] source) throws IOException {
        if (node.fields == null) {
            throw new JsonPathException("Struct schema's \"fields\" argument is not an array.");
        }
        SchemaBuilder builder = SchemaBuilder.struct();
        for (int i = 0; i < node.fields.size(); i++) {
            Node field = node.fields.get(i);
            if (!(field.fieldName instanceof String fieldName)) {
                throw JsonPathException.at(
                        new JsonPathException("Struct schema's field name not specified properly"),
                        ".fields[" + i + "]");
            }
            builder.field(fieldName, nested(field, source, ".fields[" + i + "]"));
        }
        return builder;
    }

    private Object readDefault(Schema schema, byte[] source, int start, int end) throws IOException {
        try (JsonParser p = JsonDecoder.FACTORY.createParser(source, start, end - start)) {
            p.nextToken();
            return decoder.read(p, schema);
        } catch (DataException e) {
            throw JsonPathException.at(e, ".default");
        }
    }
}
