package io.kanal.client.protocol.wire;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A tagged field this version of Kanal does not know, kept as raw bytes so that re-encoding a message preserves it.
 *
 * @param tag the field's tag
 * @param data the field's encoded value (a read-only view; never modified)
 */
public record RawTaggedField(int tag, ByteBuffer data) {
    /** Validates the components. */
    public RawTaggedField {
        if (tag < 0) {
            throw new IllegalArgumentException("tag must not be negative: " + tag);
        }
        Objects.requireNonNull(data, "data");
    }

    /**
     * The number of value bytes.
     *
     * @return the size of {@link #data()}
     */
    public int size() {
        return data.remaining();
    }
}
