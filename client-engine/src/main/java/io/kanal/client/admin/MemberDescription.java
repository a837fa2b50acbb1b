package io.kanal.client.admin;

import io.kanal.client.TopicPartition;
import java.util.Optional;
import java.util.Set;

/**
 * A member of a described group.
 *
 * @param memberId the member id
 * @param instanceId the static membership instance id, if any
 * @param clientId the member's client id
 * @param host the member's host
 * @param assignment the partitions assigned to it (for classic groups, decoded when the protocol type is "consumer")
 * @param memberEpoch the member epoch of a consumer-protocol member, -1 for classic members
 */
public record MemberDescription(
        String memberId,
        Optional<String> instanceId,
        String clientId,
        String host,
        Set<TopicPartition> assignment,
        int memberEpoch) {
    /** Copies the assignment. */
    public MemberDescription {
        assignment = Set.copyOf(assignment);
    }
}
