package io.kanal.plugins.http;

import io.kanal.api.data.Field;
import io.kanal.api.data.Schema;
import io.kanal.api.data.Struct;
import io.kanal.api.errors.DataException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;

/**
 * Writes values of the Kanal data model as JSON text: {@link Struct} as an object in field order, {@link Map} as an
 * object (keys as strings), {@link Collection} as an array, numbers and booleans as themselves, strings as JSON
 * strings (never parsed, so a string that holds JSON stays a string), bytes as base64 strings (as Connect's
 * JsonConverter does), {@code Decimal} as a JSON number, and {@code Date}, {@code Time} and {@code Timestamp} as ISO-8601
 * strings ({@code 2026-12-05}, {@code 08:30:00.000}, {@code 2026-12-05T08:30:00Z}), read by people and by every JSON
 * library. NaN and infinities, which JSON lacks, become the strings {@code "NaN"}, {@code "Infinity"}, {@code
 * "-Infinity"}. Stateless.
 */
public final class JsonEncoder {

    private static final String DATE = "org.apache.kafka.connect.data.Date";
    private static final String TIME = "org.apache.kafka.connect.data.Time";
    private static final DateTimeFormatter TIME_FORMAT = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private JsonEncoder() {}

    /**
     * Encodes one value.
     *
     * @param schema the value's schema, or null for schemaless data
     * @param value the value, possibly null
     * @return the JSON text, UTF-8
     * @throws DataException for a value the data model does not have (the message names its class, never its content)
     */
    public static byte[] encode(Schema schema, Object value) {
        StringBuilder out = new StringBuilder(64);
        write(out, schema, value);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Encodes a key and a value as {@code {"key":...,"value":...}}.
     *
     * @param keySchema the key's schema, or null
     * @param key the key, possibly null
     * @param valueSchema the value's schema, or null
     * @param value the value, possibly null
     * @return the JSON text, UTF-8
     */
    public static byte[] encodeKeyAndValue(Schema keySchema, Object key, Schema valueSchema, Object value) {
        StringBuilder out = new StringBuilder(80);
        out.append("{\"key\":");
        write(out, keySchema, key);
        out.append(",\"value\":");
        write(out, valueSchema, value);
        out.append('}');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static void write(StringBuilder out, Schema schema, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Boolean
                || value instanceof Byte
                || value instanceof Short
                || value instanceof Integer
                || value instanceof Long) {
            out.append(value);
        } else if (value instanceof Float f) {
            floating(out, f.doubleValue(), f.toString());
        } else if (value instanceof Double d) {
            floating(out, d, d.toString());
        } else if (value instanceof BigDecimal d) {
            out.append(d.toString());
        } else if (value instanceof byte[] bytes) {
            string(out, Base64.getEncoder().encodeToString(bytes));
        } else if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            string(out, Base64.getEncoder().encodeToString(bytes));
        } else if (value instanceof java.util.Date date) {
            temporal(out, schema, date);
        } else if (value instanceof Struct struct) {
            struct(out, struct);
        } else if (value instanceof Map<?, ?> map) {
            map(out, schema, map);
        } else if (value instanceof Collection<?> list) {
            array(out, schema, list);
        } else {
            throw new DataException("cannot encode a " + value.getClass().getName() + " as JSON");
        }
    }

    private static void floating(StringBuilder out, double value, String text) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            string(out, text);
        } else {
            out.append(text);
        }
    }

    private static void temporal(StringBuilder out, Schema schema, java.util.Date date) {
        Instant instant = date.toInstant();
        String name = schema == null ? null : schema.name();
        if (DATE.equals(name)) {
            string(out, instant.atOffset(ZoneOffset.UTC).toLocalDate().toString());
        } else if (TIME.equals(name)) {
            string(out, TIME_FORMAT.format(instant.atOffset(ZoneOffset.UTC).toLocalTime()));
        } else {
            string(out, instant.toString());
        }
    }

    private static void struct(StringBuilder out, Struct struct) {
        out.append('{');
        boolean first = true;
        for (Field field : struct.schema().fields()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, field.name());
            out.append(':');
            write(out, field.schema(), struct.get(field));
        }
        out.append('}');
    }

    private static void map(StringBuilder out, Schema schema, Map<?, ?> map) {
        Schema keySchema = schema == null || schema.type() != Schema.Type.MAP ? null : schema.keySchema();
        Schema valueSchema = schema == null || schema.type() != Schema.Type.MAP ? null : schema.valueSchema();
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, keyText(keySchema, entry.getKey()));
            out.append(':');
            write(out, valueSchema, entry.getValue());
        }
        out.append('}');
    }

    /** JSON object keys are strings: a string key as itself, any other key as its JSON text. */
    private static String keyText(Schema keySchema, Object key) {
        if (key instanceof String s) {
            return s;
        }
        StringBuilder text = new StringBuilder();
        write(text, keySchema, key);
        return text.toString();
    }

    private static void array(StringBuilder out, Schema schema, Collection<?> list) {
        Schema elementSchema = schema == null || schema.type() != Schema.Type.ARRAY ? null : schema.valueSchema();
        out.append('[');
        boolean first = true;
        for (Object element : list) {
            if (!first) {
                out.append(',');
            }
            first = false;
            write(out, elementSchema, element);
        }
        out.append(']');
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
