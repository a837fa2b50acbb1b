package io.kanal.client.group;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One protocol this member supports, with the metadata it sends for it in JoinGroup (for protocol type
 * {@code consumer}: an assignor name such as {@code range} and an encoded {@code ConsumerProtocolSubscription}).
 *
 * @param name the protocol name
 * @param metadata the protocol's metadata bytes, from position to limit; not changed afterwards
 */
public record ProtocolMetadata(String name, ByteBuffer metadata) {
    /** Validates the components. */
    public ProtocolMetadata {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metadata, "metadata");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a protocol name must not be empty");
        }
    }
}
