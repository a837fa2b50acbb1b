package io.kanal.client.record;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Decodes UTF-8 header keys from any buffer without an intermediate copy when the buffer has an array. */
final class Strings {
    private Strings() {}

    static String utf8(ByteBuffer buffer, int index, int length) {
        if (buffer.hasArray()) {
            return new String(buffer.array(), buffer.arrayOffset() + index, length, StandardCharsets.UTF_8);
        }
        byte[] bytes = new byte[length];
        buffer.get(index, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
