package io.kanal.runtime.convert;

import java.math.BigDecimal;
import java.util.Arrays;

/**
 * A minimal JSON writer into a growable byte array, producing exactly the bytes Jackson's default {@code
 * UTF8JsonGenerator} produces (the generator behind Kafka Connect's {@code JsonConverter}): control characters
 * escaped as {@code \b \t \n \f \r} or upper-case {@code \\u00XX}, surrogates escaped one by one as upper-case
 * {@code \\uXXXX}, every other character raw UTF-8, {@code /} and DEL unescaped; doubles and floats in Java's {@code
 * toString} form with NaN and the infinities as quoted strings; decimals in {@code BigDecimal.toString} form; bytes as
 * padded standard Base64.
 *
 * <p>It writes tokens only: the caller places commas, colons and brackets. One instance serves one conversion; not
 * thread-safe.
 */
final class JsonWriter {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] LONG_MIN =
            Long.toString(Long.MIN_VALUE).getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Per ASCII character: 0 = raw, a letter = the short escape {@code \letter}, -1 = a six-byte escape. */
    private static final int[] ESCAPES = new int[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = -1;
        }
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
    }

    private byte[] buf;
    private int pos;

    JsonWriter(int initialCapacity) {
        buf = new byte[Math.max(64, initialCapacity)];
    }

    /** The bytes written so far, as a new array of exactly that length. */
    byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    private void ensure(int more) {
        if (buf.length - pos < more) {
            long wanted = Math.max((long) buf.length * 2, (long) pos + more);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new OutOfMemoryError("JSON value larger than 2 GiB");
            }
            buf = Arrays.copyOf(buf, (int) wanted);
        }
    }

    void raw(byte b) {
        ensure(1);
        buf[pos++] = b;
    }

    void raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    void writeNull() {
        raw(NULL);
    }

    void writeBoolean(boolean value) {
        raw(value ? TRUE : FALSE);
    }

    void writeInt(int value) {
        writeLong(value);
    }

    void writeLong(long value) {
        if (value == Long.MIN_VALUE) {
            raw(LONG_MIN);
            return;
        }
        ensure(20);
        long v = value;
        if (v < 0) {
            buf[pos++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int end = pos + digits;
        for (int i = end - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        pos = end;
    }

    void writeDouble(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            // Jackson quotes non-numeric numbers by default (JsonWriteFeature.WRITE_NAN_AS_STRINGS).
            writeString(Double.toString(value));
        } else {
            ascii(Double.toString(value));
        }
    }

    void writeFloat(float value) {
        if (Float.isNaN(value) || Float.isInfinite(value)) {
            writeString(Float.toString(value));
        } else {
            ascii(Float.toString(value));
        }
    }

    void writeDecimal(BigDecimal value) {
        ascii(value.toString());
    }

    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
    }

    void writeString(String s) {
        int n = s.length();
        // Room for the common case, one byte per char, plus the quotes. Reserving the worst case (a six-byte \\uXXXX
        // escape per char) up front grew the buffer, a copy, for nearly every string value of a record.
        ensure(n + 2);
        byte[] b = buf;
        int p = pos;
        b[p++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80 && ESCAPES[c] == 0) {
                b[p++] = (byte) c;
                continue;
            }
            if (b.length - p < (n - i) * 6 + 1) {
                // This char may need six bytes, and so may every one after it; then the closing quote.
                pos = p;
                ensure((n - i) * 6 + 1);
                b = buf;
            }
            if (c < 0x80) {
                int esc = ESCAPES[c];
                if (esc > 0) {
                    b[p++] = '\\';
                    b[p++] = (byte) esc;
                } else {
                    p = unicodeEscape(b, p, c);
                }
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                // Jackson 2.18 does not combine surrogate pairs into 4-byte UTF-8 by default: it escapes each half.
                p = unicodeEscape(b, p, c);
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        b[p++] = '"';
        pos = p;
    }

    private static int unicodeEscape(byte[] b, int p, char c) {
        b[p++] = '\\';
        b[p++] = 'u';
        b[p++] = HEX[(c >> 12) & 0xF];
        b[p++] = HEX[(c >> 8) & 0xF];
        b[p++] = HEX[(c >> 4) & 0xF];
        b[p++] = HEX[c & 0xF];
        return p;
    }

    void writeBase64(byte[] data, int off, int len) {
        ensure(((len + 2) / 3) * 4 + 2);
        byte[] b = buf;
        int p = pos;
        b[p++] = '"';
        int end = off + len;
        int i = off;
        for (; i + 2 < end; i += 3) {
            int bits = ((data[i] & 0xFF) << 16) | ((data[i + 1] & 0xFF) << 8) | (data[i + 2] & 0xFF);
            b[p++] = BASE64[bits >>> 18];
            b[p++] = BASE64[(bits >>> 12) & 0x3F];
            b[p++] = BASE64[(bits >>> 6) & 0x3F];
            b[p++] = BASE64[bits & 0x3F];
        }
        int rest = end - i;
        if (rest == 1) {
            int bits = (data[i] & 0xFF) << 16;
            b[p++] = BASE64[bits >>> 18];
            b[p++] = BASE64[(bits >>> 12) & 0x3F];
            b[p++] = '=';
            b[p++] = '=';
        } else if (rest == 2) {
            int bits = ((data[i] & 0xFF) << 16) | ((data[i + 1] & 0xFF) << 8);
            b[p++] = BASE64[bits >>> 18];
            b[p++] = BASE64[(bits >>> 12) & 0x3F];
            b[p++] = BASE64[(bits >>> 6) & 0x3F];
            b[p++] = '=';
        }
        b[p++] = '"';
        pos = p;
    }
}
