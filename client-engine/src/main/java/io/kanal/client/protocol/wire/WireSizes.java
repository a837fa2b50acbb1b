package io.kanal.client.protocol.wire;

import java.nio.ByteBuffer;
import java.util.List;

/** Encoded sizes of the protocol's variable-length primitives. Stateless. */
public final class WireSizes {
    private WireSizes() {}

    /**
     * The size of an unsigned varint.
     *
     * @param value the value, read as unsigned
     * @return 1 to 5 bytes
     */
    public static int unsignedVarint(int value) {
        // Each byte carries 7 bits; the leading zeros tell how many bytes the value needs.
        int bits = 32 - Integer.numberOfLeadingZeros(value | 1);
        return (bits + 6) / 7;
    }

    /**
     * The number of bytes of a string in UTF-8, counted without encoding it.
     *
     * @param s the string
     * @return its UTF-8 length
     */
    public static int utf8Length(String s) {
        int length = s.length();
        int bytes = length;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c)
                        && i + 1 < length
                        && Character.isLowSurrogate(s.charAt(i + 1))) {
                    bytes += 2;
                    i++;
                } else {
                    // Three bytes, or an unpaired surrogate that the JDK encodes as '?' (one byte).
                    bytes += Character.isSurrogate(c) ? 0 : 2;
                }
            }
        }
        return bytes;
    }

    /**
     * The size of a string field, length prefix included.
     *
     * @param s the string, or null
     * @param flexible whether the compact encoding is used
     * @return the encoded size
     */
    public static int string(String s, boolean flexible) {
        if (s == null) {
            return flexible ? 1 : 2;
        }
        int n = utf8Length(s);
        return (flexible ? unsignedVarint(n + 1) : 2) + n;
    }

    /**
     * The size of a bytes or records field, length prefix included.
     *
     * @param b the bytes (their remaining part), or null
     * @param flexible whether the compact encoding is used
     * @return the encoded size
     */
    public static int bytes(ByteBuffer b, boolean flexible) {
        if (b == null) {
            return flexible ? 1 : 4;
        }
        int n = b.remaining();
        return (flexible ? unsignedVarint(n + 1) : 4) + n;
    }

    /**
     * The size of an array length prefix.
     *
     * @param count the element count, or -1 for null
     * @param flexible whether the compact encoding is used
     * @return the encoded size
     */
    public static int arrayLength(int count, boolean flexible) {
        return flexible ? unsignedVarint(count + 1) : 4;
    }

    /**
     * The size of unknown tagged fields, tags and sizes included.
     *
     * @param fields the fields
     * @return the encoded size
     */
    public static int rawTaggedFields(List<RawTaggedField> fields) {
        int size = 0;
        for (RawTaggedField f : fields) {
            size += unsignedVarint(f.tag()) + unsignedVarint(f.size()) + f.size();
        }
        return size;
    }
}
