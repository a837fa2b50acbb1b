package io.kanal.client.admin;

import io.kanal.client.cluster.Node;
import java.util.List;

/**
 * A group as its coordinator describes it.
 *
 * @param groupId the group id
 * @param type CLASSIC (described with DescribeGroups) or CONSUMER (described with ConsumerGroupDescribe)
 * @param state the state ("Stable", "Empty", "PreparingRebalance", "Reconciling", ...)
 * @param protocolType the classic protocol type ("consumer", "connect"); "consumer" for consumer groups
 * @param assignor the classic protocol (assignor) name, or the consumer group's server-side assignor
 * @param members the members
 * @param coordinator the group's coordinator
 * @param groupEpoch the consumer group's epoch, -1 for classic groups
 */
public record GroupDescription(
        String groupId,
        GroupType type,
        String state,
        String protocolType,
        String assignor,
        List<MemberDescription> members,
        Node coordinator,
        int groupEpoch) {
    /** Copies the list. */
    public GroupDescription {
        members = List.copyOf(members);
    }
}
