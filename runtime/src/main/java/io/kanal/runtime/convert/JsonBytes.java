package io.kanal.runtime.convert;

import io.kanal.api.errors.DataException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The byte-level pieces of {@link JsonReader} that do not depend on its position: decoding strings (escapes and
 * UTF-8), Base64, and converting number text to doubles and floats. Stateless; thread-safe.
 */
final class JsonBytes {

    private JsonBytes() {}

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

    /**
     * The high bit of each of eight bytes that is a quote, a backslash, a control character or non-ASCII (SWAR). Bits
     * above the lowest one may be false positives (a borrow carries into the next byte), the lowest one is exact:
     * a borrow only starts at a byte that is flagged itself.
     */
    private static long specialBits(long x) {
        long quote = x ^ (ONES * '"');
        long backslash = x ^ (ONES * '\\');
        long zeroQuote = (quote - ONES) & ~quote;
        long zeroBackslash = (backslash - ONES) & ~backslash;
        long control = x - ONES * 0x20;
        return (zeroQuote | zeroBackslash | control | x) & HIGHS;
    }

    /** Eight bytes from {@code at}, little-endian: the first byte in the lowest bits. */
    static long word(byte[] buf, int at) {
        return (long) LONGS.get(buf, at);
    }

    /**
     * Finds the closing quote of the string whose opening quote is at {@code quote}.
     *
     * @return the index of the closing quote; its complement ({@code ~index}) when the string has escapes or
     *     non-ASCII bytes and must be decoded
     * @throws DataException for an unescaped control character or a string that does not end
     */
    static int scanString(byte[] buf, int quote, int end) {
        int i = quote + 1;
        boolean simple = true;
        while (true) {
            // Eight bytes at a time straight to the first one that needs a look, byte by byte near the end.
            if (i + 8 <= end) {
                long special = specialBits(word(buf, i));
                if (special == 0) {
                    i += 8;
                    continue;
                }
                i += Long.numberOfTrailingZeros(special) >>> 3;
            } else {
                while (i < end && !SPECIAL[buf[i] & 0xFF]) {
                    i++;
                }
                if (i >= end) {
                    throw JsonReader.malformed("unexpected end of input in a string", quote);
                }
            }
            byte b = buf[i];
            if (b == '"') {
                return simple ? i : ~i;
            }
            if (b == '\\') {
                simple = false;
                i += 2;
                continue;
            }
            if (b >= 0 && b < 0x20) {
                throw JsonReader.malformed(
                        "control character 0x" + Integer.toHexString(b) + " in a string must be escaped", i);
            }
            simple = false;
            i++;
        }
    }

    private static final double[] DOUBLE_POWERS = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22
    };
    private static final float[] FLOAT_POWERS = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};

    /**
     * The digits of a plain decimal number ({@code -12.34}, no exponent) as an integer, with the number of fraction
     * digits in the top byte; -1 when the number has an exponent, too many digits or too many fraction digits.
     */
    private static long plainDigits(byte[] buf, int start, int end, int maxDigits) {
        int i = start;
        boolean negative = buf[i] == '-';
        if (negative) {
            i++;
        }
        long digits = 0;
        int count = 0;
        int fraction = -1;
        for (; i < end; i++) {
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
        int fractionDigits = Math.max(fraction, 0);
        if (fractionDigits >= DOUBLE_POWERS.length) {
            return -1;
        }
        // The digits fit 50 bits (at most 15 decimal digits); the count of fraction digits goes above them.
        return digits | ((long) fractionDigits << 56);
    }

    /**
     * The number as a double, correctly rounded. Plain numbers of up to 15 digits take the exact fast path (both the
     * digits and the power of ten are exact doubles, so one division rounds correctly); the rest go through {@link
     * Double#parseDouble}.
     */
    static double parseDouble(byte[] buf, int start, int end) {
        long packed = plainDigits(buf, start, end, 15);
        if (packed >= 0) {
            double value = (double) (packed & DIGITS) / DOUBLE_POWERS[(int) (packed >>> 56)];
            return buf[start] == '-' ? -value : value;
        }
        return Double.parseDouble(new String(buf, start, end - start, StandardCharsets.ISO_8859_1));
    }

    /** The number as a float, correctly rounded; the fast path as for {@link #doubleValue()}, with 7 digits. */
    static float parseFloat(byte[] buf, int start, int end) {
        long packed = plainDigits(buf, start, end, 7);
        if (packed >= 0 && (int) (packed >>> 56) < FLOAT_POWERS.length) {
            float value = (float) (packed & DIGITS) / FLOAT_POWERS[(int) (packed >>> 56)];
            return buf[start] == '-' ? -value : value;
        }
        return Float.parseFloat(new String(buf, start, end - start, StandardCharsets.ISO_8859_1));
    }

    private static final long DIGITS = (1L << 56) - 1;

    /** Decodes the escapes and UTF-8 of a string, rejecting what Jackson rejects. */
    static String decode(byte[] buf, int from, int to) {
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
                                throw JsonReader.malformed("invalid \\u escape: expected 4 hex digits", i);
                            }
                            c = (c << 4) | digit;
                            i++;
                        }
                        chars[n++] = (char) c;
                    }
                    default -> throw JsonReader.malformed("unrecognized escape '\\" + (char) escaped + "'", i - 2);
                }
            } else if (b < 0x80) {
                chars[n++] = (char) b;
                i++;
            } else if ((b & 0xE0) == 0xC0) {
                chars[n++] = (char) (((b & 0x1F) << 6) | continuation(buf, i + 1, to));
                i += 2;
            } else if ((b & 0xF0) == 0xE0) {
                chars[n++] = (char)
                        (((b & 0x0F) << 12) | (continuation(buf, i + 1, to) << 6) | continuation(buf, i + 2, to));
                i += 3;
            } else if ((b & 0xF8) == 0xF0) {
                int c = ((b & 0x07) << 18)
                        | (continuation(buf, i + 1, to) << 12)
                        | (continuation(buf, i + 2, to) << 6)
                        | continuation(buf, i + 3, to);
                chars[n++] = Character.highSurrogate(c);
                chars[n++] = Character.lowSurrogate(c);
                i += 4;
            } else {
                throw JsonReader.malformed(String.format("invalid UTF-8 start byte 0x%02X", b), i);
            }
        }
        return new String(chars, 0, n);
    }

    private static int continuation(byte[] buf, int at, int to) {
        if (at >= to || (buf[at] & 0xC0) != 0x80) {
            throw JsonReader.malformed("invalid UTF-8 middle byte", Math.min(at, to));
        }
        return buf[at] & 0x3F;
    }

    /**
     * Decodes Base64 the way Jackson's default variant does: standard alphabet, padding required, whitespace allowed
     * between groups of four, a group may follow a padded one.
     *
     * @param tokenStart where the string starts in the message, for the error message
     */
    static byte[] base64(String s, int tokenStart) {
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
            int bits = sextet(c, tokenStart);
            if (i >= len) {
                throw base64End(tokenStart);
            }
            bits = (bits << 6) | sextet(s.charAt(i++), tokenStart);
            if (i >= len) {
                throw base64End(tokenStart);
            }
            c = s.charAt(i++);
            if (c == '=') {
                if (i >= len) {
                    throw base64End(tokenStart);
                }
                if (s.charAt(i++) != '=') {
                    throw invalidBase64(tokenStart, "expected padding character '='");
                }
                out[n++] = (byte) (bits >> 4);
                continue;
            }
            bits = (bits << 6) | sextet(c, tokenStart);
            if (i >= len) {
                throw base64End(tokenStart);
            }
            c = s.charAt(i++);
            if (c == '=') {
                out[n++] = (byte) (bits >> 10);
                out[n++] = (byte) (bits >> 2);
                continue;
            }
            bits = (bits << 6) | sextet(c, tokenStart);
            out[n++] = (byte) (bits >> 16);
            out[n++] = (byte) (bits >> 8);
            out[n++] = (byte) bits;
        }
    }

    private static int sextet(char c, int tokenStart) {
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
        throw invalidBase64(tokenStart, "illegal character '" + c + "'");
    }

    private static DataException invalidBase64(int tokenStart, String problem) {
        return new JsonPathException("Invalid Base64 at byte offset " + tokenStart + ": " + problem);
    }

    private static DataException base64End(int tokenStart) {
        return new JsonPathException(
                "Invalid Base64 at byte offset " + tokenStart + ": unexpected end (padding '=' is required)");
    }
}
