package io.kanal.client.group;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A group member as the coordinator reports it to the leader in the JoinGroup response: its id, its static instance
 * id if any, and its metadata for the protocol the coordinator chose.
 *
 * @param memberId the member id
 * @param groupInstanceId the member's {@code group.instance.id}, or null for a dynamic member
 * @param metadata the member's metadata for the chosen protocol (a read-only view)
 */
public record MemberMetadata(String memberId, String groupInstanceId, ByteBuffer metadata) {
    /** Validates the components. */
    public MemberMetadata {
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(metadata, "metadata");
    }
}
