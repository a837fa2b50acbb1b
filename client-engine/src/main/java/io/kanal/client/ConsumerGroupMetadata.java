package io.kanal.client.consumer;

import java.util.Optional;

/**
 * The consumer's group membership as the transactional producer needs it to commit offsets in a transaction.
 *
 * @param groupId the group id
 * @param memberEpoch the member epoch (generation), -1 when not a member
 * @param memberId the member id, empty when not a member
 * @param groupInstanceId the static member id, if configured
 */
public record ConsumerGroupMetadata(
        String groupId, int memberEpoch, String memberId, Optional<String> groupInstanceId) {}
