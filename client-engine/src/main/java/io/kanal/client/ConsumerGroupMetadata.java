package io.kanal.client;

import java.util.Objects;
import java.util.Optional;

/**
 * A consumer's group membership as a transactional producer needs it to commit offsets in a transaction
 * ({@code sendOffsetsToTransaction}): the group coordinator refuses the commit if the member is no longer in that
 * generation (KIP-447), so that a zombie cannot commit. A value shared by consumer and producer.
 *
 * @param groupId the group id
 * @param memberEpoch the member epoch (generation), -1 when not a member
 * @param memberId the member id, empty when not a member
 * @param groupInstanceId the static member id, if configured
 */
public record ConsumerGroupMetadata(
        String groupId, int memberEpoch, String memberId, Optional<String> groupInstanceId) {
    /** Validates the components. */
    public ConsumerGroupMetadata {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(memberId, "memberId");
        groupInstanceId = groupInstanceId == null ? Optional.empty() : groupInstanceId;
    }

    /**
     * The metadata of a group that this process is not a member of (offsets committed without fencing by member).
     *
     * @param groupId the group
     * @return the metadata with no member
     */
    public static ConsumerGroupMetadata of(String groupId) {
        return new ConsumerGroupMetadata(groupId, -1, "", Optional.empty());
    }
}
