package io.kanal.client.protocol.wire;

import java.nio.ByteBuffer;
import java.util.UUID;

/** Shared immutable default values of generated message fields. */
public final class Defaults {
    /** The all-zero UUID, Kafka's "no topic id". */
    public static final UUID ZERO_UUID = new UUID(0L, 0L);

    /** An empty, read-only byte buffer. */
    public static final ByteBuffer EMPTY_BYTES = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private Defaults() {}
}
