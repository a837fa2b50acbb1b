package io.kanal.client.group.internals;

import io.kanal.client.group.ClassicGroupConfig;
import io.kanal.client.group.Generation;
import io.kanal.client.group.ProtocolMetadata;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.HeartbeatRequest;
import io.kanal.client.protocol.message.JoinGroupRequest;
import io.kanal.client.protocol.message.LeaveGroupRequest;
import io.kanal.client.protocol.message.SyncGroupRequest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the four classic group requests with the generated message builders. A static member needs the versions
 * that carry {@code GroupInstanceId}: JoinGroup v5, SyncGroup v3, Heartbeat v3 (KIP-345). Fields a version lacks and
 * Kafka marks ignorable (the KIP-800 reasons, SyncGroup's protocol type and name of KIP-559) are left out by the
 * codec at older versions.
 *
 * <p>Pure; owned by the machine's thread.
 */
final class GroupRequests {
    /** Kafka truncates join and leave reasons to this many characters. */
    static final int MAX_REASON_LENGTH = 255;

    private final ClassicGroupConfig config;
    private final String protocolType;

    GroupRequests(ClassicGroupConfig config, String protocolType) {
        this.config = config;
        this.protocolType = protocolType;
    }

    GroupRequest joinGroup(long id, String memberId, List<ProtocolMetadata> protocols, String reason) {
        List<JoinGroupRequest.JoinGroupRequestProtocol> list = new ArrayList<>(protocols.size());
        for (ProtocolMetadata p : protocols) {
            list.add(JoinGroupRequest.JoinGroupRequestProtocol.builder()
                    .name(p.name())
                    .metadata(p.metadata().asReadOnlyBuffer())
                    .build());
        }
        JoinGroupRequest body = JoinGroupRequest.builder()
                .groupId(config.groupId())
                .sessionTimeoutMs(config.sessionTimeoutMs())
                .rebalanceTimeoutMs(config.rebalanceTimeoutMs())
                .memberId(memberId)
                .groupInstanceId(config.groupInstanceId())
                .protocolType(protocolType)
                .protocols(list)
                .reason(truncate(reason))
                .build();
        short min = config.isStatic() ? (short) 5 : ApiKey.JOIN_GROUP.lowestVersion();
        return new GroupRequest(id, ApiKey.JOIN_GROUP, min, config.joinGroupTimeoutMs(), v -> body);
    }

    GroupRequest syncGroup(long id, Generation generation, Map<String, ByteBuffer> assignments) {
        List<SyncGroupRequest.SyncGroupRequestAssignment> list = new ArrayList<>(assignments.size());
        for (Map.Entry<String, ByteBuffer> e : new TreeMap<>(assignments).entrySet()) {
            list.add(SyncGroupRequest.SyncGroupRequestAssignment.builder()
                    .memberId(e.getKey())
                    .assignment(e.getValue().asReadOnlyBuffer())
                    .build());
        }
        SyncGroupRequest body = SyncGroupRequest.builder()
                .groupId(config.groupId())
                .generationId(generation.generationId())
                .memberId(generation.memberId())
                .groupInstanceId(config.groupInstanceId())
                .protocolType(protocolType)
                .protocolName(generation.protocolName())
                .assignments(list)
                .build();
        short min = config.isStatic() ? (short) 3 : ApiKey.SYNC_GROUP.lowestVersion();
        return new GroupRequest(id, ApiKey.SYNC_GROUP, min, config.requestTimeoutMs(), v -> body);
    }

    GroupRequest heartbeat(long id, int generationId, String memberId) {
        HeartbeatRequest body = HeartbeatRequest.builder()
                .groupId(config.groupId())
                .generationId(generationId)
                .memberId(memberId)
                .groupInstanceId(config.groupInstanceId())
                .build();
        short min = config.isStatic() ? (short) 3 : ApiKey.HEARTBEAT.lowestVersion();
        return new GroupRequest(id, ApiKey.HEARTBEAT, min, config.requestTimeoutMs(), v -> body);
    }

    /**
     * A LeaveGroup for this member: v3+ carry a one-member list with the reason (v5+, KIP-800); v0-2 the member id
     * alone. Like Kafka's client, the member is named by its member id only, static or not.
     */
    GroupRequest leaveGroup(long id, String memberId, String reason) {
        LeaveGroupRequest byMemberList = LeaveGroupRequest.builder()
                .groupId(config.groupId())
                .members(List.of(LeaveGroupRequest.MemberIdentity.builder()
                        .memberId(memberId)
                        .reason(truncate(reason))
                        .build()))
                .build();
        LeaveGroupRequest byMemberId = LeaveGroupRequest.builder()
                .groupId(config.groupId())
                .memberId(memberId)
                .build();
        return new GroupRequest(
                id,
                ApiKey.LEAVE_GROUP,
                ApiKey.LEAVE_GROUP.lowestVersion(),
                config.requestTimeoutMs(),
                v -> v >= 3 ? byMemberList : byMemberId);
    }

    static String truncate(String reason) {
        return reason == null || reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH);
    }
}
