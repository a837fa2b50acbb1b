package io.kanal.runtime.convert;

import io.kanal.api.errors.DataException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A pull reader of JSON tokens straight from UTF-8 bytes, accepting what Connect's Jackson-based reader accepts:
 * standard JSON plus numbers with leading zeros; no comments, no single quotes, no NaN literals, no trailing commas.
 * It is several times cheaper than creating a Jackson parser per message, and it lets a caller compare a member name
 * with the bytes it expects without building a string.
 *
 * <p>Malformed input throws a {@link DataException} that starts with {@code Malformed JSON at byte offset N}; offsets
 * count from the start of the array, so a reader over a range of a message reports offsets in the message. Nesting
 * deeper than 1000 levels and numbers longer than 1000 characters are rejected, as by Jackson's default
 * constraints. One instance reads one value; not thread-safe.
 */
final class JsonReader {

    /** The kinds of token. */
    enum Token {
        START_OBJECT,
        END_OBJECT,
        START_ARRAY,
        END_ARRAY,
        FIELD_NAME,
        STRING,
        NUMBER_INT,
        NUMBER_FLOAT,
        TRUE,
        FALSE,
        NULL
    }

    /** How big an integer token is, as Jackson classifies it. */
    enum IntSize {
        INT,
        LONG,
        BIG
    }

    static final int MAX_DEPTH = 1000;
    private static final int MAX_NUMBER_LENGTH = 1000;

    final byte[] buf;
    final int end;
    int pos;

    private Token token;
    int tokenStart;
    private boolean rootDone;

    private int depth;
    private boolean[] inObject = new boolean[16];
    private boolean[] needComma = new boolean[16];

    // The current string or member name: its raw bytes between the quotes, and its decoded form once needed.
    private int textStart;
    private int textEnd;
    private boolean textSimple;
    private String text;

    // The current number.
    private long longValue;
    private IntSize intSize;

    JsonReader(byte[] buf, int start, int end) {
        this.buf = buf;
        this.pos = start;
        this.end = end;
    }

    /** A reader of a whole message; a UTF-8 byte order mark is skipped, as Jackson skips it. */
    JsonReader(byte[] buf) {
        this(buf, hasByteOrderMark(buf) ? 3 : 0, buf.length);
    }

    private static boolean hasByteOrderMark(byte[] buf) {
        return buf.length >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF;
    }

    Token current() {
        return token;
    }

    /** The byte offset where the current token starts. */
    int tokenStart() {
        return tokenStart;
    }

    /** The byte offset just past the current token (for a container's end token, past the container). */
    int position() {
        return pos;
    }

    static DataException malformed(String problem, int at) {
        return new DataException("Malformed JSON at byte offset " + at + ": " + problem);
    }

    DataException unexpected(int at, String expected) {
        if (at >= end) {
            return malformed("unexpected end of input: expected " + expected, at);
        }
        int b = buf[at] & 0xFF;
        String shown = b >= 0x20 && b < 0x7F ? "'" + (char) b + "'" : String.format("byte 0x%02X", b);
        return malformed("unexpected character " + shown + ": expected " + expected, at);
    }

    void skipWhitespace() {
        while (pos < end) {
            byte b = buf[pos];
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                pos++;
            } else {
                return;
            }
        }
    }

    /**
     * Advances to the next token.
     *
     * @return the token; null at the end of the input after the root value (or of empty input)
     */
    Token next() {
        skipWhitespace();
        if (depth == 0) {
            if (rootDone) {
                token = null;
                if (pos < end) {
                    throw malformed("unexpected content after the JSON value", pos);
                }
                return null;
            }
            if (pos >= end) {
                token = null;
                return null;
            }
            return value();
        }
        int level = depth - 1;
        if (inObject[level]) {
            if (token == Token.FIELD_NAME) {
                if (pos >= end || buf[pos] != ':') {
                    throw unexpected(pos, "':' after a member name");
                }
                pos++;
                skipWhitespace();
                return value();
            }
            if (pos < end && buf[pos] == '}') {
                return close(Token.END_OBJECT);
            }
            if (needComma[level]) {
                if (pos >= end || buf[pos] != ',') {
                    throw unexpected(pos, "',' or '}' in an object");
                }
                pos++;
                skipWhitespace();
            }
            if (pos >= end || buf[pos] != '"') {
                throw unexpected(pos, "a member name in double quotes");
            }
            tokenStart = pos;
            string();
            token = Token.FIELD_NAME;
            needComma[level] = true;
            return token;
        }
        if (pos < end && buf[pos] == ']') {
            return close(Token.END_ARRAY);
        }
        if (needComma[level]) {
            if (pos >= end || buf[pos] != ',') {
                throw unexpected(pos, "',' or ']' in an array");
            }
            pos++;
            skipWhitespace();
        }
        needComma[level] = true;
        return value();
    }

    private Token close(Token closing) {
        tokenStart = pos;
        pos++;
        depth--;
        if (depth == 0) {
            rootDone = true;
        }
        token = closing;
        return token;
    }

    private Token value() {
        tokenStart = pos;
        if (pos >= end) {
            throw unexpected(pos, "a value");
        }
        byte b = buf[pos];
        switch (b) {
            case '{', '[' -> {
                if (depth == MAX_DEPTH) {
                    throw malformed("nesting deeper than " + MAX_DEPTH + " levels", pos);
                }
                if (depth == inObject.length) {
                    inObject = Arrays.copyOf(inObject, depth * 2);
                    needComma = Arrays.copyOf(needComma, depth * 2);
                }
                inObject[depth] = b == '{';
                needComma[depth] = false;
                depth++;
                pos++;
                token = b == '{' ? Token.START_OBJECT : Token.START_ARRAY;
                return token;
            }
            case '"' -> {
                string();
                token = Token.STRING;
            }
            case 't' -> token = literal("true", Token.TRUE);
            case 'f' -> token = literal("false", Token.FALSE);
            case 'n' -> token = literal("null", Token.NULL);
            default -> {
                if (b == '-' || (b >= '0' && b <= '9')) {
                    token = number();
                } else {
                    throw unexpected(pos, "a JSON value (string, number, object, array, true, false or null)");
                }
            }
        }
        if (depth == 0) {
            rootDone = true;
        }
        return token;
    }

    Token literal(String word, Token kind) {
        int n = word.length();
        for (int i = 0; i < n; i++) {
            if (pos + i >= end || buf[pos + i] != word.charAt(i)) {
                throw malformed("unrecognized token: expected '" + word + "'", pos);
            }
        }
        pos += n;
        if (pos < end && isWordByte(buf[pos])) {
            throw malformed("unrecognized token: expected '" + word + "'", tokenStart);
        }
        return kind;
    }

    private static boolean isWordByte(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_' || b < 0;
    }

    Token number() {
        int i = pos;
        boolean negative = buf[i] == '-';
        if (negative) {
            i++;
        }
        int digitsStart = i;
        long value = 0;
        while (i < end && buf[i] >= '0' && buf[i] <= '9') {
            i++;
        }
        if (i == digitsStart) {
            throw unexpected(i, "a digit after '-'");
        }
        int digitsEnd = i;
        boolean integral = true;
        if (i < end && buf[i] == '.') {
            integral = false;
            i++;
            int fraction = i;
            while (i < end && buf[i] >= '0' && buf[i] <= '9') {
                i++;
            }
            if (i == fraction) {
                throw unexpected(i, "a digit after the decimal point");
            }
        }
        if (i < end && (buf[i] == 'e' || buf[i] == 'E')) {
            integral = false;
            i++;
            if (i < end && (buf[i] == '+' || buf[i] == '-')) {
                i++;
            }
            int exponent = i;
            while (i < end && buf[i] >= '0' && buf[i] <= '9') {
                i++;
            }
            if (i == exponent) {
                throw unexpected(i, "a digit in the exponent");
            }
            if (i - exponent > 9) {
                // Connect reads every non-integer as a BigDecimal, whose exponent must fit an int.
                try {
                    new BigDecimal(new String(buf, pos, i - pos, StandardCharsets.ISO_8859_1));
                } catch (NumberFormatException e) {
                    throw malformed("number with an exponent out of range", pos);
                }
            }
        }
        if (i - pos > MAX_NUMBER_LENGTH) {
            throw malformed("number longer than " + MAX_NUMBER_LENGTH + " characters", pos);
        }
        if (i < end && isWordByte(buf[i])) {
            throw unexpected(i, "a delimiter after a number");
        }
        textStart = pos;
        textEnd = i;
        text = null;
        pos = i;
        if (!integral) {
            return Token.NUMBER_FLOAT;
        }
        // Leading zeros are accepted, as with Jackson's ALLOW_LEADING_ZEROS_FOR_NUMBERS.
        int significant = digitsStart;
        while (significant < digitsEnd - 1 && buf[significant] == '0') {
            significant++;
        }
        if (digitsEnd - significant <= 18) {
            for (int d = significant; d < digitsEnd; d++) {
                value = value * 10 + (buf[d] - '0');
            }
            longValue = negative ? -value : value;
            intSize = longValue >= Integer.MIN_VALUE && longValue <= Integer.MAX_VALUE ? IntSize.INT : IntSize.LONG;
        } else {
            BigInteger big = bigIntegerValue();
            if (big.bitLength() < 64) {
                longValue = big.longValue();
                intSize = IntSize.LONG;
            } else {
                intSize = IntSize.BIG;
            }
        }
        return Token.NUMBER_INT;
    }

    IntSize intSize() {
        return intSize;
    }

    /** The value of an integer token that fits a long. */
    long longValue() {
        return longValue;
    }

    BigInteger bigIntegerValue() {
        return new BigInteger(new String(buf, textStart, textEnd - textStart, StandardCharsets.ISO_8859_1));
    }

    /** The exact value of a number token. */
    BigDecimal decimalValue() {
        if (token == Token.NUMBER_INT && intSize != IntSize.BIG) {
            return BigDecimal.valueOf(longValue);
        }
        return new BigDecimal(numberText());
    }

    /** The text of a number token, as written. */
    String numberText() {
        return new String(buf, textStart, textEnd - textStart, StandardCharsets.ISO_8859_1);
    }

    void string() {
        int scanned = JsonBytes.scanString(buf, pos, end);
        boolean simple = scanned >= 0;
        int close = simple ? scanned : ~scanned;
        textStart = pos + 1;
        textEnd = close;
        textSimple = simple;
        text = simple ? null : JsonBytes.decode(buf, textStart, textEnd);
        pos = close + 1;
    }

    /** The value of the current string or member name. */
    // The ASCII-only constructor is deprecated for its misuse with non-ASCII bytes; this string is ASCII by
    // construction, and that constructor copies it several times faster than the Charset one.
    @SuppressWarnings("deprecation")
    String text() {
        if (text == null) {
            text = new String(buf, 0, textStart, textEnd - textStart);
        }
        return text;
    }

    /** The current member name, taken from {@code names} when it is plain ASCII (see {@link JsonKeyCache}). */
    String memberName(JsonKeyCache names) {
        return textSimple ? names.name(buf, textStart, textEnd) : text;
    }

    /** Whether the current member name or string is exactly {@code expected}, given as its UTF-8 bytes. */
    boolean textEquals(byte[] expected) {
        if (textSimple) {
            return Arrays.equals(buf, textStart, textEnd, expected, 0, expected.length);
        }
        return Arrays.equals(text.getBytes(StandardCharsets.UTF_8), expected);
    }

    /**
     * Moves to the next member of the current object.
     *
     * @return false at the end of the object (the reader is then on its end token)
     */
    boolean nextMember() {
        return next() == Token.FIELD_NAME;
    }

    /**
     * Reads the object or array that the current token starts as plain Java values, the way Connect reads JSON
     * without a schema: objects as insertion-ordered maps (the last of duplicate names wins), arrays as lists,
     * integers as Long (the low 64 bits of a bigger one), other numbers as Double, strings, booleans and null. A
     * recursive descent straight over the bytes, much cheaper than token by token. On return the reader is on the
     * container's end token.
     *
     * @param names the cache of member names to take names from
     */
    Object readPlainContainer(JsonKeyCache names) {
        int level = depth - 1;
        pos = tokenStart;
        Object value = JsonPlainValues.read(this, level, names);
        depth = level;
        if (depth == 0) {
            rootDone = true;
        }
        token = buf[pos - 1] == '}' ? Token.END_OBJECT : Token.END_ARRAY;
        return value;
    }

    /**
     * Skips the object or array that the current token starts by matching brackets only, without checking the
     * syntax inside: for a range the caller then either finds byte-identical to JSON it has already checked, or
     * reads with a reader of its own. On return the reader is on the container's end token.
     */
    void skipUnchecked() {
        int i = pos;
        int open = 1;
        while (i < end) {
            byte b = buf[i++];
            if (b == '"') {
                while (true) {
                    if (i >= end) {
                        throw malformed("unexpected end of input in a string", i);
                    }
                    byte c = buf[i++];
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\') {
                        i++;
                    }
                }
            } else if (b == '{' || b == '[') {
                open++;
            } else if (b == '}' || b == ']') {
                if (--open == 0) {
                    pos = i;
                    depth--;
                    if (depth == 0) {
                        rootDone = true;
                    }
                    token = b == '}' ? Token.END_OBJECT : Token.END_ARRAY;
                    return;
                }
            }
        }
        throw malformed("unexpected end of input: expected the end of the object or array", i);
    }

    /** Skips the current value: a container with everything in it, or a scalar (nothing to do). */
    void skipValue() {
        if (token != Token.START_OBJECT && token != Token.START_ARRAY) {
            return;
        }
        int target = depth - 1;
        while (depth > target) {
            next();
        }
    }

    /** Decodes the current Base64 string the way Jackson's default variant does (see {@link JsonBytes#base64}). */
    byte[] base64Value() {
        return JsonBytes.base64(text(), tokenStart);
    }

    /** The number as a double, correctly rounded. */
    double doubleValue() {
        return JsonBytes.parseDouble(buf, textStart, textEnd);
    }

    /** The number as a float, correctly rounded. */
    float floatValue() {
        return JsonBytes.parseFloat(buf, textStart, textEnd);
    }
}
