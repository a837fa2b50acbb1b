package io.kanal.runtime.convert;

import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.errors.DataException;
import io.kanal.runtime.convert.JsonReader.IntSize;
import io.kanal.runtime.convert.JsonReader.Token;
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
    Schema read(byte[] source, int offset, int length) {
        JsonReader p = new JsonReader(source, offset, offset + length);
        Token token = p.next();
        if (token == null) {
            throw new JsonPathException("Schema must contain 'type' field");
        }
        if (token == Token.NULL) {
            return null;
        }
        Node node = parse(p);
        return build(node, source);
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

    private Node parse(JsonReader p) {
        Node node = new Node();
        Token token = p.current();
        if (token == Token.NULL) {
            node.jsonNull = true;
            return node;
        }
        if (token != Token.START_OBJECT) {
            p.skipValue();
            return node;
        }
        while (p.nextMember()) {
            String member = p.text();
            Token value = p.next();
            switch (member) {
                case "type" -> node.type = value == Token.STRING ? p.text() : skip(p);
                case "field" -> node.fieldName = value == Token.STRING ? p.text() : skip(p);
                case "optional" -> {
                    node.optional = value == Token.TRUE;
                    p.skipValue();
                }
                case "name" -> node.name = value == Token.STRING ? p.text() : skipToNull(p);
                case "doc" -> node.doc = value == Token.STRING ? p.text() : skipToNull(p);
                case "version" -> node.version = readVersion(p, value);
                case "items" -> {
                    node.items = parse(p);
                    node.itemsPresent = true;
                }
                case "keys" -> {
                    node.keys = parse(p);
                    node.keysPresent = true;
                }
                case "values" -> {
                    node.values = parse(p);
                    node.valuesPresent = true;
                }
                case "fields" -> {
                    node.fieldsPresent = true;
                    node.fields = null;
                    if (value == Token.START_ARRAY) {
                        node.fields = new ArrayList<>();
                        while (p.next() != Token.END_ARRAY) {
                            node.fields.add(parse(p));
                        }
                    } else {
                        p.skipValue();
                    }
                }
                case "parameters" -> readParameters(p, value, node);
                case "default" -> {
                    node.defaultStart = p.tokenStart();
                    p.skipValue();
                    node.defaultEnd = p.position();
                }
                default -> p.skipValue();
            }
        }
        return node;
    }

    private static Object skip(JsonReader p) {
        p.skipValue();
        return NOT_TEXT;
    }

    /** A member of the wrong JSON type replaces an earlier one in Connect's tree (the last wins), and is ignored. */
    private static String skipToNull(JsonReader p) {
        p.skipValue();
        return null;
    }

    private static Integer readVersion(JsonReader p, Token value) {
        if (value != Token.NUMBER_INT) {
            p.skipValue();
            return null;
        }
        return p.intSize() == IntSize.BIG ? p.bigIntegerValue().intValue() : (int) p.longValue();
    }

    private static void readParameters(JsonReader p, Token value, Node node) {
        node.parameters = null;
        node.badParameter = null;
        if (value != Token.START_OBJECT) {
            p.skipValue();
            return;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        while (p.nextMember()) {
            String key = p.text();
            if (p.next() == Token.STRING) {
                parameters.put(key, p.text());
            } else {
                p.skipValue();
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

    private Schema build(Node node, byte[] source) {
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

    private Schema nested(Node node, byte[] source, String segment) {
        try {
            return build(node, source);
        } catch (DataException e) {
            throw JsonPathException.at(e, segment);
        }
    }

    private SchemaBuilder structBuilder(Node node, byte[] source) {
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

    private Object readDefault(Schema schema, byte[] source, int start, int end) {
        try {
            JsonReader p = new JsonReader(source, start, end);
            p.next();
            return decoder.read(p, schema);
        } catch (DataException e) {
            throw JsonPathException.at(e, ".default");
        }
    }
}
