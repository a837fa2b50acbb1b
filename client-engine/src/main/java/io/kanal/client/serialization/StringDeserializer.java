package io.kanal.client.serialization;

import io.kanal.client.record.Header;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Decodes the bytes as a string, UTF-8 by default; null stays null. Malformed input is replaced, as
 * {@link String#String(byte[], Charset)} does, rather than rejected. Stateless and thread-safe.
 */
public final class StringDeserializer implements Deserializer<String> {
    private final Charset charset;

    /** Creates a UTF-8 deserializer. */
    public StringDeserializer() {
        this(StandardCharsets.UTF_8);
    }

    /**
     * Creates a deserializer for a charset.
     *
     * @param charset the charset of the bytes
     */
    public StringDeserializer(Charset charset) {
        this.charset = Objects.requireNonNull(charset, "charset");
    }

    @Override
    public String deserialize(String topic, List<Header> headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        if (data.hasArray()) {
            return new String(data.array(), data.arrayOffset() + data.position(), data.remaining(), charset);
        }
        byte[] bytes = new byte[data.remaining()];
        data.get(data.position(), bytes);
        return new String(bytes, charset);
    }
}
