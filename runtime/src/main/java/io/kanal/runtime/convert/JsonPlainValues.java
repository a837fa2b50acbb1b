package io.kanal.runtime.convert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON as plain Java values by recursive descent straight over a {@link JsonReader}'s bytes: the way Connect
 * reads JSON without a schema, and much cheaper than token by token. Stateless; thread-safe.
 */
final class JsonPlainValues {

    private JsonPlainValues() {}

    /**
     * Reads the value at the reader's position.
     *
     * @param r the reader, positioned at (or before whitespace before) the value; left just after it
     * @param level how deeply the value is nested, for the nesting limit
     * @param names the cache of member names
     * @return Long, Double, String, Boolean, null, a List or an insertion-ordered Map
     */
    static Object read(JsonReader r, int level, JsonKeyCache names) {
        r.skipWhitespace();
        if (r.pos >= r.end) {
            throw r.unexpected(r.pos, "a value");
        }
        r.tokenStart = r.pos;
        byte b = r.buf[r.pos];
        switch (b) {
            case '{' -> {
                return object(r, level, names);
            }
            case '[' -> {
                return array(r, level, names);
            }
            case '"' -> {
                r.string();
                return r.text();
            }
            case 't' -> {
                r.literal("true", JsonReader.Token.TRUE);
                return Boolean.TRUE;
            }
            case 'f' -> {
                r.literal("false", JsonReader.Token.FALSE);
                return Boolean.FALSE;
            }
            case 'n' -> {
                r.literal("null", JsonReader.Token.NULL);
                return null;
            }
            default -> {
                if (b != '-' && (b < '0' || b > '9')) {
                    throw r.unexpected(r.pos, "a JSON value (string, number, object, array, true, false or null)");
                }
                if (r.number() == JsonReader.Token.NUMBER_FLOAT) {
                    return r.doubleValue();
                }
                return r.intSize() == JsonReader.IntSize.BIG
                        ? r.bigIntegerValue().longValue()
                        : r.longValue();
            }
        }
    }

    private static Map<String, Object> object(JsonReader r, int level, JsonKeyCache names) {
        if (level + 1 >= JsonReader.MAX_DEPTH) {
            throw JsonReader.malformed("nesting deeper than " + JsonReader.MAX_DEPTH + " levels", r.pos);
        }
        r.pos++;
        Map<String, Object> map = new LinkedHashMap<>();
        r.skipWhitespace();
        if (r.pos < r.end && r.buf[r.pos] == '}') {
            r.pos++;
            return map;
        }
        while (true) {
            r.skipWhitespace();
            if (r.pos >= r.end || r.buf[r.pos] != '"') {
                throw r.unexpected(r.pos, "a member name in double quotes");
            }
            r.tokenStart = r.pos;
            r.string();
            String key = r.memberName(names);
            r.skipWhitespace();
            if (r.pos >= r.end || r.buf[r.pos] != ':') {
                throw r.unexpected(r.pos, "':' after a member name");
            }
            r.pos++;
            map.put(key, read(r, level + 1, names));
            r.skipWhitespace();
            if (r.pos < r.end) {
                if (r.buf[r.pos] == ',') {
                    r.pos++;
                    continue;
                }
                if (r.buf[r.pos] == '}') {
                    r.pos++;
                    return map;
                }
            }
            throw r.unexpected(r.pos, "',' or '}' in an object");
        }
    }

    private static List<Object> array(JsonReader r, int level, JsonKeyCache names) {
        if (level + 1 >= JsonReader.MAX_DEPTH) {
            throw JsonReader.malformed("nesting deeper than " + JsonReader.MAX_DEPTH + " levels", r.pos);
        }
        r.pos++;
        List<Object> list = new ArrayList<>();
        r.skipWhitespace();
        if (r.pos < r.end && r.buf[r.pos] == ']') {
            r.pos++;
            return list;
        }
        while (true) {
            list.add(read(r, level + 1, names));
            r.skipWhitespace();
            if (r.pos < r.end) {
                if (r.buf[r.pos] == ',') {
                    r.pos++;
                    continue;
                }
                if (r.buf[r.pos] == ']') {
                    r.pos++;
                    return list;
                }
            }
            throw r.unexpected(r.pos, "',' or ']' in an array");
        }
    }
}
