package io.kanal.client.group;

import io.kanal.client.errors.KafkaException;
import io.kanal.client.group.internals.ClassicMembershipStateMachine;
import io.kanal.client.group.internals.GroupAction;
import io.kanal.client.group.internals.GroupCallbacks;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * What a user of classic group membership (a distributed worker with protocol type {@code connect}, a consumer with
 * {@code consumer}, ...) supplies: its protocol type, its protocols and metadata, the leader's assignment logic, and
 * the reactions to rebalances. This plays the part of the abstract methods of Kafka's {@code AbstractCoordinator}
 * ({@code protocolType}, {@code metadata}, {@code onJoinPrepare}, {@code onLeaderElected}, {@code onJoinComplete}).
 *
 * <p>The {@link ClassicMembershipStateMachine} never calls these methods: it emits {@link GroupAction}s, and the
 * driver runs the matching method through {@link GroupCallbacks#run} on the user's executor, then feeds the result
 * back on the machine's thread.
 *
 * <p>Threading contract: {@link #protocolType()} is called once, when the membership is created, on the creating
 * thread. Every other method is called on the user's executor, one call at a time, in the order the machine emitted
 * the actions, never on a network thread; an implementation therefore needs no locking of its own for state that
 * only these methods touch. A method may take time (revoking may stop tasks), but the coordinator waits for a
 * rejoining member only {@code rebalance.timeout.ms}, and heartbeats continue meanwhile only where the state machine
 * says so. If {@link #metadata}, {@link #onJoinPrepare} or {@link #assign} throws, that attempt fails: the machine
 * reports it as a non-fatal {@link GroupAction.Failure} and retries after back-off. {@link #onAssignment} and
 * {@link #onLost} should not throw: {@link GroupCallbacks#run} lets their exceptions through to the driver.
 */
public interface GroupProtocol {
    /**
     * The class of protocols this member implements, e.g. {@code "connect"} or {@code "consumer"}: every member of a
     * group must use the same one.
     *
     * @return the protocol type, not empty
     */
    String protocolType();

    /**
     * The protocols this member supports, most preferred first, each with its current metadata. Asked before every
     * JoinGroup, so the metadata is fresh (for Connect: the config offset and the assignment held).
     *
     * @return at least one protocol
     */
    List<ProtocolMetadata> metadata();

    /**
     * A rebalance starts while this member holds an assignment of {@code generationId}: give up what the protocol
     * says must be given up before rejoining (an eager protocol: everything; a cooperative one: nothing yet).
     *
     * @param generationId the generation of the assignment held
     * @param memberId this member's id in it
     */
    void onJoinPrepare(int generationId, String memberId);

    /**
     * This member leads the generation: compute every member's assignment.
     *
     * @param generationId the new generation
     * @param leaderId this member's id
     * @param protocol the protocol the coordinator chose, one that every member supports
     * @param members every member, with its metadata for {@code protocol}
     * @return member id → assignment bytes; a member left out gets an empty assignment from the coordinator
     */
    Map<String, ByteBuffer> assign(int generationId, String leaderId, String protocol, List<MemberMetadata> members);

    /**
     * The rebalance completed with this assignment for this member.
     *
     * @param assignment the assignment, its generation, protocol and leader
     */
    void onAssignment(MemberAssignment assignment);

    /**
     * The assignment held from {@code generationId} is no longer this member's: drop it without the hand-over a
     * revocation would do (another member may already own it).
     *
     * @param generationId the generation of the assignment held
     * @param memberId this member's id in it
     * @param cause why the membership was lost
     */
    void onLost(int generationId, String memberId, KafkaException cause);
}
