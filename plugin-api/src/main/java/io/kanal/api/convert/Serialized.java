package io.kanal.api.convert;

import io.kanal.api.data.Headers;
import java.util.Objects;

/**
 * What {@link Converter#serialize} produces: the bytes, and the record's headers afterwards (the same headers,
 * unless the converter added some). Immutable; any thread.
 *
 * @param bytes the serialised data, or {@code null} for a null value
 * @param headers the record's headers; never {@code null}
 */
public record Serialized(byte[] bytes, Headers headers) {

    /** Checks that the headers are there. */
    public Serialized {
        Objects.requireNonNull(headers, "headers (Headers.empty() for none)");
    }
}
