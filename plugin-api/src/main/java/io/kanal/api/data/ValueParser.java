package io.kanal.api.data;

import io.kanal.api.data.Schema.Type;
import io.kanal.api.errors.DataException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads the typed value that a string holds, the way Kafka Connect's {@code Values.parseString} does: literals,
 * numbers narrowed to the smallest type that holds them, ISO-8601 temporals, {@code [...]} arrays and {@code {...}}
 * maps with a common element schema when there is one, and the string itself when nothing else fits.
 *
 * <p>Connect's result depends on the exact way it splits the input, including its odd corners (blank pieces dropped
 * before a delimiter, commas optional between map entries, input after a top-level array ignored), so this parser
 * splits the input into the same pieces: runs of text between the delimiters {@code " , : [ ] { }}, each delimiter a
 * piece of its own unless a backslash escapes it. A cursor then walks the pieces; a mark is a piece index.
 *
 * <p>One instance parses one string and is confined to the thread that calls {@link Values#parseString}; not
 * thread-safe.
 */
final class ValueParser {

    private static final SchemaAndValue TRUE = new SchemaAndValue(Schema.BOOLEAN_SCHEMA, Boolean.TRUE);
    private static final SchemaAndValue FALSE = new SchemaAndValue(Schema.BOOLEAN_SCHEMA, Boolean.FALSE);
    private static final BigDecimal TEN_POW_19 = new BigDecimal("1e19");
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    /**
     * Containers nested deeper than this make the text malformed (so it is read as a string). Connect has no limit
     * and fails with a StackOverflowError a few thousand levels deep, depending on the thread's stack; below the
     * limit, results are Connect's.
     */
    static final int MAX_DEPTH = 1000;

    private final String original;
    private final String[] pieces;

    private int cursor;
    private int depth;
    /** The piece last returned by {@link #next()}; a rewind forgets it (only error messages read it). */
    private String previous;

    private ValueParser(String original) {
        this.original = original;
        List<String> found = new ArrayList<>();
        int start = 0;
        while (start < original.length()) {
            int end = pieceEnd(original, start);
            found.add(original.substring(start, end));
            start = end;
        }
        this.pieces = found.toArray(new String[0]);
    }

    /**
     * Parses a non-empty string.
     *
     * @return the typed value, or null when the string is the literal {@code null} (as Connect returns)
     */
    static SchemaAndValue parse(String value) {
        return new ValueParser(value).parseValue(false);
    }

    // ---- splitting --------------------------------------------------------------------------------------------

    private static boolean isDelimiter(char c) {
        return c == '"' || c == ',' || c == ':' || c == '[' || c == ']' || c == '{' || c == '}';
    }

    /** Where the piece starting at {@code start} ends: after a lone delimiter, or before the next unescaped one. */
    private static int pieceEnd(String s, int start) {
        boolean escaped = false;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                escaped = !escaped;
            } else if (isDelimiter(c) && !escaped) {
                return i == start ? i + 1 : i;
            } else {
                escaped = false;
            }
        }
        return s.length();
    }

    /** Blank as Connect means it: nothing left after {@link String#trim()}. */
    private static boolean isBlank(String s) {
        return s.trim().isEmpty();
    }

    // ---- cursor -----------------------------------------------------------------------------------------------

    private boolean hasNext() {
        return cursor < pieces.length;
    }

    private String next() {
        previous = pieces[cursor++];
        return previous;
    }

    /** The character offset of the cursor, for error messages. */
    private int offset() {
        int offset = 0;
        for (int i = 0; i < cursor; i++) {
            offset += pieces[i].length();
        }
        return offset;
    }

    private int mark() {
        return cursor;
    }

    private void rewind(int mark) {
        cursor = mark;
        previous = null;
    }

    /**
     * Consumes the next piece when, trimmed, it equals {@code expected}. Blank pieces before it are skipped for good
     * even when it does not match (unless a blank piece is the last one), which is what makes Connect drop them.
     */
    private boolean consume(String expected) {
        if (!hasNext()) {
            return false;
        }
        while (isBlank(pieces[cursor]) && cursor + 1 < pieces.length) {
            cursor++;
        }
        if (pieces[cursor].trim().equals(expected)) {
            cursor++;
            return true;
        }
        return false;
    }

    /** The next {@code count} pieces joined, or null (cursor unchanged) when fewer remain. */
    private String nextPieces(int count) {
        int start = mark();
        if (pieces.length - cursor < count) {
            rewind(start);
            return null;
        }
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < count; i++) {
            joined.append(next());
        }
        return joined.toString();
    }

    // ---- grammar ----------------------------------------------------------------------------------------------

    /**
     * Parses the next value. Embedded values (array elements, map keys and values) may be quoted strings but not bare
     * text; at the top level bare text yields the whole input as a string.
     */
    private SchemaAndValue parseValue(boolean embedded) {
        if (!hasNext()) {
            return null;
        }
        if (embedded && consume("\"")) {
            return parseQuoted();
        }
        if (literal(embedded, "null")) {
            return null;
        }
        if (literal(embedded, "true")) {
            return TRUE;
        }
        if (literal(embedded, "false")) {
            return FALSE;
        }
        int start = mark();
        try {
            if (consume("[")) {
                return nested(this::parseArray);
            }
            if (consume("{")) {
                return nested(this::parseMap);
            }
        } catch (DataException notAContainer) {
            // Connect falls back to reading the text as a scalar (and at the top level, as a string).
            rewind(start);
        }
        String piece = next();
        if (isBlank(piece)) {
            return new SchemaAndValue(Schema.STRING_SCHEMA, piece);
        }
        return parseScalar(embedded, piece.trim());
    }

    private SchemaAndValue nested(Supplier<SchemaAndValue> container) {
        if (depth == MAX_DEPTH) {
            throw new DataException("Containers are nested more than " + MAX_DEPTH + " deep: " + original);
        }
        depth++;
        try {
            return container.get();
        } finally {
            depth--;
        }
    }

    /** A literal counts at the top level only when nothing follows it. */
    private boolean literal(boolean embedded, String text) {
        int start = mark();
        if (consume(text) && (embedded || !hasNext())) {
            return true;
        }
        rewind(start);
        return false;
    }

    private SchemaAndValue parseScalar(boolean embedded, String piece) {
        char first = piece.charAt(0);
        boolean digit = Character.isDigit(first);
        if (digit) {
            SchemaAndValue temporal = parseTemporalPieces(piece);
            if (temporal != null) {
                return temporal;
            }
        }
        if (digit || first == '+' || first == '-') {
            try {
                return parseNumber(piece);
            } catch (NumberFormatException notANumber) {
                // not a number either: below
            }
        }
        if (embedded) {
            throw new DataException("Failed to parse embedded value");
        }
        return new SchemaAndValue(Schema.STRING_SCHEMA, original);
    }

    /** Times and timestamps span five pieces ({@code 12 : 34 : 56.789Z}); a date is one. */
    private SchemaAndValue parseTemporalPieces(String piece) {
        int start = mark();
        String rest = nextPieces(4);
        if (rest != null) {
            SchemaAndValue temporal = ValueText.parseTemporal(piece + rest);
            if (temporal != null) {
                return temporal;
            }
        }
        rewind(start);
        return ValueText.parseTemporal(piece);
    }

    /**
     * The text up to the closing quote, as it is: backslashes stay, and blank pieces before a delimiter are lost, as
     * in Connect. Quoted text that reads as a temporal becomes one.
     */
    private SchemaAndValue parseQuoted() {
        StringBuilder text = new StringBuilder();
        while (hasNext() && !consume("\"")) {
            text.append(next());
        }
        String content = text.toString();
        SchemaAndValue temporal = ValueText.parseTemporal(content);
        return temporal != null ? temporal : new SchemaAndValue(Schema.STRING_SCHEMA, content);
    }

    private SchemaAndValue parseArray() {
        List<Object> elements = new ArrayList<>();
        CommonSchema common = new CommonSchema();
        while (hasNext()) {
            if (consume("]")) {
                if (common.exists()) {
                    Schema schema = SchemaBuilder.array(common.schema()).build();
                    return new SchemaAndValue(schema, alignList(schema.valueSchema(), elements));
                }
                return new SchemaAndValue(new ConnectSchema(Type.ARRAY), elements);
            }
            if (consume(",")) {
                throw new DataException("Unable to parse an empty array element: " + original);
            }
            SchemaAndValue element = parseValue(true);
            common.merge(element);
            elements.add(element == null ? null : element.value());
            int afterElement = mark();
            if (consume("]")) {
                rewind(afterElement);
            } else if (!consume(",")) {
                throw new DataException("Array elements missing ',' delimiter");
            }
        }
        if (",".equals(previous)) {
            throw new DataException("Array is missing element after ',': " + original);
        }
        throw new DataException("Array is missing terminating ']': " + original);
    }

    private SchemaAndValue parseMap() {
        Map<Object, Object> entries = new LinkedHashMap<>();
        CommonSchema keys = new CommonSchema();
        CommonSchema values = new CommonSchema();
        while (hasNext()) {
            if (consume("}")) {
                return mapResult(entries, keys, values);
            }
            if (consume(",")) {
                throw new DataException("Unable to parse a map entry with no key or value: " + original);
            }
            SchemaAndValue key = parseValue(true);
            if (key == null || key.value() == null) {
                throw new DataException("Map entry may not have a null key: " + original);
            }
            if (!consume(":")) {
                throw new DataException("Map entry is missing ':' at " + offset() + " in " + original);
            }
            SchemaAndValue value = parseValue(true);
            entries.put(key.value(), value == null ? null : value.value());
            // Connect does not require the comma between entries.
            consume(",");
            keys.merge(key);
            values.merge(value);
        }
        if (",".equals(previous)) {
            throw new DataException("Map is missing element after ',': " + original);
        }
        throw new DataException("Map is missing terminating '}': " + original);
    }

    private static SchemaAndValue mapResult(Map<Object, Object> entries, CommonSchema keys, CommonSchema values) {
        if (keys.exists() && values.exists()) {
            Schema schema = SchemaBuilder.map(keys.schema(), values.schema()).build();
            Map<Object, Object> aligned = new LinkedHashMap<>();
            for (Map.Entry<Object, Object> entry : entries.entrySet()) {
                aligned.put(
                        ValueConverter.convertTo(schema.keySchema(), entry.getKey()),
                        ValueConverter.convertTo(schema.valueSchema(), entry.getValue()));
            }
            return new SchemaAndValue(schema, aligned);
        }
        if (keys.exists()) {
            // Connect leaves the value schema unset when the values have none in common.
            Schema schema = new ConnectSchema(Type.MAP, false, null, null, null, null, null, null, keys.schema(), null);
            Map<Object, Object> aligned = new LinkedHashMap<>();
            for (Map.Entry<Object, Object> entry : entries.entrySet()) {
                aligned.put(ValueConverter.convertTo(schema.keySchema(), entry.getKey()), entry.getValue());
            }
            return new SchemaAndValue(schema, aligned);
        }
        return new SchemaAndValue(new ConnectSchema(Type.MAP), entries);
    }

    private static List<Object> alignList(Schema elementSchema, List<Object> elements) {
        List<Object> aligned = new ArrayList<>(elements.size());
        for (Object element : elements) {
            aligned.add(ValueConverter.convertTo(elementSchema, element));
        }
        return aligned;
    }

    // ---- numbers ----------------------------------------------------------------------------------------------

    /**
     * Whole numbers in the long range become the narrowest integer type; other numbers with a fractional part (or an
     * exponent) a FLOAT32 when a float does not overflow (even when it loses precision, as in Connect), else a
     * FLOAT64, else a Decimal of the number's scale.
     *
     * @throws NumberFormatException when the text is not a number
     */
    static SchemaAndValue parseNumber(String text) {
        BigDecimal number = new BigDecimal(text);
        SchemaAndValue integer = parseInteger(number);
        if (integer != null) {
            return integer;
        }
        float asFloat = number.floatValue();
        if (!Float.isInfinite(asFloat) && number.scale() != 0) {
            return new SchemaAndValue(Schema.FLOAT32_SCHEMA, asFloat);
        }
        double asDouble = number.doubleValue();
        if (!Double.isInfinite(asDouble) && number.scale() != 0) {
            return new SchemaAndValue(Schema.FLOAT64_SCHEMA, asDouble);
        }
        return new SchemaAndValue(Decimal.schema(number.scale()), number);
    }

    private static SchemaAndValue parseInteger(BigDecimal number) {
        BigDecimal magnitude = number.abs();
        boolean fraction = magnitude.compareTo(BigDecimal.ONE) < 0 && magnitude.signum() != 0;
        if (magnitude.compareTo(TEN_POW_19) > 0 || fraction || !isWhole(number)) {
            return null;
        }
        BigInteger whole = number.toBigIntegerExact();
        if (whole.compareTo(LONG_MIN) < 0 || whole.compareTo(LONG_MAX) > 0) {
            return null;
        }
        long value = whole.longValue();
        if ((byte) value == value) {
            return new SchemaAndValue(Schema.INT8_SCHEMA, (byte) value);
        }
        if ((short) value == value) {
            return new SchemaAndValue(Schema.INT16_SCHEMA, (short) value);
        }
        if ((int) value == value) {
            return new SchemaAndValue(Schema.INT32_SCHEMA, (int) value);
        }
        return new SchemaAndValue(Schema.INT64_SCHEMA, value);
    }

    private static boolean isWhole(BigDecimal number) {
        return number.signum() == 0
                || number.scale() <= 0
                || number.stripTrailingZeros().scale() <= 0;
    }

    // ---- common element schema ---------------------------------------------------------------------------------

    /**
     * The schema that every parsed element fits, as Connect picks it: numbers widen to the wider type, equal types
     * keep one of the two schemas, anything else has no common schema (for good).
     */
    private static final class CommonSchema {
        private Schema common;
        private boolean compatible = true;

        void merge(SchemaAndValue element) {
            if (element == null || element.schema() == null || !compatible) {
                return;
            }
            common = common == null ? element.schema() : widen(common, element.schema());
            compatible = common != null;
        }

        boolean exists() {
            return common != null;
        }

        Schema schema() {
            return common;
        }

        private static Schema widen(Schema current, Schema next) {
            if (current.type() == next.type()) {
                if (current.isOptional() == next.isOptional()) {
                    // Connect keeps the later schema of two required ones (so a Time after a Date wins).
                    return current.isOptional() ? current : next;
                }
                return current.equals(next) ? current : null;
            }
            int currentRank = numericRank(current.type());
            int nextRank = numericRank(next.type());
            if (currentRank < 0 || nextRank < 0) {
                return null;
            }
            return currentRank > nextRank ? current : next;
        }

        /** INT8 < INT16 < INT32 < INT64 < FLOAT32 < FLOAT64; -1 for other types. */
        private static int numericRank(Type type) {
            return switch (type) {
                case INT8 -> 0;
                case INT16 -> 1;
                case INT32 -> 2;
                case INT64 -> 3;
                case FLOAT32 -> 4;
                case FLOAT64 -> 5;
                default -> -1;
            };
        }
    }
}
