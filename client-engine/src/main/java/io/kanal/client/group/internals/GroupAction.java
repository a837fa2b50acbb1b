package io.kanal.client.group.internals;

import io.kanal.client.errors.KafkaException;
import io.kanal.client.group.GroupProtocol;
import io.kanal.client.group.MemberAssignment;
import io.kanal.client.group.MemberMetadata;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link ClassicMembershipStateMachine} asks its driver to do; the machine itself does no I/O and runs no user
 * code. {@link PrepareJoin}, {@link ComputeAssignment}, {@link Assigned} and {@link Lost} are for the
 * {@link GroupProtocol} and go to the user's executor, in order ({@link GroupCallbacks#run} makes the call and
 * returns what to feed back); {@link FindCoordinator}, {@link Failure} and {@link LeaveComplete} are for the driver.
 */
public sealed interface GroupAction {
    /**
     * Look up the group coordinator (FindCoordinator), then call {@link ClassicMembershipStateMachine#onCoordinatorFound}
     * or {@link ClassicMembershipStateMachine#onCoordinatorLookupFailed}.
     */
    record FindCoordinator() implements GroupAction {}

    /**
     * A JoinGroup is next. If {@code revoke}, a rebalance starts and the member first gives up what its protocol says
     * it must give up before rejoining ({@link GroupProtocol#onJoinPrepare}, Kafka's {@code onJoinPrepare}); then, in
     * every case, the user supplies its current protocols and metadata ({@link GroupProtocol#metadata}). Answer with
     * {@link ClassicMembershipStateMachine#onJoinPrepared} or {@link ClassicMembershipStateMachine#onJoinPrepareFailed},
     * passing this object back. Kafka asks for the metadata at every JoinGroup, and so does the machine.
     *
     * @param generationId the generation the member still has, -1 if none
     * @param memberId the member id, empty if none yet
     * @param revoke whether a rebalance starts now and the member holds an assignment from {@code generationId}
     * @param reason why the member (re)joins, also sent to the coordinator (KIP-800)
     */
    record PrepareJoin(int generationId, String memberId, boolean revoke, String reason) implements GroupAction {
        /** Validates the components. */
        public PrepareJoin {
            Objects.requireNonNull(memberId, "memberId");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * This member leads the new generation: compute every member's assignment ({@link GroupProtocol#assign}) and
     * answer with {@link ClassicMembershipStateMachine#onAssignmentComputed} or
     * {@link ClassicMembershipStateMachine#onAssignmentFailed}, passing this object back. The SyncGroup carrying the
     * assignments goes once the answer is in; meanwhile the member heartbeats.
     *
     * @param generationId the new generation
     * @param leaderId this member's id
     * @param protocol the protocol the coordinator chose
     * @param members every member with its metadata for that protocol, this one included
     */
    record ComputeAssignment(int generationId, String leaderId, String protocol, List<MemberMetadata> members)
            implements GroupAction {
        /** Validates the components and copies the list. */
        public ComputeAssignment {
            Objects.requireNonNull(leaderId, "leaderId");
            members = List.copyOf(members);
        }
    }

    /**
     * The rebalance completed: this is the member's assignment ({@link GroupProtocol#onAssignment}). No answer.
     *
     * @param assignment the assignment
     */
    record Assigned(MemberAssignment assignment) implements GroupAction {
        /** Validates the components. */
        public Assigned {
            Objects.requireNonNull(assignment, "assignment");
        }
    }

    /**
     * The membership of a generation is lost (the coordinator no longer knows the member or its generation, the
     * session expired, or the membership failed): whatever the member holds from that generation is no longer its
     * own and must be dropped without the usual hand-over ({@link GroupProtocol#onLost}). No answer. Unless the
     * machine is FATAL, a {@link PrepareJoin} follows.
     *
     * @param generationId the generation of the last assignment received
     * @param memberId the member id in that generation
     * @param cause why
     */
    record Lost(int generationId, String memberId, KafkaException cause) implements GroupAction {}

    /**
     * An error for the user of the membership. A fatal one ends it (the machine is FATAL); a non-fatal one reports a
     * failed attempt (the user's own callback threw) that the machine retries after back-off.
     *
     * @param error the error, with the broker error code where there is one
     * @param fatal whether the machine is now FATAL
     */
    record Failure(KafkaException error, boolean fatal) implements GroupAction {}

    /**
     * The leave asked for by {@link ClassicMembershipStateMachine#leave} is over (LeaveGroup answered or failed, or
     * there was none to send): a waiting close may finish.
     */
    record LeaveComplete() implements GroupAction {}
}
