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

    private static final int MAX_DEPTH = 1000;
    private static final int MAX_NUMBER_LENGTH = 1000;

    private final byte[] buf;
    private final int end;
    private int pos;

    private Token token;
    private int tokenStart;
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

    DataException malformed(String problem, int at) {
        return new DataException("Malformed JSON at byte offset " + at + ": " + problem);
    }

    private DataException unexpected(int at, String expected) {
        if (at >= end) {
            return malformed("unexpected end of input: expected " + expected, at);
        }
        int b = buf[at] & 0xFF;
        String shown = b >= 0x20 && b < 0x7F ? "'" + (char) b + "'" : String.format("byte 0x%02X", b);
        return malformed("unexpected character " + shown + ": expected " + expected, at);
    }

    private void skipWhitespace() {
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

    private Token literal(String word, Token kind) {
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

    private Token number() {
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

    private static final double[] DOUBLE_POWERS = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22
    };
    private static final float[] FLOAT_POWERS = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};

    /**
     * The digits of a plain decimal number ({@code -12.34}, no exponent) as an integer, with the number of fraction
     * digits in the low byte of {@link #fractionDigits}; -1 when the number has an exponent or too many digits.
     */
    private long plainDigits(int maxDigits) {
        int i = textStart;
        boolean negative = buf[i] == '-';
        if (negative) {
            i++;
        }
        long digits = 0;
        int count = 0;
        int fraction = -1;
        for (; i < textEnd; i++) {
            byte b = buf[i];
            if (b == '.') {
                fraction = 0;
                continue;
            }
            if (b < '0' || b > '9') {
                return -1;
            }
            if (digits != 0 || b != '0') {
                if (++count > maxDigits) {
                    return -1;
                }
            }
            digits = digits * 10 + (b - '0');
            if (fraction >= 0) {
                fraction++;
            }
        }
        fractionDigits = Math.max(fraction, 0);
        return digits;
    }

    private int fractionDigits;

    /**
     * The number as a double, correctly rounded. Plain numbers of up to 15 digits take the exact fast path (both the
     * digits and the power of ten are exact doubles, so one division rounds correctly); the rest go through {@link
     * Double#parseDouble}.
     */
    double doubleValue() {
        long digits = plainDigits(15);
        if (digits >= 0 && fractionDigits < DOUBLE_POWERS.length) {
            double value = (double) digits / DOUBLE_POWERS[fractionDigits];
            return buf[textStart] == '-' ? -value : value;
        }
        return Double.parseDouble(numberText());
    }

    /** The number as a float, correctly rounded; the fast path as for {@link #doubleValue()}, with 7 digits. */
    float floatValue() {
        long digits = plainDigits(7);
        if (digits >= 0 && fractionDigits < FLOAT_POWERS.length) {
            float value = (float) digits / FLOAT_POWERS[fractionDigits];
            return buf[textStart] == '-' ? -value : value;
        }
        return Float.parseFloat(numberText());
    }

    /** Bytes that end the fast scan of a string: the quote, the backslash, control characters and non-ASCII. */
    private static final boolean[] SPECIAL = new boolean[256];

    static {
        for (int c = 0; c < 0x20; c++) {
            SPECIAL[c] = true;
        }
        for (int c = 0x80; c < 0x100; c++) {
            SPECIAL[c] = true;
        }
        SPECIAL['"'] = true;
        SPECIAL['\\'] = true;
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /** Whether any of eight bytes is a quote, a backslash, a control character or non-ASCII (SWAR). */
    private static boolean anySpecial(long x) {
        long quote = x ^ (ONES * '"');
        long backslash = x ^ (ONES * '\\');
        long zeroQuote = (quote - ONES) & ~quote;
        long zeroBackslash = (backslash - ONES) & ~backslash;
        long control = x - ONES * 0x20;
        return ((zeroQuote | zeroBackslash | control | x) & HIGHS) != 0;
    }

    private void string() {
        int i = pos + 1;
        boolean simple = true;
        while (true) {
            // Eight plain bytes at a time, then byte by byte around anything that needs a look.
            while (i + 8 <= end && !anySpecial((long) LONGS.get(buf, i))) {
                i += 8;
            }
            if (i >= end) {
                throw malformed("unexpected end of input in a string", pos);
            }
            byte b = buf[i];
            if (!SPECIAL[b & 0xFF]) {
                i++;
                continue;
            }
            if (b == '"') {
                break;
            }
            if (b == '\\') {
                simple = false;
                i += 2;
                continue;
            }
            if (b >= 0 && b < 0x20) {
                throw malformed("control character 0x" + Integer.toHexString(b) + " in a string must be escaped", i);
            }
            simple = false;
            i++;
        }
        textStart = pos + 1;
        textEnd = i;
        textSimple = simple;
        text = simple ? null : decode(textStart, textEnd);
        pos = i + 1;
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
     */
    Object readPlainContainer() {
        int level = depth - 1;
        pos = tokenStart;
        Object value = plain(level);
        depth = level;
        if (depth == 0) {
            rootDone = true;
        }
        token = buf[pos - 1] == '}' ? Token.END_OBJECT : Token.END_ARRAY;
        return value;
    }

    private Object plain(int level) {
        skipWhitespace();
        if (pos >= end) {
            throw unexpected(pos, "a value");
        }
        tokenStart = pos;
        byte b = buf[pos];
        switch (b) {
            case '{' -> {
                return plainObject(level);
            }
            case '[' -> {
                return plainArray(level);
            }
            case '"' -> {
                string();
                return text();
            }
            case 't' -> {
                literal("true", Token.TRUE);
                return Boolean.TRUE;
            }
            case 'f' -> {
                literal("false", Token.FALSE);
                return Boolean.FALSE;
            }
            case 'n' -> {
                literal("null", Token.NULL);
                return null;
            }
            default -> {
                if (b != '-' && (b < '0' || b > '9')) {
                    throw unexpected(pos, "a JSON value (string, number, object, array, true, false or null)");
                }
                if (number() == Token.NUMBER_FLOAT) {
                    return doubleValue();
                }
                return intSize == IntSize.BIG ? bigIntegerValue().longValue() : longValue;
            }
        }
    }

    private java.util.Map<String, Object> plainObject(int level) {
        if (level + 1 >= MAX_DEPTH) {
            throw malformed("nesting deeper than " + MAX_DEPTH + " levels", pos);
        }
        pos++;
        java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
        skipWhitespace();
        if (pos < end && buf[pos] == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipWhitespace();
            if (pos >= end || buf[pos] != '"') {
                throw unexpected(pos, "a member name in double quotes");
            }
            tokenStart = pos;
            string();
            String key = text();
            skipWhitespace();
            if (pos >= end || buf[pos] != ':') {
                throw unexpected(pos, "':' after a member name");
            }
            pos++;
            map.put(key, plain(level + 1));
            skipWhitespace();
            if (pos < end) {
                if (buf[pos] == ',') {
                    pos++;
                    continue;
                }
                if (buf[pos] == '}') {
                    pos++;
                    return map;
                }
            }
            throw unexpected(pos, "',' or '}' in an object");
        }
    }

    private java.util.List<Object> plainArray(int level) {
        if (level + 1 >= MAX_DEPTH) {
            throw malformed("nesting deeper than " + MAX_DEPTH + " levels", pos);
        }
        pos++;
        java.util.List<Object> list = new java.util.ArrayList<>();
        skipWhitespace();
        if (pos < end && buf[pos] == ']') {
            pos++;
            return list;
        }
        while (true) {
            list.add(plain(level + 1));
            skipWhitespace();
            if (pos < end) {
                if (buf[pos] == ',') {
                    pos++;
                    continue;
                }
                if (buf[pos] == ']') {
                    pos++;
                    return list;
                }
            }
            throw unexpected(pos, "',' or ']' in an array");
        }
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

    /** Decodes the escapes and UTF-8 of a string, rejecting what Jackson rejects. */
    private String decode(int from, int to) {
        char[] chars = new char[to - from];
        int n = 0;
        int i = from;
        while (i < to) {
            int b = buf[i] & 0xFF;
            if (b == '\\') {
                int escaped = buf[i + 1] & 0xFF;
                i += 2;
                switch (escaped) {
                    case '"', '\\', '/' -> chars[n++] = (char) escaped;
                    case 'b' -> chars[n++] = '\b';
                    case 'f' -> chars[n++] = '\f';
                    case 'n' -> chars[n++] = '\n';
                    case 'r' -> chars[n++] = '\r';
                    case 't' -> chars[n++] = '\t';
                    case 'u' -> {
                        int c = 0;
                        for (int k = 0; k < 4; k++) {
                            int digit = i < to ? Character.digit(buf[i] & 0xFF, 16) : -1;
                            if (digit < 0) {
                                throw malformed("invalid \\u escape: expected 4 hex digits", i);
                            }
                            c = (c << 4) | digit;
                            i++;
                        }
                        chars[n++] = (char) c;
                    }
                    default -> throw malformed("unrecognized escape '\\" + (char) escaped + "'", i - 2);
                }
            } else if (b < 0x80) {
                chars[n++] = (char) b;
                i++;
            } else if ((b & 0xE0) == 0xC0) {
                chars[n++] = (char) (((b & 0x1F) << 6) | continuation(i + 1, to));
                i += 2;
            } else if ((b & 0xF0) == 0xE0) {
                chars[n++] = (char) (((b & 0x0F) << 12) | (continuation(i + 1, to) << 6) | continuation(i + 2, to));
                i += 3;
            } else if ((b & 0xF8) == 0xF0) {
                int c = ((b & 0x07) << 18)
                        | (continuation(i + 1, to) << 12)
                        | (continuation(i + 2, to) << 6)
                        | continuation(i + 3, to);
                chars[n++] = Character.highSurrogate(c);
                chars[n++] = Character.lowSurrogate(c);
                i += 4;
            } else {
                throw malformed(String.format("invalid UTF-8 start byte 0x%02X", b), i);
            }
        }
        return new String(chars, 0, n);
    }

    private int continuation(int at, int to) {
        if (at >= to || (buf[at] & 0xC0) != 0x80) {
            throw malformed("invalid UTF-8 middle byte", Math.min(at, to));
        }
        return buf[at] & 0x3F;
    }

    /**
     * Decodes the current string as Base64 the way Jackson's default variant does: standard alphabet, padding
     * required, whitespace allowed between groups of four.
     */
    byte[] base64Value() {
        String s = text();
        byte[] out = new byte[(s.length() / 4) * 3 + 3];
        int n = 0;
        int i = 0;
        int len = s.length();
        while (true) {
            char c;
            do {
                if (i >= len) {
                    return Arrays.copyOf(out, n);
                }
                c = s.charAt(i++);
            } while (c <= ' ');
            int bits = sextet(c, s);
            if (i >= len) {
                throw base64End();
            }
            bits = (bits << 6) | sextet(s.charAt(i++), s);
            if (i >= len) {
                throw base64End();
            }
            c = s.charAt(i++);
            if (c == '=') {
                if (i >= len) {
                    throw base64End();
                }
                if (s.charAt(i++) != '=') {
                    throw invalidBase64("expected padding character '='");
                }
                out[n++] = (byte) (bits >> 4);
                continue;
            }
            bits = (bits << 6) | sextet(c, s);
            if (i >= len) {
                throw base64End();
            }
            c = s.charAt(i++);
            if (c == '=') {
                out[n++] = (byte) (bits >> 10);
                out[n++] = (byte) (bits >> 2);
                continue;
            }
            bits = (bits << 6) | sextet(c, s);
            out[n++] = (byte) (bits >> 16);
            out[n++] = (byte) (bits >> 8);
            out[n++] = (byte) bits;
        }
    }

    private int sextet(char c, String s) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '+') {
            return 62;
        }
        if (c == '/') {
            return 63;
        }
        throw invalidBase64("illegal character '" + c + "'");
    }

    private DataException invalidBase64(String problem) {
        return new JsonPathException("Invalid Base64 at byte offset " + tokenStart + ": " + problem);
    }

    private DataException base64End() {
        return new JsonPathException(
                "Invalid Base64 at byte offset " + tokenStart + ": unexpected end (padding '=' is required)");
    }
}
