package io.kanal.client.group.internals;

import io.kanal.client.group.GroupProtocol;
import io.kanal.client.group.ProtocolMetadata;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs the {@link GroupProtocol} method that a {@link GroupAction} calls for, and says what to feed back into the
 * machine. This is the whole hand-off a driver needs for user code:
 *
 * <pre>{@code
 * for (GroupAction action : result.actions()) {
 *     if (GroupCallbacks.isForProtocol(action)) {
 *         userExecutor.execute(() -> {
 *             GroupCallbacks.Feedback feedback = GroupCallbacks.run(action, protocol);
 *             machineThread.execute(() -> { feedback.applyTo(machine, time.monotonicMs()); pollNow(); });
 *         });
 *     } else { ... FindCoordinator, Failure, LeaveComplete ... }
 * }
 * }</pre>
 *
 * <p>{@link #run} runs on the user's executor; the returned {@link Feedback} must be applied on the machine's thread.
 * Stateless and thread-safe.
 */
public final class GroupCallbacks {
    /** What to do on the machine's thread once user code has run. */
    @FunctionalInterface
    public interface Feedback {
        /**
         * Feeds the result into the machine.
         *
         * @param machine the machine that emitted the action
         * @param nowMs monotonic time
         */
        void applyTo(ClassicMembershipStateMachine machine, long nowMs);
    }

    /** Nothing to feed back (the action was a notification). */
    public static final Feedback NONE = (machine, nowMs) -> {};

    private GroupCallbacks() {}

    /**
     * Whether the action is for the {@link GroupProtocol} (then {@link #run} it on the user's executor) rather than for
     * the driver ({@link GroupAction.FindCoordinator}, {@link GroupAction.Failure}, {@link GroupAction.LeaveComplete}).
     *
     * @param action the action
     * @return true for PrepareJoin, ComputeAssignment, Assigned and Lost
     */
    public static boolean isForProtocol(GroupAction action) {
        return action instanceof GroupAction.PrepareJoin
                || action instanceof GroupAction.ComputeAssignment
                || action instanceof GroupAction.Assigned
                || action instanceof GroupAction.Lost;
    }

    /**
     * Calls the user's code for an action. Exceptions (and errors, such as a failed assertion) from
     * {@link GroupProtocol#onJoinPrepare}, {@link GroupProtocol#metadata} and {@link GroupProtocol#assign} become the
     * matching failure feedback, so that the machine never waits for an answer that will not come;
     * exceptions from {@link GroupProtocol#onAssignment} and {@link GroupProtocol#onLost} are thrown to the caller.
     *
     * @param action an action for which {@link #isForProtocol} holds
     * @param protocol the user's protocol
     * @return what to feed back, {@link #NONE} for notifications
     */
    public static Feedback run(GroupAction action, GroupProtocol protocol) {
        Objects.requireNonNull(protocol, "protocol");
        if (action instanceof GroupAction.PrepareJoin prepare) {
            try {
                if (prepare.revoke()) {
                    protocol.onJoinPrepare(prepare.generationId(), prepare.memberId());
                }
                List<ProtocolMetadata> protocols = protocol.metadata();
                return (machine, nowMs) -> machine.onJoinPrepared(prepare, protocols);
            } catch (RuntimeException | Error e) {
                return (machine, nowMs) -> machine.onJoinPrepareFailed(prepare, e, nowMs);
            }
        }
        if (action instanceof GroupAction.ComputeAssignment request) {
            try {
                Map<String, ByteBuffer> assignments = protocol.assign(
                        request.generationId(), request.leaderId(), request.protocol(), request.members());
                return (machine, nowMs) -> machine.onAssignmentComputed(request, assignments);
            } catch (RuntimeException | Error e) {
                return (machine, nowMs) -> machine.onAssignmentFailed(request, e, nowMs);
            }
        }
        if (action instanceof GroupAction.Assigned assigned) {
            protocol.onAssignment(assigned.assignment());
            return NONE;
        }
        if (action instanceof GroupAction.Lost lost) {
            protocol.onLost(lost.generationId(), lost.memberId(), lost.cause());
            return NONE;
        }
        throw new IllegalArgumentException("not an action for the group protocol: " + action);
    }
}
