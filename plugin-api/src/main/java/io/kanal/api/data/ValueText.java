package io.kanal.api.data;

import io.kanal.api.errors.DataException;
import java.nio.ByteBuffer;
import java.text.ParsePosition;
import java.text.SimpleDateFormat;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The text forms of values that Kafka Connect's {@code Values} reads and writes: ISO-8601 dates, times and
 * timestamps, and the rendering of {@link Values#convertToString}.
 *
 * <p>Temporal text goes through {@link SimpleDateFormat} with Connect's patterns, in the JVM's default time zone and
 * leniently, because that is what Connect does: the same text yields the same instant (and the same instant the same
 * text) as in a Connect worker on the same JVM settings, quirks included (for instance {@code 25:00:00.000Z} is
 * accepted and text after a complete pattern is ignored). A new format is made per call because
 * {@code SimpleDateFormat} is not thread-safe. Stateless and thread-safe.
 */
final class ValueText {

    static final String DATE_PATTERN = "yyyy-MM-dd";
    static final String TIME_PATTERN = "HH:mm:ss.SSS'Z'";
    static final String TIMESTAMP_PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";

    /** Lengths of the text the patterns print (quotes around literals do not count). */
    private static final int DATE_LENGTH = 10;

    private static final int TIME_LENGTH = 13;
    private static final int TIMESTAMP_LENGTH = 24;

    private static final long MILLIS_PER_DAY = 24L * 60 * 60 * 1000;

    private ValueText() {}

    /**
     * Reads a date ({@code yyyy-MM-dd}), a time ({@code HH:mm:ss.SSSZ}) or a timestamp
     * ({@code yyyy-MM-ddTHH:mm:ss.SSSZ}), told apart by length; escaped colons ({@code \:}) count as colons.
     *
     * @return the value with its logical schema, or null when the text is none of these
     */
    static SchemaAndValue parseTemporal(String text) {
        String unescaped = text.replace("\\:", ":");
        return switch (unescaped.length()) {
            case TIME_LENGTH -> parseTemporal(unescaped, Time.SCHEMA, TIME_PATTERN);
            case TIMESTAMP_LENGTH -> parseTemporal(unescaped, Timestamp.SCHEMA, TIMESTAMP_PATTERN);
            case DATE_LENGTH -> parseTemporal(unescaped, Date.SCHEMA, DATE_PATTERN);
            default -> null;
        };
    }

    private static SchemaAndValue parseTemporal(String text, Schema schema, String pattern) {
        ParsePosition position = new ParsePosition(0);
        java.util.Date parsed = new SimpleDateFormat(pattern).parse(text, position);
        // Connect accepts any parse that got past the first character, whatever follows.
        return position.getIndex() != 0 ? new SchemaAndValue(schema, parsed) : null;
    }

    /**
     * The format for a date, its kind guessed from the instant alone as Connect does: before the second day of the
     * epoch (negative instants too) a time, at a midnight a date, otherwise a timestamp.
     */
    static SimpleDateFormat formatFor(java.util.Date date) {
        long millis = date.getTime();
        if (millis < MILLIS_PER_DAY) {
            return new SimpleDateFormat(TIME_PATTERN);
        }
        return new SimpleDateFormat(millis % MILLIS_PER_DAY == 0 ? DATE_PATTERN : TIMESTAMP_PATTERN);
    }

    /**
     * Appends a value as {@link Values#convertToString} renders it. Embedded strings (in lists, maps and structs) are
     * quoted with {@code \} and {@code "} escaped; bytes are Base64; dates are never quoted.
     *
     * @throws DataException for a value of a type Connect does not render
     */
    static void append(StringBuilder out, Object value, boolean embedded) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof String text) {
            appendText(out, embedded ? escape(text) : text, embedded);
        } else if (value instanceof byte[] bytes) {
            appendText(out, Base64.getEncoder().encodeToString(bytes), embedded);
        } else if (value instanceof ByteBuffer buffer) {
            appendText(out, Base64.getEncoder().encodeToString(wholeBuffer(buffer)), embedded);
        } else if (value instanceof List<?> list) {
            out.append('[');
            appendAll(out, list.iterator());
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            appendAll(out, map.entrySet().iterator());
            out.append('}');
        } else if (value instanceof Struct struct) {
            appendStruct(out, struct);
        } else if (value instanceof Map.Entry<?, ?> entry) {
            append(out, entry.getKey(), true);
            out.append(':');
            append(out, entry.getValue(), true);
        } else if (value instanceof java.util.Date date) {
            out.append(formatFor(date).format(date));
        } else {
            throw new DataException("Failed to serialize unexpected value type "
                    + value.getClass().getName() + ": " + value);
        }
    }

    private static void appendText(StringBuilder out, String text, boolean quoted) {
        if (quoted) {
            out.append('"').append(text).append('"');
        } else {
            out.append(text);
        }
    }

    private static void appendAll(StringBuilder out, Iterator<?> items) {
        boolean first = true;
        while (items.hasNext()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            append(out, items.next(), true);
        }
    }

    private static void appendStruct(StringBuilder out, Struct struct) {
        out.append('{');
        boolean first = true;
        for (Field field : struct.schema().fields()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            append(out, field.name(), true);
            out.append(':');
            // get() yields the field's default for a null value, as Connect renders it.
            append(out, struct.get(field), true);
        }
        out.append('}');
    }

    /** Backslashes doubled, then double quotes backslash-escaped. */
    static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /**
     * The bytes from index 0 up to the limit, whatever the position: Connect renders a buffer this way (unlike the
     * remaining bytes it converts elsewhere). The buffer is not changed.
     */
    private static byte[] wholeBuffer(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.limit()];
        ByteBuffer view = buffer.duplicate();
        view.position(0);
        view.get(bytes);
        return bytes;
    }
}
